"""The files themselves: formula-like text neutralised, numbers and dates kept, both formats
readable back as Excel on a Chinese Windows would read them."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from portal.core.exports import cell_value, neutralise, write_csv, write_xlsx


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_an_apostrophe(first):
    assert neutralise(f"{first}SUM(A1:A9)") == f"'{first}SUM(A1:A9)"


@pytest.mark.parametrize("text", ["苏州", "SUM(A1)", " =1+1", "1-2", "a@b.cn", "'quoted", ""])
def test_other_text_is_left_alone(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("number", [-5, -2.5, Decimal("-1.50"), 0, 42])
def test_numbers_are_not_neutralised(number):
    assert neutralise(number) == number


def test_cell_values_keep_numbers_and_dates_and_name_the_rest():
    aware = timezone.make_aware(datetime(2026, 3, 1, 9, 30))
    with translation.override("en"):
        assert cell_value(True) == "Yes"
        assert cell_value(False) == "No"
    assert cell_value(7) == 7
    assert cell_value(date(2026, 3, 1)) == date(2026, 3, 1)
    assert cell_value(aware) == datetime(2026, 3, 1, 9, 30)  # local time, no zone
    assert cell_value(["C", "I"]) == "C; I"
    assert cell_value(None) is None


ROWS = [
    ['=HYPERLINK("http://evil.example")', -3, date(2026, 12, 4), datetime(2026, 12, 4, 8, 5)],
    ["+86 512 6666 0000", 2.5, None, None],
    ["@SUM(1)", Decimal("10.25"), None, None],
    ["-1+1", 0, None, None],
    ["\tTab", 1, None, None],
    ["\rReturn", 1, None, None],
    ["普通文本\x0b含控制符", 1, None, None],
]
HEADERS = ["名称", "数量", "日期", "时间"]


def test_workbook_has_a_bold_frozen_header_and_typed_cells():
    content = write_xlsx("成员单位", HEADERS, [30, 10, 12, 17], ROWS)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "成员单位"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.auto_filter.ref == "A1:D8"
    texts = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert texts == [
        '\'=HYPERLINK("http://evil.example")',
        "'+86 512 6666 0000",
        "'@SUM(1)",
        "'-1+1",
        "'\tTab",
        "'\nReturn",  # XML reads a carriage return back as a line feed
        "普通文本含控制符",  # a control character XLSX cannot hold is dropped
    ]
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))
    first = sheet[2]
    assert first[1].value == -3 and first[1].data_type == "n"
    assert first[2].value == datetime(2026, 12, 4) and first[2].is_date
    assert first[3].value == datetime(2026, 12, 4, 8, 5) and first[3].number_format == "yyyy-mm-dd hh:mm"
    assert sheet[3][1].value == 2.5


def test_csv_is_utf8_with_a_bom_and_neutralised():
    content = write_csv(HEADERS, ROWS)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert rows[1] == ['\'=HYPERLINK("http://evil.example")', "-3", "2026-12-04", "2026-12-04 08:05"]
    assert [row[0] for row in rows[2:]] == [
        "'+86 512 6666 0000",
        "'@SUM(1)",
        "'-1+1",
        "'\tTab",
        "'\rReturn",
        "普通文本\x0b含控制符",
    ]
    assert rows[2][1:] == ["2.5", "", ""]


def test_long_or_odd_titles_make_a_valid_sheet_name():
    content = write_xlsx("Placements: offers/applications [all] of the group", ["A"], [10], [])
    title = load_workbook(io.BytesIO(content)).active.title
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")
