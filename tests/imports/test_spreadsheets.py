"""Files as people really have them: each quirk read into the same rows."""

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.core.spreadsheets import narrow, parse_date, parse_int, read_sheet
from portal.core.workflow import InvalidInput
from tests.imports.files import csv_file, excel_serial, xlsx_file


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


ROWS = [["代码", "名称", "城市"], ["91320500000000011X", "苏州工业职业技术学院", "苏州市"]]


def read(upload, max_rows=100, max_bytes=1024 * 1024):
    return read_sheet(upload, max_bytes=max_bytes, max_rows=max_rows)


@pytest.mark.parametrize(
    "upload",
    [
        csv_file(ROWS, "utf-8"),
        csv_file(ROWS, "utf-8-sig"),  # Excel's "CSV UTF-8" puts a byte-order mark first
        csv_file(ROWS, "gbk"),  # Excel on a Chinese Windows
        csv_file(ROWS, "gb18030"),
        xlsx_file(ROWS),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "xlsx"],
)
def test_every_encoding_and_format_reads_the_same(upload):
    sheet = read(upload)
    assert sheet.header == ROWS[0]  # no BOM left on the first header
    assert sheet.rows == [(2, ROWS[1])]


def test_gb18030_only_characters_survive():
    rows = [["名称"], ["𠀀记餐饮有限公司"]]  # a character GBK lacks
    assert read(csv_file(rows, "gb18030")).rows == [(2, ["𠀀记餐饮有限公司"])]


def test_semicolon_and_tab_separated_files_are_recognised():
    for separator in (";", "\t"):
        data = separator.join(ROWS[0]) + "\n" + separator.join(ROWS[1]) + "\n"
        assert read(SimpleUploadedFile("a.csv", data.encode())).rows == [(2, ROWS[1])]


def test_blank_rows_are_skipped_but_row_numbers_are_the_files():
    rows = [[], ROWS[0], ["", "", ""], ROWS[1], [None, None], ["9132", "二", "南京市"]]
    sheet = read(xlsx_file(rows))
    assert sheet.header_row == 2
    assert [number for number, _cells in sheet.rows] == [4, 6]


def test_trailing_and_full_width_spaces_are_trimmed():
    rows = [["代码 ", "\u3000名称"], ["  9132 ", "苏州\u3000 "]]
    sheet = read(xlsx_file(rows))
    assert sheet.header == ["代码", "名称"]
    assert sheet.rows == [(2, ["9132", "苏州"])]


def test_xlsx_numbers_and_dates_come_out_as_text():
    rows = [["n", "d", "dt", "f"], [2023001, datetime(2026, 3, 1), datetime(2026, 3, 1, 9, 30), 12.5]]
    ((_, cells),) = read(xlsx_file(rows)).rows
    assert cells == ["2023001", "2026-03-01", "2026-03-01T09:30:00", "12.5"]


def test_empty_files_and_header_only_files_are_refused():
    with pytest.raises(InvalidInput, match="empty"):
        read(csv_file([[], [""]]))
    with pytest.raises(InvalidInput, match="no rows below"):
        read(csv_file([ROWS[0]]))


def test_old_excel_files_and_binary_junk_are_refused_with_the_reason():
    with pytest.raises(InvalidInput, match=r"\.xls"):
        read(SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100))
    with pytest.raises(InvalidInput, match="neither"):
        read(SimpleUploadedFile("a.csv", b"\x00\x01\x02\xff\xfe\x00"))
    with pytest.raises(InvalidInput, match="cannot be read"):
        read(SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not really a zip"))


def test_limits_are_enforced_with_the_limit_in_the_message():
    with pytest.raises(InvalidInput, match="at most 1.0\u00a0KB|at most 1.0 KB"):
        read(csv_file([ROWS[0]] + [ROWS[1]] * 100), max_bytes=1024)
    with pytest.raises(InvalidInput, match="more than 3 rows"):
        read(xlsx_file([ROWS[0]] + [ROWS[1]] * 4), max_rows=3)
    assert len(read(xlsx_file([ROWS[0]] + [ROWS[1]] * 3), max_rows=3).rows) == 3


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01",
        "2026/3/1",
        "2026.3.1",
        "2026年3月1日",
        "20260301",
        "２０２６－０３－０１",  # typed with a Chinese keyboard
        "2026-03-01 00:00:00",
        str(excel_serial(date(2026, 3, 1))),  # a date cell that lost its format in a CSV
    ],
)
def test_dates_as_people_write_them(text):
    assert parse_date(text) == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "next week", "12", "1/3/2026"])
def test_what_is_not_a_date_says_so(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


def test_full_width_digits_and_letters_narrow():
    assert narrow("９１３２０５００ＭＡ１Ｘ") == "91320500MA1X"
    assert parse_int("１,２００") == 1200
    with pytest.raises(ValueError):
        parse_int("twelve")
