import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from members.exports import MEMBER_UNITS
from members.models import MemberUnit, User
from members.validators import uscc_check_digit
from portal.core.roles import Role
from portal.imports import services
from portal.imports.choices import ImportStatus

HEADER = [
    "统一社会信用代码",
    "单位名称",
    "单位类型",
    "省份",
    "城市",
    "联系人",
    "联系电话",
    "邮箱",
    "服务行业",
]


def member_rows(count: int, offset: int, city: str):
    for serial in range(offset, offset + count):
        first17 = f"91440300{serial:08d}0"[:17]
        yield [
            first17 + uscc_check_digit(first17),
            f"基准测试单位{serial}",
            "企业",
            "广东省",
            city,
            "陈经理",
            "13700137000",
            f"bench{serial}@example.cn",
            "C、I",
        ]


def workbook(count: int, city: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in member_rows(count, 900_000, city):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Import a generated XLSX of member units through the whole pipeline (read, check, write with "
        "history), timing each step, then export the register as XLSX and CSV; everything is rolled "
        "back at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument(
            "--update", action="store_true", help="Import the same file twice: the second run updates."
        )

    def handle(self, *args, **options):
        count = options["rows"]
        self.stdout.write(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        with transaction.atomic():
            user = User.objects.create(username="benchmark-import", role=Role.SECRETARIAT, name="benchmark")
            # The second file moves every unit to another city: each row is an update.
            attempts = (
                [("create", "深圳市"), ("update", "广州市")] if options["update"] else [("create", "深圳市")]
            )
            for attempt, city in attempts:
                self._run(attempt, workbook(count, city), user)
            self._export()
            transaction.set_rollback(True)

    def _export(self) -> None:
        """The register as its list page exports it, every unit, in both formats."""
        units = MEMBER_UNITS.prepare(MemberUnit.objects.with_list_related().order_by("name_zh"))
        for fmt in ("xlsx", "csv"):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                content = MEMBER_UNITS.content(units, fmt)
            self.stdout.write(
                f"export {fmt}: {units.count()} units, {len(content) / 1024 / 1024:.1f} MB, "
                f"{time.perf_counter() - started:.2f} s, {len(queries)} queries"
            )

    def _run(self, attempt: str, data: bytes, user) -> None:
        self.stdout.write(f"File: {len(data) / 1024 / 1024:.1f} MB XLSX")
        started = time.perf_counter()
        job = services.upload("member_units", SimpleUploadedFile("bench.xlsx", data), {}, by=user)
        uploaded = time.perf_counter()
        job = services.check(job.pk, job.task_id)
        checked = time.perf_counter()
        job = services.confirm(job, by=user)
        job = services.run(job.pk, job.task_id)
        written = time.perf_counter()
        assert job.status == ImportStatus.DONE, job.error
        self.stdout.write(
            f"{attempt}: upload (read header) {uploaded - started:.2f} s, "
            f"check (preview of {job.rows} rows: {job.new} new, {job.changed} changed) "
            f"{checked - uploaded:.2f} s, confirm + write (check again, write, history) "
            f"{written - checked:.2f} s, total {written - started:.2f} s"
        )
