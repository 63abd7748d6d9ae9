"""Reading spreadsheets as people really keep them.

A file is an XLSX workbook (its first sheet) or a CSV file in UTF-8 with or without a byte-order
mark, or GBK/GB18030 — what Excel on a Chinese Windows writes. Cells come out as trimmed text:
blank rows are dropped (their numbers kept, so a problem names the row the person sees), numbers
that Excel stored as floats lose their ``.0``, and Excel dates become ISO dates. The parsers below
turn that text into values, accepting full-width characters and the usual ways of writing a date.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.core.workflow import InvalidInput


@dataclass
class Sheet:
    """The header row and the non-blank rows below it, each with its row number in the file."""

    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]


# A long number that Excel shortened to scientific notation when it wrote the CSV (2.02301E+11).
EXCEL_SHORTENED = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)
# Excel counts days from 1899-12-30 (its serial 60 is a 29 February 1900 that never was).
EXCEL_EPOCH = date(1899, 12, 30)


def cell_text(value) -> str:
    """A cell as text: trimmed of ordinary, no-break and full-width spaces."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or number typed as a number in a spreadsheet
    return str(value).replace("\u3000", " ").replace("\xa0", " ").strip()


def narrow(text: str) -> str:
    """Full-width letters, digits and punctuation to their ASCII forms (ＡＢ１２ → AB12)."""
    return unicodedata.normalize("NFKC", text or "").strip()


def read_sheet(upload, *, max_bytes: int, max_rows: int) -> Sheet:
    """The rows of an uploaded CSV or XLSX file. Refuses, with the reason, a file over the size
    limit, with more data rows than ``max_rows``, empty, or in a format it cannot read."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise InvalidInput(
            _("The file is %(size)s; an import file may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            "file",
        )
    upload.seek(0)
    data = upload.read()
    if len(data) > max_bytes:
        raise InvalidInput(
            _("The file is %(size)s; an import file may be at most %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes)},
            "file",
        )
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data, max_rows)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(_("This is an old Excel (.xls) file: save it as .xlsx or CSV."), "file")
    else:
        rows = _csv_rows(data)
    numbered = [(number, cells) for number, cells in enumerate(rows, start=1) if any(cells)]
    if not numbered:
        raise InvalidInput(_("The file is empty."), "file")
    (header_row, header), body = numbered[0], numbered[1:]
    if not body:
        raise InvalidInput(_("The file has a header row but no rows below it."), "file")
    if len(body) > max_rows:
        raise InvalidInput(
            _("The file has more than %(limit)s rows; split it into files of at most %(limit)s rows.")
            % {"limit": max_rows},
            "file",
        )
    while header and not header[-1]:
        header = header[:-1]
    return Sheet(header=header, header_row=header_row, rows=body)


def _csv_rows(data: bytes) -> list[list[str]]:
    # GB18030 is a superset of GBK and GB2312: one attempt reads all three.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(
            _("The file is neither an XLSX workbook nor a CSV file in UTF-8 or GBK/GB18030."), "file"
        )
    if "\x00" in text:
        raise InvalidInput(
            _("The file is neither an XLSX workbook nor a CSV file in UTF-8 or GBK/GB18030."), "file"
        )
    dialect = csv.excel
    # A single column, or too little to tell: Excel's comma.
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [[cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(data: bytes, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign zip
        raise InvalidInput(_("The workbook cannot be read; save it again as .xlsx."), "file") from error
    try:
        sheet = workbook.worksheets[0]
        # A sheet that was once formatted far down reports a huge size: trust rows, not dimensions.
        sheet.reset_dimensions()
        rows, filled = [], 0
        for row in sheet.iter_rows(values_only=True):
            cells = [cell_text(cell) for cell in row]
            rows.append(cells)
            filled += any(cells)
            # The header, the limit and one more row tell that the file is too long.
            if filled > max_rows + 1:
                break
        return rows
    finally:
        workbook.close()


# Parsers: each takes a cell's text and returns the value, or raises ValueError with the message
# the person reads.


def parse_date(text: str) -> date:
    """2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301, or an Excel serial number."""
    value = narrow(text)
    if re.fullmatch(r"\d{5}(\.0+)?", value):
        serial = int(float(value))
        if 20000 <= serial <= 80000:  # 1954 to 2119: a date, not a mistyped number
            return EXCEL_EPOCH + timedelta(days=serial)
    match = re.fullmatch(
        r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", value
    )
    if not match and re.fullmatch(r"\d{8}", value):
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    if match:
        with contextlib.suppress(ValueError):
            return date(*(int(part) for part in match.groups()))
    raise ValueError(_("“%(value)s” is not a date; write it as 2026-03-01.") % {"value": text})


def parse_int(text: str) -> int:
    value = narrow(text).replace(",", "")
    if re.fullmatch(r"-?\d+(\.0+)?", value):
        return int(float(value))
    raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})


def choice_lookup(choices, extra: dict | None = None) -> dict[str, str]:
    """A way from what people write to a stored choice: its code, and its label in English and in
    Chinese (the labels are lazy, so both languages are asked), plus ``extra`` names."""
    from django.utils import translation

    lookup = {}
    for value, label in choices:
        lookup[header_key(value)] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup[header_key(str(label))] = value
    for name, value in (extra or {}).items():
        lookup[header_key(name)] = value
    return lookup


def header_key(text: str) -> str:
    """What a header or choice name is compared by: narrow, lower case, single spaces, without
    the marks templates put on required columns."""
    text = narrow(str(text)).replace("_", " ").replace("*", "").rstrip(":：")
    return " ".join(text.split()).lower()
