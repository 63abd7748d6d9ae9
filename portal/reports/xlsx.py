"""The report as an XLSX workbook: a sheet per section, then a sheet for each long list.

Numbers stay numeric cells (percentages and hours with one decimal), headers are bold and frozen
and columns are as wide as their content."""

from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from portal.reports.content import Period, Report, Section, Table


def detail_sheet_names() -> dict[str, str]:
    """The per-school and per-base lists, which run to thousands of rows in a large group: each
    has a sheet of its own whose header row stays in view, and its section sheet points there."""
    return {
        "practice_by_school": pgettext("report sheet", "Practice by school"),
        "skill_masters_by_school": pgettext("report sheet", "Skill masters by school"),
        "bases": pgettext("report sheet", "Training bases"),
    }


HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60


def sheet_names() -> dict[str, str]:
    """The sheet of each section, in the active language."""
    return {
        "overview": pgettext("report sheet", "Overview"),
        "results": pgettext("report sheet", "Results"),
        "contribution": pgettext("report sheet", "Contribution"),
        "suggestions": pgettext("report sheet", "Suggestions"),
        "cases": pgettext("report sheet", "Cases"),
    }


def report_title(report: Report) -> str:
    """The annual report (集团年度报告), the monthly summary, or a report for the dates chosen."""
    period = report.period
    if period == Period.year(period.start.year):
        return _("Annual report of the group")
    if period == Period.month(period.start.year, period.start.month):
        return _("Monthly summary of the group")
    return _("Report of the group")


def _width(value) -> int:
    # A CJK character takes about two columns of a Latin one.
    text = str(value)
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _number_format(value) -> str | None:
    if isinstance(value, float):
        return "0.0"
    if isinstance(value, int) and not isinstance(value, bool):
        return "#,##0"
    return None


class _Sheet:
    def __init__(self, sheet):
        self.sheet = sheet
        self.row = 1
        self.widths: dict[int, int] = {}

    def cell(self, column: int, value, font=None, fill=None):
        cell = self.sheet.cell(row=self.row, column=column, value=value)
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        number_format = _number_format(value)
        if number_format:
            cell.number_format = number_format
        return cell

    def title(self, text: str, subtitle: str):
        self.cell(1, text, TITLE)
        self.row += 1
        self.cell(1, subtitle)
        self.row += 2

    def text(self, text: str, columns: int = 8):
        self.cell(1, text).alignment = WRAP
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=columns)
        # A merged cell does not grow with its text; give it room for its lines.
        lines = sum(1 + _width(line) // 110 for line in text.splitlines() or [""])
        self.sheet.row_dimensions[self.row].height = 15 * lines
        self.row += 2

    def table(self, table: Table, with_title: bool = True) -> int:
        """Writes the table and returns the row of its header."""
        if with_title:
            self.cell(1, table.title, BOLD)
            self.row += 1
        header = self.row
        for column, name in enumerate(table.columns, 1):
            self.cell(column, name, BOLD, HEADER_FILL)
            self.widths[column] = max(self.widths.get(column, 0), _width(name))
        self.row += 1
        for values in table.rows:
            for column, value in enumerate(values, 1):
                cell = self.cell(column, value)
                if column == 1 and isinstance(value, int):
                    # The first column names the row: a year, not a quantity.
                    cell.number_format = "0"
                self.widths[column] = max(self.widths.get(column, 0), _width(value))
            self.row += 1
        if not table.rows:
            self.cell(1, _("None in this period."))
            self.row += 1
        self.row += 1
        return header

    def finish(self):
        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)


def _section_sheet(workbook, name: str, section: Section, subtitle: str, details: dict[str, str]):
    page = _Sheet(workbook.create_sheet(name))
    page.title(section.title, subtitle)
    # The section title and the period stay in view as the tables scroll by.
    page.sheet.freeze_panes = "A3"
    if section.narrative.strip():
        page.text(section.narrative)
    for table in section.tables:
        if table.key in details:
            page.cell(1, table.title, BOLD)
            page.row += 1
            note = ngettext(
                "%(count)d row, on the sheet “%(sheet)s”.",
                "%(count)d rows, on the sheet “%(sheet)s”.",
                len(table.rows),
            ) % {"count": len(table.rows), "sheet": details[table.key]}
            page.cell(1, note)
            page.row += 2
        else:
            page.table(table)
    page.finish()


def _detail_sheet(workbook, name: str, table: Table):
    page = _Sheet(workbook.create_sheet(name))
    page.cell(1, table.title, BOLD)
    page.row += 1
    header = page.table(table, with_title=False)
    page.sheet.freeze_panes = f"A{header + 1}"
    page.finish()


def write_xlsx(report: Report) -> bytes:
    with translation.override(report.language):
        workbook = Workbook()
        workbook.remove(workbook.active)
        workbook.properties.title = f"{report_title(report)} {report.period.label}"
        workbook.properties.creator = str(settings.GROUP_NAME or settings.SITE_NAME)
        subtitle = _("Period: %(period)s. Generated %(when)s.") % {
            "period": report.period.label,
            "when": timezone.localtime(report.generated_at).strftime("%Y-%m-%d %H:%M"),
        }
        names, details = sheet_names(), detail_sheet_names()
        for section in report.sections:
            _section_sheet(workbook, names[section.key], section, subtitle, details)
        for section in report.sections:
            for table in section.tables:
                if table.key in details:
                    _detail_sheet(workbook, details[table.key], table)
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()
