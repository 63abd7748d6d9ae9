"""The report as a PDF (reportlab): a cover with the contents, then each section with its narrative,
tables and charts, in the report's language and with an embedded CJK font so Chinese renders."""

import math
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.tableofcontents import TableOfContents

from portal.reports.content import Chart, Report, Section, Table
from portal.reports.xlsx import report_title

FONT = "PortalCJK"
# Where Debian's fonts-wqy-zenhei puts its font; a deployment may point REPORT_CJK_FONT elsewhere.
DEFAULT_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
# Longer tables are cut in the PDF; the workbook has every row.
MAX_ROWS = 40
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#2f6db5",
        "#e08a2c",
        "#3a9c5b",
        "#c0392b",
        "#8e6bbf",
        "#7f8c8d",
        "#d4a017",
        "#1fa2a8",
        "#b5651d",
        "#e377c2",
    )
]
PAGE_WIDTH = A4[0] - 36 * mm


class FontMissing(RuntimeError):
    pass


def _register_font() -> str:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    candidates = [getattr(settings, "REPORT_CJK_FONT", "")] + list(DEFAULT_FONT_FILES)
    path = next((p for p in candidates if p and Path(p).is_file()), None)
    if path is None:
        raise FontMissing(
            "No CJK font found: install fonts-wqy-zenhei or set REPORT_CJK_FONT to a TrueType file."
        )
    pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
    return FONT


def _styles(chinese: bool) -> dict[str, ParagraphStyle]:
    wrap = "CJK" if chinese else None
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap=wrap, spaceAfter=4)
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "note": ParagraphStyle("note", parent=base, fontSize=8, textColor=colors.grey),
        "h1": ParagraphStyle("h1", parent=base, fontSize=18, leading=24, spaceBefore=6, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4),
        "cover": ParagraphStyle("cover", parent=base, fontSize=26, leading=34, alignment=1, spaceAfter=18),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=13, leading=20, alignment=1),
        "toc": ParagraphStyle("toc", parent=base, fontSize=12, leading=20, leftIndent=10 * mm),
    }


def _text(value) -> str:
    return escape(str(value)).replace("\n", "<br/>")


def _cell(value, style):
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,d}"
    return Paragraph(_text(value), style)


def _widths(columns: list[str], rows: list[list]) -> list[float]:
    """Shares the page width by how long each column's contents run (names and texts take more
    room than numbers), within bounds so that no column is squeezed out."""
    weights = [
        min(max(len(str(value)) for value in [name, *(row[i] for row in rows)]), 40) + 6
        for i, name in enumerate(columns)
    ]
    return [PAGE_WIDTH * weight / sum(weights) for weight in weights]


def _table(table: Table, styles) -> list:
    flowables = [Paragraph(_text(table.title), styles["h2"])]
    if not table.rows:
        return [*flowables, Paragraph(_text(_("None in this period.")), styles["note"])]
    rows = table.rows[:MAX_ROWS]
    data = [[Paragraph(_text(c), styles["cell"]) for c in table.columns]]
    # The first column names the row (a year is a name there, not a quantity to group by thousands).
    data += [
        [Paragraph(_text(row[0]), styles["cell"])] + [_cell(v, styles["cell"]) for v in row[1:]]
        for row in rows
    ]
    pdf_table = PdfTable(data, colWidths=_widths(table.columns, rows), repeatRows=1)
    pdf_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7f3")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa7b4")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    flowables.append(pdf_table)
    if len(table.rows) > MAX_ROWS:
        note = _("The first %(shown)d of %(all)d rows; the workbook lists them all.") % {
            "shown": MAX_ROWS,
            "all": len(table.rows),
        }
        flowables.append(Paragraph(_text(note), styles["note"]))
    return flowables


def _has_data(chart: Chart) -> bool:
    return bool(chart.labels) and any(value for values in chart.series.values() for value in values)


def _legend(pairs: list, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    # One column: the entries stack beside the chart instead of running off the page.
    legend.columnMaximum = max(len(pairs), 1)
    legend.colorNamePairs = pairs
    return legend


def _drawing(chart: Chart, chinese: bool) -> Drawing:
    width, height = PAGE_WIDTH, 190
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, chart.title, fontName=FONT, fontSize=10))
    series = list(chart.series.values())
    if chart.kind == "pie":
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 20, 10, 150, 150
        pie.data = series[0]
        pie.labels = None
        for i in range(len(chart.labels)):
            pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
        drawing.add(pie)
        pairs = [
            (PALETTE[i % len(PALETTE)], f"{label} ({value:,})")
            for i, (label, value) in enumerate(zip(chart.labels, series[0], strict=True))
        ]
        drawing.add(_legend(pairs, 200, 160))
        return drawing
    plot = VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    plot.x, plot.y, plot.width, plot.height = 40, 45, width - 170, height - 75
    plot.data = [tuple(values) for values in series]
    plot.valueAxis.valueMin = 0
    highest = max(max(values) for values in series)
    plot.valueAxis.valueMax = highest * 1.1
    if all(isinstance(value, int) for values in series for value in values):
        # Counts: whole-number steps, about five of them.
        plot.valueAxis.valueStep = max(1, math.ceil(highest / 5))
        plot.valueAxis.valueMax = plot.valueAxis.valueStep * (highest // plot.valueAxis.valueStep + 1)
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.labels.fontSize = 7
    axis = plot.categoryAxis
    # Long names are cut so the axis stays readable; the tables give them in full.
    limit = 8 if chinese else 16
    axis.categoryNames = [
        label if len(label) <= limit else label[: limit - 1] + "…" for label in chart.labels
    ]
    axis.labels.fontName, axis.labels.fontSize = FONT, 6
    axis.labels.angle, axis.labels.boxAnchor = 30, "ne"
    if chart.kind == "bar":
        for i in range(len(series)):
            plot.bars[i].fillColor = PALETTE[i % len(PALETTE)]
    else:
        for i in range(len(series)):
            plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
            plot.lines[i].strokeWidth = 1.5
    drawing.add(plot)
    pairs = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(chart.series)]
    drawing.add(_legend(pairs, plot.x + plot.width + 15, height - 30))
    return drawing


def _section(section: Section, styles, chinese: bool) -> list:
    flowables = [Paragraph(_text(section.title), styles["h1"])]
    for paragraph in section.narrative.split("\n\n"):
        if paragraph.strip():
            flowables.append(Paragraph(_text(paragraph.strip()), styles["body"]))
    for table in section.tables:
        title, *rest = _table(table, styles)
        # A table's title never stands alone at the foot of a page.
        flowables += [KeepTogether([title, rest[0]]), *rest[1:]]
    for chart in section.charts:
        if _has_data(chart):
            flowables += [Spacer(1, 6), _drawing(chart, chinese)]
        else:
            note = _("%(chart)s: no data in this period.") % {"chart": chart.title}
            flowables.append(Paragraph(_text(note), styles["note"]))
    return flowables


class _Document(SimpleDocTemplate):
    def afterFlowable(self, flowable):
        # Each section's heading goes into the contents with its page.
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def write_pdf(report: Report) -> bytes:
    _register_font()
    with translation.override(report.language):
        chinese = report.language.startswith("zh")
        styles = _styles(chinese)
        group = str(settings.GROUP_NAME or settings.SITE_NAME)
        title = report_title(report)
        generated = timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M")
        story = [
            Spacer(1, 60 * mm),
            Paragraph(_text(group), styles["cover_sub"]),
            Spacer(1, 8 * mm),
            Paragraph(_text(title), styles["cover"]),
            Paragraph(_text(_("Period: %(period)s") % {"period": report.period.label}), styles["cover_sub"]),
            Paragraph(_text(_("Generated %(when)s") % {"when": generated}), styles["cover_sub"]),
            Spacer(1, 25 * mm),
            Paragraph(_text(_("Contents")), styles["h2"]),
        ]
        contents = TableOfContents()
        contents.levelStyles = [styles["toc"]]
        story.append(contents)
        for section in report.sections:
            story.append(PageBreak())
            story += _section(section, styles, chinese)

        footer = f"{group} · {title} · {report.period.label}"

        def number_page(canvas, doc):
            canvas.saveState()
            canvas.setFont(FONT, 8)
            canvas.setFillColor(colors.grey)
            canvas.drawString(18 * mm, 10 * mm, footer)
            canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
            canvas.restoreState()

        output = BytesIO()
        document = _Document(
            output,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=f"{title} {report.period.label}",
            author=group,
        )
        # Two passes: the first finds the page of each section for the contents.
        document.multiBuild(story, onLaterPages=number_page)
        return output.getvalue()
