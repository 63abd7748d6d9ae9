"""The import pages from upload to the written register: the preview of every row before anything
is written, column matching remembered, the template in both languages, the limits, all-or-nothing
writes (a failure at row 9,000 of 10,000 leaves the register as it was), and the history."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from members.imports import MemberUnitImporter
from members.models import MemberUnit
from portal.imports.choices import ImportStatus
from portal.imports.models import ColumnMemory, ImportJob
from tests.factories import credit_code, make_unit
from tests.imports.files import MEMBER_HEADER, member_row, xlsx_file

UPLOAD = "/imports/new/member_units/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def secretariat(client, personas):
    client.force_login(personas.secretariat)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Celery runs in-process in the tests: the tasks queued on commit run when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def upload(client, run_tasks, rows, header=MEMBER_HEADER, name="units.xlsx"):
    with run_tasks():
        response = client.post(UPLOAD, {"file": xlsx_file([header, *rows], name)})
    return response, ImportJob.objects.order_by("-pk").first()


def test_upload_preview_confirm_and_find_the_units(secretariat, run_tasks, personas):
    existing = make_unit(credit_code=credit_code(700002), name="导入单位2", city="南京市")
    before = MemberUnit.objects.count()
    response, job = upload(secretariat, run_tasks, [member_row(1), member_row(2)])
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.status, job.rows, job.new, job.changed, job.errors) == (ImportStatus.CHECKED, 2, 1, 1, 0)
    assert MemberUnit.objects.count() == before  # nothing written by the preview

    page = secretariat.get(job.get_absolute_url() + "?status=all").content.decode()
    assert 'data-testid="confirm"' in page
    assert 'data-status="new"' in page and 'data-status="changed"' in page
    assert "<del>南京市</del> → <ins>苏州市</ins>" in page

    with run_tasks():
        response = secretariat.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.confirmed_by == personas.secretariat
    assert job.finished_at and job.duration is not None
    assert MemberUnit.objects.count() == before + 1
    assert MemberUnit.objects.get(credit_code=credit_code(700001)).name_zh == "导入单位1"
    existing.refresh_from_db()
    assert existing.city == "苏州市"

    history = secretariat.get(f"/members/units/{existing.pk}/").content.decode()
    assert f"导入 #{job.pk}（units.xlsx）" in history  # kept in the portal's language

    found = secretariat.get("/members/units/", {"q": "导入单位1"}).content.decode()
    assert "导入单位1" in found


def test_a_file_with_an_error_shows_it_and_cannot_be_confirmed(secretariat, run_tasks):
    bad = member_row(2, province="火星")
    _response, job = upload(secretariat, run_tasks, [member_row(1), bad])
    assert (job.status, job.new, job.errors) == (ImportStatus.CHECKED, 1, 1)
    page = secretariat.get(job.get_absolute_url()).content.decode()
    assert "Unknown province “火星”" in page and 'data-row="3"' in page  # the rows in error first
    assert 'data-testid="confirm"' not in page

    before = MemberUnit.objects.count()
    with run_tasks():
        response = secretariat.post(f"/imports/{job.pk}/confirm/")
    assert response.status_code == 200 and "fix them and upload it again" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and MemberUnit.objects.count() == before


def test_unknown_headers_are_matched_by_hand_and_remembered(secretariat, run_tasks):
    header = ["机构代码", *MEMBER_HEADER[1:]]
    response, job = upload(secretariat, run_tasks, [member_row(1)], header)
    assert job.status == ImportStatus.MAPPING
    assert response.url == f"/imports/{job.pk}/columns/"
    page = secretariat.get(response.url).content.decode()
    assert "unified social credit code" in page  # named as missing

    mapping = {f"column_{i}": key for i, key in enumerate(job.mapping)}
    mapping["column_0"] = "credit_code"
    with run_tasks():
        secretariat.post(response.url, mapping)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.new == 1
    assert ColumnMemory.objects.get(kind="member_units", header="机构代码").column == "credit_code"

    _response, second = upload(secretariat, run_tasks, [member_row(3)], header)
    assert second.status == ImportStatus.CHECKED and second.mapping[0] == "credit_code"


def test_a_field_matched_twice_or_a_required_one_left_out_is_refused(secretariat, run_tasks):
    _response, job = upload(secretariat, run_tasks, [member_row(1)], ["机构代码", *MEMBER_HEADER[1:]])
    twice = {f"column_{i}": key for i, key in enumerate(job.mapping)} | {"column_0": "name_zh"}
    page = secretariat.post(f"/imports/{job.pk}/columns/", twice).content.decode()
    assert "Each field can be matched to one column only." in page
    left_out = {f"column_{i}": key for i, key in enumerate(job.mapping)}
    page = secretariat.post(f"/imports/{job.pk}/columns/", left_out).content.decode()
    assert "Match a column to each required field: unified social credit code." in page


@pytest.mark.parametrize(
    ("language", "kind_label", "sheet"),
    [("zh-hans", "企业", "允许的值"), ("en", "Enterprise", "Allowed values")],
)
def test_the_template_in_either_language_lists_the_allowed_values(secretariat, language, kind_label, sheet):
    response = secretariat.get(f"/imports/templates/{language}/member_units.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3 and sheet in workbook.sheetnames
    header = [cell.value for cell in next(workbook.worksheets[0].iter_rows(max_row=1))]
    assert header[0].endswith(" *")  # the credit code is required
    allowed = [row[1] for row in workbook[sheet].iter_rows(min_row=2, values_only=True)]
    assert kind_label in [row[2] for row in workbook[sheet].iter_rows(min_row=2, values_only=True)]
    assert "enterprise" in allowed and "32" in allowed and "C" in allowed


def test_a_filled_in_template_imports_as_it_is(secretariat, run_tasks):
    template = secretariat.get("/imports/templates/zh-hans/member_units.xlsx").content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    values = {
        "credit_code": credit_code(700001),
        "name_zh": "模板单位",
        "kind": "企业",  # as the drop-downs offer them
        "province": "江苏省",
        "city": "苏州市",
        "contact_name": "张三",
        "contact_phone": "13800138000",
        "contact_email": "a@example.cn",
    }
    assert [cell.value.rstrip(" *") for cell in sheet[1]][:2] == ["统一社会信用代码", "中文名称"]
    sheet.append([values.get(column.key, "") for column in MemberUnitImporter.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with run_tasks():
        secretariat.post(UPLOAD, {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKED, job.mapping
    assert (job.new, job.errors) == (1, 0), list(job.checked_rows.values_list("problems", flat=True))


def test_limits_are_stated_and_enforced(secretariat, run_tasks, settings):
    settings.IMPORT_MAX_ROWS = 3
    page = secretariat.get(UPLOAD).content.decode()
    assert "3 rows" in page
    response, job = upload(secretariat, run_tasks, [member_row(i) for i in range(1, 5)])
    assert response.status_code == 200 and job is None
    assert "more than 3 rows" in response.content.decode()


def test_a_failure_while_writing_row_9000_of_10000_leaves_the_register_unchanged(
    secretariat, run_tasks, monkeypatch
):
    _response, job = upload(secretariat, run_tasks, [member_row(i) for i in range(1, 10001)])
    assert (job.status, job.new, job.errors) == (ImportStatus.CHECKED, 10000, 0)
    units, history = MemberUnit.objects.count(), MemberUnit.history.count()

    original = (
        MemberUnit.objects.bulk_create.__func__
        if hasattr(MemberUnit.objects.bulk_create, "__func__")
        else None
    )
    calls = []

    def failing_bulk_create(self, objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 9:  # the batch holding row 9,000
            raise RuntimeError("disk full")
        return original(self, objs, *args, **kwargs)

    monkeypatch.setattr(type(MemberUnit.objects), "bulk_create", failing_bulk_create)
    with run_tasks():
        secretariat.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "disk full" in job.error
    assert len(calls) == 9
    assert (MemberUnit.objects.count(), MemberUnit.history.count()) == (units, history)


def test_an_error_on_row_9000_of_10000_is_found_before_anything_is_written(secretariat, run_tasks):
    rows = [member_row(i) for i in range(1, 10001)]
    rows[8998] = member_row(8999, code="91320500BADCODE00")  # file row 9,000
    _response, job = upload(secretariat, run_tasks, rows)
    assert (job.new, job.errors) == (9999, 1)
    assert job.checked_rows.get(status="error").row == 9000
    with run_tasks():
        secretariat.post(f"/imports/{job.pk}/confirm/")
    assert not MemberUnit.objects.filter(name_zh__startswith="导入单位").exists()


def test_a_register_changed_since_the_preview_is_not_written(secretariat, run_tasks):
    _response, job = upload(secretariat, run_tasks, [member_row(1), member_row(2)])
    make_unit(credit_code=credit_code(700002))  # row 3 is no longer new
    with run_tasks():
        secretariat.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "changed since the file was checked" in job.error
    assert not MemberUnit.objects.filter(credit_code=credit_code(700001)).exists()
    with run_tasks():
        secretariat.post(f"/imports/{job.pk}/check/")
    job.refresh_from_db()
    assert (job.status, job.new, job.changed) == (ImportStatus.CHECKED, 1, 1)


def test_discarding_keeps_the_record_and_writes_nothing(secretariat, run_tasks):
    _response, job = upload(secretariat, run_tasks, [member_row(1)])
    secretariat.post(f"/imports/{job.pk}/discard/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DISCARDED
    assert secretariat.post(f"/imports/{job.pk}/confirm/").status_code == 200  # refused on the form
    assert not MemberUnit.objects.filter(credit_code=credit_code(700001)).exists()


def test_progress_and_the_original_file(secretariat, run_tasks):
    _response, job = upload(secretariat, run_tasks, [member_row(1)])
    progress = secretariat.get(f"/imports/{job.pk}/progress/").json()
    assert progress == {"status": "checked", "status_label": "Checked", "progress": 100, "finished": True}
    original = secretariat.get(f"/imports/{job.pk}/file/")
    assert b"".join(original.streaming_content).startswith(b"PK")


@pytest.mark.parametrize(("path", "queries"), [("/imports/", 5), ("/imports/{pk}/?status=all", 6)])
def test_pages_run_a_fixed_number_of_queries(secretariat, run_tasks, path, queries):
    counts = []
    for size in (2, 12):
        _response, job = upload(secretariat, run_tasks, [member_row(i) for i in range(size * 10, size * 11)])
        with CaptureQueriesContext(connection) as context:
            assert secretariat.get(path.format(pk=job.pk)).status_code == 200
        counts.append(len(context))
    assert counts == [queries, queries]


def test_a_roster_is_imported_into_the_order_class_chosen_beside_the_file(secretariat, run_tasks, personas):
    from tests.training.people_builders import make_order_class

    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "enrolling", students=1
    )
    student = order_class.students.get()
    page = secretariat.get("/imports/new/roster/").content.decode()
    assert 'name="order_class"' in page
    rows = [["学号", "姓名", "去向"], [student.student_number, "改名", ""], ["2025990001", "新同学", ""]]
    with run_tasks():
        secretariat.post("/imports/new/roster/", {"file": xlsx_file(rows), "order_class": order_class.pk})
    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.new, job.changed) == ("roster", ImportStatus.CHECKED, 1, 1)
    assert str(order_class) in secretariat.get(job.get_absolute_url()).content.decode()
    with run_tasks():
        secretariat.post(f"/imports/{job.pk}/confirm/")
    assert sorted(order_class.students.values_list("name", flat=True)) == ["改名", "新同学"]


def test_a_roster_import_needs_its_order_class(secretariat, run_tasks):
    response = secretariat.post("/imports/new/roster/", {"file": xlsx_file([["学号", "姓名"], ["1", "甲"]])})
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert response.context["form"].errors["order_class"]


def test_agreements_are_imported_with_their_parties(secretariat, run_tasks, personas):
    from cooperation.models import Agreement

    header = ["协议类型", "协议名称", "甲方", "乙方", "开始日期", "结束日期"]
    rows = [
        [
            "校企合作",
            "数控专业校企合作协议",
            personas.school.credit_code,
            personas.enterprise.name_zh,
            "2026/1/1",
            "2028年12月31日",
        ]
    ]
    with run_tasks():
        secretariat.post("/imports/new/agreements/", {"file": xlsx_file([header, *rows])})
    job = ImportJob.objects.get()
    assert (job.status, job.new, job.errors) == (ImportStatus.CHECKED, 1, 0), list(
        job.checked_rows.values_list("problems", flat=True)
    )
    with run_tasks():
        secretariat.post(f"/imports/{job.pk}/confirm/")
    agreement = Agreement.objects.get(title="数控专业校企合作协议")
    assert {p.unit for p in agreement.parties.all()} == {personas.school, personas.enterprise}
