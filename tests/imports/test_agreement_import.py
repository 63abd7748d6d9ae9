"""Agreements from a spreadsheet: parties found by credit code or name, every row checked into
new / changed / unchanged / error, then written whole with numbers and history."""

import io
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cooperation.choices import AgreementKind, AgreementStatus, PartyRole, SignatureMethod
from cooperation.imports import AgreementImporter
from cooperation.models import Agreement, AgreementNumber
from cooperation.services import submit_for_signature
from members.choices import UnitKind, UnitStatus
from portal.core.imports import RowStatus, guess_mapping, records, template_workbook
from portal.core.spreadsheets import read_sheet
from tests.cooperation.builders import make_active_agreement, make_agreement
from tests.factories import make_unit
from tests.imports.files import csv_file, excel_serial, xlsx_file

pytestmark = pytest.mark.django_db

HEADER = [
    "协议编号",
    "协议类型",
    "协议名称",
    "内容摘要",
    "甲方",
    "乙方",
    "丙方",
    "签订日期",
    "开始日期",
    "结束日期",
]
TODAY = timezone.localdate()
LAST_YEAR = TODAY - timedelta(days=365)
NEXT_YEAR = TODAY + timedelta(days=365)
REASON = "Import #7 (agreements.xlsx)"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def row(school, enterprise, **overrides) -> list:
    values = {
        "number": "",
        "kind": "校企合作",
        "title": "数控专业校企合作协议",
        "summary": "共建实训室，互派教师",
        "a": school.credit_code,
        "b": enterprise.name_zh,
        "c": "",
        "signed_on": "",
        "starts_on": LAST_YEAR.isoformat(),
        "ends_on": NEXT_YEAR.isoformat(),
    }
    values.update(overrides)
    return list(values.values())


def check(rows, header=HEADER, upload=xlsx_file, importer=None):
    sheet = read_sheet(upload([header, *rows]), max_bytes=10 * 1024 * 1024, max_rows=20000)
    mapping = guess_mapping(AgreementImporter, sheet.header, {})
    return (importer or AgreementImporter()).check(records(sheet, mapping), lambda done, total: None)


def write(results, user):
    AgreementImporter().write(results, user, REASON, lambda done, total: None)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_template_in_either_language_maps_every_column(language):
    workbook = load_workbook(io.BytesIO(template_workbook(AgreementImporter, language)))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert guess_mapping(AgreementImporter, header, {}) == [
        column.key for column in AgreementImporter.columns
    ]
    with translation.override(language):
        assert header[:3] == [_("number"), _("kind") + " *", _("title") + " *"]
    written = [row[1].value for row in workbook.worksheets[2].iter_rows(min_row=2)]
    assert written == list(AgreementKind.values)


def only(results):
    (result,) = results
    return result


def wide(text: str) -> str:
    """As typed with a Chinese input method in full-width mode."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def test_parties_by_credit_code_and_chinese_name_make_a_new_draft(personas):
    result = only(check([row(personas.school, personas.enterprise)]))
    assert result.status == RowStatus.NEW, result.errors
    agreement, parties = result.payload
    assert parties == [(PartyRole.A, personas.school), (PartyRole.B, personas.enterprise)]
    assert (agreement.kind, agreement.status) == (AgreementKind.SCHOOL_ENTERPRISE, AgreementStatus.DRAFT)
    assert (agreement.starts_on, agreement.ends_on) == (LAST_YEAR, NEXT_YEAR)


def test_parties_by_full_width_code_english_name_and_short_name(personas):
    personas.enterprise.short_name = "精工机械"
    personas.enterprise.save()
    rows = [
        row(personas.school, personas.enterprise, a=wide(personas.school.credit_code.lower())),
        row(
            personas.school,
            personas.enterprise,
            title="另一份",
            a="  suzhou industrial   POLYTECHNIC ",
            b="精工机械",
        ),
    ]
    for result in check(rows):
        assert result.status == RowStatus.NEW, result.errors
        assert result.payload[1] == [(PartyRole.A, personas.school), (PartyRole.B, personas.enterprise)]


def test_english_headers_kind_by_code_letters_and_csv_in_gb18030(personas):
    header = ["Number", "Kind", "Title", "Party A", "Party B", "Starts on", "Ends on"]
    rows = [
        [
            "",
            "DD",
            "订单班培养协议",
            personas.school.name_en,
            personas.enterprise.credit_code,
            "2025-9-1",
            "2028-7-1",
        ]
    ]
    result = only(check(rows, header, upload=lambda r: csv_file(r, "gb18030")))
    assert result.status == RowStatus.NEW, result.errors
    assert result.payload[0].kind == AgreementKind.ORDER_CLASS
    assert result.payload[0].title == "订单班培养协议"


def test_a_modern_apprenticeship_names_the_student(personas):
    header = ["类型", "标题", "学徒姓名", "甲方", "乙方", "开始日期", "结束日期"]
    values = ["现代学徒制", "学徒制培养协议", "张三", personas.school.name_zh, personas.enterprise.name_zh]
    result = only(check([[*values, "2025-09-01", "2028-06-30"]], header))
    assert result.status == RowStatus.NEW, result.errors
    assert (result.payload[0].kind, result.payload[0].apprentice_name) == (
        AgreementKind.APPRENTICESHIP,
        "张三",
    )


@pytest.mark.parametrize(
    "written",
    [
        "2025/3/1",
        "2025年3月1日",
        "2025.3.1",
        "20250301",
        "２０２５－０３－０１",
        str(excel_serial(datetime(2025, 3, 1).date())),
    ],
)
def test_dates_as_people_write_them(personas, written):
    result = only(check([row(personas.school, personas.enterprise, starts_on=written)], upload=csv_file))
    assert result.status == RowStatus.NEW, result.errors
    assert result.payload[0].starts_on.isoformat() == "2025-03-01"


def test_excel_dates_in_a_workbook(personas):
    signed = datetime(2025, 2, 20)
    rows = [row(personas.school, personas.enterprise, signed_on=signed, starts_on=datetime(2025, 3, 1))]
    agreement = only(check(rows)).payload[0]
    assert (agreement.signed_on.isoformat(), agreement.starts_on.isoformat()) == ("2025-02-20", "2025-03-01")


def test_a_signed_agreement_is_entered_as_the_register_holds_one_signed_on_paper(personas):
    school, enterprise = personas.school, personas.enterprise
    rows = [
        row(school, enterprise, title="在执行", signed_on=LAST_YEAR.isoformat()),
        row(
            school,
            enterprise,
            title="未开始",
            signed_on=TODAY.isoformat(),
            starts_on=(TODAY + timedelta(days=10)).isoformat(),
        ),
        row(
            school,
            enterprise,
            title="已到期",
            signed_on=(LAST_YEAR - timedelta(days=400)).isoformat(),
            starts_on=(LAST_YEAR - timedelta(days=400)).isoformat(),
            ends_on=LAST_YEAR.isoformat(),
        ),
    ]
    statuses = [result.payload[0].status for result in check(rows)]
    assert statuses == [AgreementStatus.ACTIVE, AgreementStatus.SIGNED, AgreementStatus.EXPIRED]


def test_every_row_error_is_told_with_its_reason(personas):
    school, enterprise = personas.school, personas.enterprise
    make_unit("苏州同名企业", UnitKind.ENTERPRISE, short_name="同名")
    make_unit("无锡同名企业", UnitKind.ENTERPRISE, short_name="同名")
    suspended = make_unit("暂停单位", UnitKind.ENTERPRISE, name_en="Paused Co.", status=UnitStatus.SUSPENDED)
    draft = make_agreement(personas.secretariat, [school, enterprise])
    expected = {
        2: ({"kind": "框架协议"}, "Unknown kind “框架协议”"),
        3: ({"b": "不存在的公司"}, "Party B: no member unit has the credit code or name “不存在的公司”."),
        4: ({"b": "同名"}, "Party B: “同名” is the name of more than one member unit"),
        5: ({"b": school.name_zh}, "Each member unit can be a party only once."),
        6: (
            {"starts_on": "2026-05-01", "ends_on": "2026-04-30"},
            "ends on: The agreement cannot end before it starts.",
        ),
        7: ({"title": ""}, "“title” is empty; a new agreement needs it."),
        8: ({"b": ""}, "“Party B” is empty; a new agreement needs it."),
        9: ({"ends_on": ""}, "“ends on” is empty; a new agreement needs it."),
        10: ({"number": "2019-HZ-9999"}, "The register has no agreement numbered 2019-HZ-9999"),
        11: ({"number": draft.number}, None),
        12: (
            {"number": draft.number.lower()},
            f"Agreement {draft.number} is already on row 11 of this file.",
        ),
        13: ({"kind": "现代学徒制"}, "apprentice: A modern-apprenticeship agreement names the student."),
        14: (
            {"signed_on": (TODAY + timedelta(days=3)).isoformat()},
            "signed on: The signing date cannot be in the future.",
        ),
        15: ({"b": suspended.credit_code}, "Paused Co. is not an active member and cannot be a party."),
        16: ({"starts_on": "下个月"}, "starts on: “下个月” is not a date"),
        17: (
            {"kind": "现代学徒制", "b": personas.other_school.name_zh},
            "A modern apprenticeship joins a school and an enterprise",
        ),
    }
    results = check([row(school, enterprise, **overrides) for overrides, _message in expected.values()])
    for result in results:
        _overrides, message = expected[result.row]
        if message is None:
            continue
        assert result.status == RowStatus.ERROR, result.row
        assert result.payload is None
        assert any(error.startswith(message) for error in result.errors), (result.row, result.errors)
    assert "苏州同名企业" in results[2].errors[0] and "无锡同名企业" in results[2].errors[0]


def test_a_row_with_several_problems_tells_each_once(personas):
    result = only(check([row(personas.school, personas.enterprise, kind="", title="", b="", ends_on="x")]))
    assert result.errors == [
        "“kind” is empty; a new agreement needs it.",
        "“title” is empty; a new agreement needs it.",
        "ends on: “x” is not a date; write it as 2026-03-01.",
        "“Party B” is empty; a new agreement needs it.",
    ]


def test_an_agreement_already_in_the_register_or_twice_in_the_file_is_not_entered_again(personas):
    school, enterprise = personas.school, personas.enterprise
    kept = make_agreement(
        personas.secretariat,
        [school, enterprise],
        title="已登记的协议",
        starts_on=LAST_YEAR,
        ends_on=NEXT_YEAR,
    )
    results = check(
        [
            row(school, enterprise, title="已登记的协议"),
            row(school, enterprise, title="新协议"),
            row(school, enterprise, title="新协议"),
            row(school, enterprise, title="新协议", b=personas.other_school.name_zh),
        ]
    )
    assert [r.status for r in results] == [RowStatus.ERROR, RowStatus.NEW, RowStatus.ERROR, RowStatus.NEW]
    assert results[0].errors == [
        f"The register already has this agreement as {kept.number} (the same kind, title, start date and "
        "parties); write its number to update it."
    ]
    assert results[2].errors == [
        "Row 3 of this file is the same agreement (the same kind, title, start date and parties)."
    ]


def test_a_draft_is_changed_listing_the_fields_and_an_identical_row_is_unchanged(personas):
    school, enterprise = personas.school, personas.enterprise
    draft = make_agreement(
        personas.secretariat,
        [school, enterprise],
        title="数控专业校企合作协议",
        summary="共建实训室，互派教师",
        starts_on=LAST_YEAR,
        ends_on=NEXT_YEAR,
    )
    same = row(school, enterprise, number=draft.number)
    assert only(check([same])).status == RowStatus.UNCHANGED
    # Blank cells keep what is there, parties included.
    blank = row(
        school,
        enterprise,
        number=draft.number,
        kind="",
        title="",
        summary="",
        a="",
        b="",
        starts_on="",
        ends_on="",
    )
    assert only(check([blank])).status == RowStatus.UNCHANGED
    result = only(
        check(
            [
                row(
                    school,
                    enterprise,
                    number=draft.number,
                    kind="订单班培养",
                    title="修订后的标题",
                    ends_on="2030-06-30",
                )
            ]
        )
    )
    assert result.status == RowStatus.CHANGED, result.errors
    assert result.key == draft.number and result.label == "修订后的标题"
    assert result.changes == [
        ("kind", "School–enterprise cooperation", "Order-class training"),
        ("title", "数控专业校企合作协议", "修订后的标题"),
        ("ends on", NEXT_YEAR.isoformat(), "2030-06-30"),
    ]
    write([result], personas.secretariat)
    draft.refresh_from_db()
    assert (draft.kind, draft.title, draft.ends_on.isoformat()) == (
        "order_class",
        "修订后的标题",
        "2030-06-30",
    )
    latest = draft.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == (
        "~",
        REASON,
        personas.secretariat,
    )


def test_an_agreement_sent_for_signature_is_not_changed_by_an_import(personas):
    school, enterprise = personas.school, personas.enterprise
    sent = make_agreement(
        personas.secretariat,
        [school, enterprise],
        starts_on=LAST_YEAR,
        ends_on=NEXT_YEAR,
        title="数控专业校企合作协议",
        summary="共建实训室，互派教师",
    )
    submit_for_signature(sent, personas.secretariat)
    assert only(check([row(school, enterprise, number=sent.number)])).status == RowStatus.UNCHANGED
    result = only(check([row(school, enterprise, number=sent.number, title="改个标题")]))
    assert result.errors == ["Only a draft can be changed; amend an agreement once it is sent for signature."]


def test_the_parties_and_signing_of_an_agreement_in_the_register_change_only_on_its_page(personas):
    school, enterprise = personas.school, personas.enterprise
    active = make_active_agreement(
        personas, title="数控专业校企合作协议", starts_on=LAST_YEAR, ends_on=NEXT_YEAR
    )
    assert (
        only(check([row(school, enterprise, number=active.number, summary="")])).status == RowStatus.UNCHANGED
    )
    swapped = row(
        school, enterprise, number=active.number, summary="", a=enterprise.name_zh, b=school.name_zh
    )
    assert only(check([swapped])).errors == [
        f"The parties differ from those of agreement {active.number}; the parties of an agreement in the "
        "register change on its page."
    ]
    signed = row(school, enterprise, number=active.number, summary="", signed_on="2020-01-01")
    assert only(check([signed])).errors == [
        f"The signing date differs from that of agreement {active.number}; signing is recorded on the "
        "agreement's page."
    ]


def test_write_numbers_new_agreements_in_their_series_with_parties_and_history(personas):
    school, enterprise, other = personas.school, personas.enterprise, personas.other_school
    earlier = make_agreement(personas.secretariat, [school, enterprise])  # takes the year's HZ 0001
    results = check(
        [
            row(school, enterprise, title="甲", signed_on=LAST_YEAR.isoformat()),
            row(school, enterprise, title="乙", kind="订单班培养"),
            row(school, enterprise, title="丙", c=other.credit_code),
        ]
    )
    assert all(r.status == RowStatus.NEW for r in results), [r.errors for r in results]
    with_before = Agreement.objects.count()
    write(results, personas.secretariat)
    assert Agreement.objects.count() == with_before + 3
    year = TODAY.year
    signed, order, three = (Agreement.objects.get(title=t) for t in ("甲", "乙", "丙"))
    assert earlier.number == f"{year}-HZ-0001"
    assert (signed.number, order.number, three.number) == (
        f"{year}-HZ-0002",
        f"{year}-DD-0001",
        f"{year}-HZ-0003",
    )
    assert AgreementNumber.objects.get(year=year, kind="school_enterprise").last == 3
    assert (signed.status, signed.signed_on, signed.created_by) == (
        AgreementStatus.ACTIVE,
        LAST_YEAR,
        personas.secretariat,
    )
    assert [(p.role, p.unit, p.signature_method, p.signed_by) for p in signed.parties.all()] == [
        ("A", school, SignatureMethod.PAPER, personas.secretariat),
        ("B", enterprise, SignatureMethod.PAPER, personas.secretariat),
    ]
    assert [(p.role, p.unit, p.has_signed) for p in three.parties.all()] == [
        ("A", school, False),
        ("B", enterprise, False),
        ("C", other, False),
    ]
    assert three.status == AgreementStatus.DRAFT
    record = three.history.get()
    assert (record.history_type, record.history_change_reason, record.history_user) == (
        "+",
        REASON,
        personas.secretariat,
    )
    assert record.number == three.number
    party_record = three.parties.get(role="C").history.get()
    assert party_record.history_change_reason == REASON
    # The import tells no one: no notifications for the parties.
    assert not personas.school_admin.notifications.filter(title__contains=signed.number).exists()


def test_a_number_given_by_the_register_is_never_given_again(personas):
    results = check([row(personas.school, personas.enterprise, title="甲")])
    write(results, personas.secretariat)
    later = make_agreement(personas.secretariat, [personas.school, personas.enterprise], title="后来的")
    assert later.number == f"{TODAY.year}-HZ-0002"


@pytest.mark.parametrize("locked", [False, True])
def test_the_check_locks_the_agreements_it_updates_only_when_writing(personas, locked):
    draft = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    importer = AgreementImporter()
    if locked:
        importer.lock()
    with CaptureQueriesContext(connection) as queries:
        result = only(
            check(
                [row(personas.school, personas.enterprise, number=draft.number, title="改")],
                importer=importer,
            )
        )
    assert result.status == RowStatus.CHANGED
    read = next(q["sql"] for q in queries if 'FROM "cooperation_agreement"' in q["sql"])
    # SQLite has no row locks: there the whole database is locked by the writing transaction.
    assert ("FOR UPDATE" in read) == (locked and connection.features.has_select_for_update)


@pytest.mark.parametrize("size", [3, 30])
def test_the_check_runs_a_fixed_number_of_queries(personas, django_assert_num_queries, size):
    school, enterprise = personas.school, personas.enterprise
    drafts = [make_agreement(personas.secretariat, [school, enterprise], title=f"已有{n}") for n in range(3)]
    rows = [
        row(school, enterprise, number=d.number, title=f"改{n}")
        for n, d in enumerate(drafts[: size // 10 + 1])
    ]
    rows += [row(school, enterprise, title=f"新{n}", b=enterprise.name_en) for n in range(size - len(rows))]
    sheet = read_sheet(xlsx_file([HEADER, *rows]), max_bytes=10 * 1024 * 1024, max_rows=20000)
    found = records(sheet, guess_mapping(AgreementImporter, sheet.header, {}))
    with django_assert_num_queries(3):  # member units, agreements by number or title, their parties
        results = AgreementImporter().check(found, lambda done, total: None)
    assert len(results) == size and all(r.status in (RowStatus.NEW, RowStatus.CHANGED) for r in results)
