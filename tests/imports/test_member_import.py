"""Member units from a spreadsheet: every row checked into new / changed / unchanged / error,
then written with a history record naming the import."""

import pytest
from django.utils import translation

from members.choices import CouncilRole, UnitKind
from members.imports import MemberUnitImporter
from members.models import MemberUnit
from portal.core.imports import RowStatus, guess_mapping, records
from portal.core.spreadsheets import read_sheet
from tests.factories import credit_code, make_unit
from tests.imports.files import MEMBER_HEADER, csv_file, member_row, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def check(rows, header=MEMBER_HEADER, upload=xlsx_file):
    sheet = read_sheet(upload([header, *rows]), max_bytes=10 * 1024 * 1024, max_rows=20000)
    mapping = guess_mapping(MemberUnitImporter, sheet.header, {})
    return MemberUnitImporter().check(records(sheet, mapping), lambda done, total: None)


def write(results, user):
    MemberUnitImporter().write(results, user, "Import #1 (units.xlsx)", lambda done, total: None)


def test_chinese_headers_and_values_make_a_new_unit(personas):
    (result,) = check([member_row(1)])
    assert result.status == RowStatus.NEW, result.errors
    write([result], personas.secretariat)
    unit = MemberUnit.objects.get(credit_code=credit_code(700001))
    assert (unit.name_zh, unit.kind, unit.province, unit.city) == (
        "导入单位1",
        UnitKind.ENTERPRISE,
        "32",
        "苏州市",
    )
    assert unit.council_role == CouncilRole.MEMBER and unit.status == "active"
    assert sorted(unit.industries.values_list("code", flat=True)) == ["C", "I"]
    record = unit.history.get()
    assert record.history_change_reason == "Import #1 (units.xlsx)"
    assert record.history_user == personas.secretariat
    assert sorted(i.industry.code for i in record.industries.all()) == ["C", "I"]


def test_english_headers_are_recognised_too():
    header = [
        "Unified social credit code",
        "Name (Chinese)",
        "Name (English)",
        "Kind",
        "Province",
        "City",
        "Contact person",
        "Contact phone",
        "Contact e-mail",
        "Industries served",
    ]
    (result,) = check([member_row(1, kind="Enterprise", province="Jiangsu", industries="C; I")], header)
    assert result.status == RowStatus.NEW, result.errors


def test_a_known_code_is_an_update_listing_the_fields_that_change(personas):
    unit = make_unit(
        credit_code=credit_code(700001),
        name="导入单位1",
        kind=UnitKind.ENTERPRISE,
        city="南京市",
        contact_name="李经理",
        contact_phone="13900139000",
        contact_email="unit1@example.cn",
        industries=("C",),
    )
    (result,) = check([member_row(1)])
    assert result.status == RowStatus.CHANGED
    changed = {field: (old, new) for field, old, new in result.changes}
    assert changed["city"] == ("南京市", "苏州市")
    assert changed["industries served"] == ("C", "C、I")
    assert "name (English)" in changed
    write([result], personas.secretariat)
    unit.refresh_from_db()
    assert unit.city == "苏州市" and set(unit.industries.values_list("code", flat=True)) == {"C", "I"}
    latest = unit.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.history_change_reason == "Import #1 (units.xlsx)"


def test_an_identical_row_is_unchanged_and_blank_optional_cells_keep_what_is_there():
    make_unit(
        credit_code=credit_code(700001),
        name="导入单位1",
        name_en="Imported Unit 1",
        kind=UnitKind.ENTERPRISE,
        city="苏州市",
        contact_name="李经理",
        contact_phone="13900139000",
        contact_email="unit1@example.cn",
        industries=("C", "I"),
        address="工业园区星湖街1号",
    )
    header = [*MEMBER_HEADER, "地址"]
    (result,) = check([member_row(1, name_en="", industries="") + [""]], header)
    assert result.status == RowStatus.UNCHANGED, (result.changes, result.errors)


def test_full_width_codes_phones_and_spaces_are_read_as_people_meant():
    code = credit_code(700001)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)  # typed with a Chinese keyboard
    (result,) = check([member_row(1, code=f" {wide} ", phone="１３９００１３９０００", city="苏州市 ")])
    assert result.status == RowStatus.NEW, result.errors
    unit = result.payload.unit
    assert (unit.credit_code, unit.contact_phone, unit.city) == (code, "13900139000", "苏州市")


def test_gbk_csv_from_excel_on_chinese_windows():
    (result,) = check([member_row(1)], upload=lambda rows: csv_file(rows, "gbk"))
    assert result.status == RowStatus.NEW, result.errors


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "code": credit_code(700001)[:17] + "0"
                if credit_code(700001)[17] != "0"
                else credit_code(700001)[:17] + "1"
            },
            "check digit",
        ),
        ({"code": "91320500ABC"}, "18 characters"),
        ({"code": ""}, "code is missing"),
        ({"province": "火星"}, "Unknown province “火星”"),
        ({"kind": "公司"}, "Unknown kind “公司”"),
        ({"industries": "C、ZZ"}, "Unknown industries: ZZ"),
        ({"email": "not-an-address"}, "contact e-mail"),
        ({"phone": "12345"}, "mobile number"),
        ({"name": ""}, "name (Chinese)"),
    ],
)
def test_each_problem_is_reported_on_its_row(overrides, message):
    results = check([member_row(2), member_row(1, **overrides)])
    assert results[0].status == RowStatus.NEW
    assert results[1].status == RowStatus.ERROR and results[1].row == 3
    assert any(message in error for error in results[1].errors), results[1].errors
    assert len(results[1].errors) == 1, results[1].errors  # said once, not again as "blank"


def test_duplicate_codes_inside_the_file_name_the_first_row():
    results = check([member_row(1), member_row(2), member_row(1, name="重复")])
    assert [r.status for r in results] == [RowStatus.NEW, RowStatus.NEW, RowStatus.ERROR]
    assert f"Credit code {credit_code(700001)} is already on row 2 of this file." in results[2].errors


def test_province_by_name_short_name_english_or_code():
    for written in ("江苏省", "江苏", "Jiangsu", "32", "ＪＩＡＮＧＳＵ"):
        (result,) = check([member_row(1, province=written)])
        assert result.payload.unit.province == "32", written


def test_joined_on_as_an_excel_date_or_text():
    header = [*MEMBER_HEADER, "入会日期"]
    from datetime import datetime

    results = check([member_row(1) + [datetime(2024, 5, 6)], member_row(2) + ["2024年5月6日"]], header)
    assert [str(r.payload.unit.joined_on) for r in results] == ["2024-05-06", "2024-05-06"]


@pytest.mark.parametrize("size", [10, 60])
def test_checking_runs_a_fixed_number_of_queries(size, django_assert_num_queries):
    for serial in range(1, size, 2):  # half the rows update existing units
        make_unit(credit_code=credit_code(700000 + serial))
    sheet = read_sheet(
        xlsx_file([MEMBER_HEADER, *(member_row(s) for s in range(1, size + 1))]),
        max_bytes=10**7,
        max_rows=20000,
    )
    rows = records(sheet, guess_mapping(MemberUnitImporter, sheet.header, {}))
    with django_assert_num_queries(3):  # industries, units by code, their industries
        results = MemberUnitImporter().check(rows, lambda done, total: None)
    assert {r.status for r in results} == {RowStatus.NEW, RowStatus.CHANGED}
