"""The workbook and the PDF written from a report: sheets, frozen headers, numeric cells, pages,
the cover and the embedded CJK font, in both languages."""

import re
import zlib
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from portal.reports import pdf as pdf_module
from portal.reports.content import Chart, Period, Report, Section, Table
from portal.reports.figures import compute
from portal.reports.pdf import MAX_ROWS, write_pdf
from portal.reports.xlsx import write_xlsx
from tests.reports.builders import YEAR, build_group


def hand_made(language="en", rows=3) -> Report:
    """A report with a table of ``rows`` schools, one empty table and charts with and without data."""
    schools = Table(
        "practice_by_school",
        "By school",
        ["School", "Teachers", "Share (%)"],
        [[f"学校{i}", i, 12.5] for i in range(rows)],
    )
    sections = [
        Section(
            "overview",
            "概况 Overview",
            [Table("key_figures", "Key figures", ["Indicator", "Value"], [["Members", 51]]), schools],
            [
                Chart("pie", "Kinds", ["学校", "Enterprise"], {"Units": [27, 13]}),
                Chart("bar", "Empty", ["A", "B"], {"Units": [0, 0]}),
            ],
            "第一段：集团稳步发展。\n\nSecond paragraph.",
        ),
        Section(
            "results",
            "Results",
            [Table("order_classes", "Order classes", ["Cohort", "Students"], [])],
            [Chart("line", "Per month", ["2024-01", "2024-02"], {"A": [1, 3], "B": [2, 0]})],
        ),
        Section("contribution", "Contribution"),
        Section("suggestions", "Suggestions", narrative="建议"),
        Section("cases", "Cases"),
    ]
    return Report(Period.year(2024), sections, datetime(2025, 1, 1, 1, 0, tzinfo=UTC), language)


def pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", data))


def embedded_characters(data: bytes) -> set[str]:
    """The characters the PDF's embedded font subsets map back to, from their ToUnicode maps."""
    characters = set()
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            text = zlib.decompressobj().decompress(stream)
        except zlib.error:
            continue
        if b"begincmap" in text:
            characters |= {chr(int(code, 16)) for code in re.findall(rb"<[0-9A-F]{2}> <([0-9A-F]{4})>", text)}
    return characters


def workbook(data: bytes):
    return load_workbook(BytesIO(data))


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["Overview", "Results", "Contribution", "Suggestions", "Cases", "Practice by school"]),
        ("zh-hans", ["发展概况", "办学成效", "服务贡献", "对策建议", "典型案例", "各校教师实践"]),
    ],
)
def test_the_workbook_has_a_sheet_per_section_in_the_report_language(language, names):
    book = workbook(write_xlsx(hand_made(language)))
    # A sheet per section, then one for the long per-school list.
    assert book.sheetnames == names


def test_the_workbook_keeps_numbers_as_numbers_under_frozen_bold_headers():
    book = workbook(write_xlsx(hand_made(rows=4)))
    overview = book.worksheets[0]
    assert overview["A1"].value == "概况 Overview"
    assert overview["A1"].font.bold
    assert overview.freeze_panes == "A3"
    cells = {cell.value: cell for row in overview.iter_rows() for cell in row if cell.value is not None}
    assert cells["Indicator"].font.bold
    assert cells[51].data_type == "n"
    assert "第一段" in next(value for value in cells if isinstance(value, str) and value.startswith("第一段"))

    # The section points to the sheet that lists the schools under a header that stays in view.
    assert "4 rows, on the sheet “Practice by school”." in cells
    detail = book["Practice by school"]
    assert detail["A1"].value == "By school"
    assert detail.freeze_panes == "A3"
    assert [c.value for c in detail[2]] == ["School", "Teachers", "Share (%)"]
    assert all(c.font.bold for c in detail[2])
    assert [[c.value for c in row] for row in detail.iter_rows(min_row=3)] == [
        [f"学校{i}", i, 12.5] for i in range(4)
    ]
    assert all(row[1].data_type == "n" and row[2].data_type == "n" for row in detail.iter_rows(min_row=3))
    assert detail.column_dimensions["A"].width >= 6


def test_an_empty_table_says_so_in_the_workbook():
    results = workbook(write_xlsx(hand_made())).worksheets[1]
    assert "None in this period." in [c.value for row in results.iter_rows() for c in row]


def test_the_pdf_has_a_cover_and_the_sections_with_the_cjk_font_embedded():
    data = write_pdf(hand_made("zh-hans"))
    assert data.startswith(b"%PDF")
    # The cover, then one page or more per section.
    assert pages(data) >= 6
    assert b"WenQuanYi" in data
    assert b"/FontFile2" in data
    # The narrative's Chinese is drawn with glyphs of the embedded font.
    assert set("第一段集团稳步发展建议") <= embedded_characters(data)


def test_a_long_table_is_cut_in_the_pdf_and_pages_grow_with_it():
    short = write_pdf(hand_made(rows=3))
    long = write_pdf(hand_made(rows=MAX_ROWS * 3))
    assert pages(long) > pages(short)
    assert pages(write_pdf(hand_made(rows=MAX_ROWS * 10))) == pages(long)


def test_the_pdf_asks_for_a_cjk_font_when_none_is_installed(settings, monkeypatch):
    monkeypatch.setattr(pdf_module.pdfmetrics, "getRegisteredFontNames", lambda: [])
    monkeypatch.setattr(pdf_module, "DEFAULT_FONT_FILES", ("/nonexistent.ttc",))
    settings.REPORT_CJK_FONT = ""
    with pytest.raises(pdf_module.FontMissing):
        write_pdf(hand_made())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_computed_report_is_written_in_both_formats(language):
    build_group(2)
    with translation.override(language):
        report = compute(Period.year(YEAR))
    book = workbook(write_xlsx(report))
    assert len(book.sheetnames) == 5 + 3
    sheet = book.worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row]
    # The members at the end of 2024: two per cell of the group, as a number.
    members = values[values.index(report.sections[0].title) :]
    assert 4 in members
    data = write_pdf(report)
    assert data.startswith(b"%PDF") and pages(data) >= 6


@pytest.mark.django_db
def test_an_empty_period_is_written_too():
    with translation.override("en"):
        report = compute(Period(date(2010, 1, 1), date(2010, 1, 31)))
    assert workbook(write_xlsx(report)).sheetnames[0] == "Overview"
    assert write_pdf(report).startswith(b"%PDF")
