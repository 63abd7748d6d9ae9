"""Spreadsheet files as people send them, built in the tests."""

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories import credit_code

MEMBER_HEADER = [
    "统一社会信用代码",
    "单位名称",
    "英文名称",
    "单位类型",
    "省份",
    "城市",
    "联系人",
    "联系电话",
    "邮箱",
    "服务行业",
]


def member_row(serial: int, **overrides) -> list:
    row = {
        "code": credit_code(700000 + serial),
        "name": f"导入单位{serial}",
        "name_en": f"Imported Unit {serial}",
        "kind": "企业",
        "province": "江苏",
        "city": "苏州市",
        "contact": "李经理",
        "phone": "13900139000",
        "email": f"unit{serial}@example.cn",
        "industries": "C、I",
    }
    row.update(overrides)
    return list(row.values())


def xlsx_file(rows: list[list], name: str = "units.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows: list[list], encoding: str = "utf-8", name: str = "units.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days
