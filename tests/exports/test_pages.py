"""The exports of the list pages: the page's rows (its filters, scope and order) as XLSX and CSV,
in the page's language or the one asked for; the group's alone; a fixed number of queries."""

import csv
import io
from datetime import date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cooperation.choices import AgreementKind
from members.choices import UnitKind
from members.models import MemberUnit
from tests.cooperation.builders import make_agreement, make_need, make_proposal
from tests.factories import make_unit
from tests.training.builders import at, make_base, make_booking
from tests.training.people_builders import make_order_class
from tests.training.placement_builders import approved, make_offer, make_teacher


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def export(client, name, fmt="xlsx", **params):
    return client.get(reverse(name, kwargs={"fmt": fmt}), params)


# Rows for each list, added the way people make them.


def add_units(personas, n):
    for _ in range(n):
        make_unit(industries=("C", "I"))


def add_agreements(personas, n):
    for _ in range(n):
        make_agreement(personas.secretariat, [personas.school, personas.enterprise, make_unit()])


def add_needs(personas, n):
    for i in range(n):
        need = make_need(personas.enterprise_admin, title=f"培训需求{i}")
        if i % 2:
            make_proposal(need, personas.school_admin)


def add_bases(personas, n):
    for i in range(n):
        make_base(
            personas.enterprise,
            name=f"实训基地{i}",
            co_builders=[personas.school],
            open_to=[personas.school, personas.other_school],
            open_to_all=False,
        )


def add_bookings(personas, n):
    base = make_base(personas.enterprise, capacity=1000)
    for i in range(n):
        make_booking(base, personas.school_admin, at(9, days=i + 1), at(17, days=i + 1), 5)


def add_offers(personas, n):
    for i in range(n):
        make_offer(personas.enterprise_admin, title=f"实践岗位{i}")


def add_applications(personas, n):
    offer = make_offer(personas.enterprise_admin, slots=n)
    for i in range(n):
        teacher = make_teacher(personas.school, f"t{offer.pk}-{i}")
        approved(offer, teacher, personas.school_admin)


def add_classes(personas, n):
    for i in range(n):
        enterprise = make_unit(kind=UnitKind.ENTERPRISE)
        make_order_class(personas.secretariat, enterprise, personas.school, "enrolling", 2, name=f"订单班{i}")


# url name, how rows are added, queries (the count tells whether a worker must write the file)
EXPORTS = [
    # session, user, count, units, their industries
    ("members:unit_export", add_units, 5),
    # session, user, count, agreements with what they amend and renew and who registered them, parties
    ("cooperation:agreement_export", add_agreements, 5),
    # session, user, count, needs with enterprise, industry, agreement, poster and proposal count, categories
    ("cooperation:need_export", add_needs, 5),
    # session, user, count, bases with owner and agreement, major categories, co-builders, units open to
    ("training:base_export", add_bases, 7),
    # session, user, count, bookings with base, its owner, booker and the people who asked and decided
    ("training:booking_export", add_bookings, 4),
    # session, user, count, offers with enterprise, category, poster and slots held
    ("training:offer_export", add_offers, 4),
    # session, user, count, applications with offer, its enterprise, teacher and school
    ("training:application_export", add_applications, 4),
    # session, user, count, classes with enterprise, school, major, its category, agreement and roster counts
    ("training:order_class_export", add_classes, 4),
]
NAMES = [name for name, *_ in EXPORTS]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(("name", "add_rows", "expected"), EXPORTS, ids=NAMES)
def test_export_runs_a_fixed_number_of_queries(client, personas, name, add_rows, expected, fmt):
    client.force_login(personas.secretariat)
    lengths = []
    for rows in (3, 12):
        add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = export(client, name, fmt)
        assert response.status_code == 200
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
        lengths.append(len(read_xlsx(response) if fmt == "xlsx" else read_csv(response)))
    assert lengths[1] - lengths[0] >= 9  # the rows added show up in the file


@pytest.mark.parametrize("name", NAMES)
def test_group_gets_the_file_and_units_do_not(client, personas, name):
    for who, status in [
        ("secretariat", 200),
        ("supervisor", 200),
        ("enterprise_admin", 403),
        ("teacher", 403),
    ]:
        client.force_login(getattr(personas, who))
        assert export(client, name, "csv").status_code == status, who
    client.logout()
    response = export(client, name, "csv")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", NAMES)
def test_other_formats_do_not_exist(client, personas, name):
    client.force_login(personas.secretariat)
    assert export(client, name, "pdf").status_code == 404


def test_file_is_an_attachment_named_by_list_and_day(client, personas):
    client.force_login(personas.secretariat)
    today = timezone.localdate().isoformat()
    xlsx = export(client, "members:unit_export", "xlsx")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx["Content-Disposition"] == f'attachment; filename="member-units-{today}.xlsx"'
    csv_file = export(client, "training:order_class_export", "csv")
    assert csv_file["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_file["Content-Disposition"] == f'attachment; filename="order-classes-{today}.csv"'


def test_export_keeps_the_lists_filters(client, personas):
    make_unit("杭州数控装备股份有限公司", UnitKind.ENTERPRISE)
    client.force_login(personas.secretariat)
    rows = read_csv(export(client, "members:unit_export", "csv", kind="enterprise", lang="en"))
    names = sorted(row[1] for row in rows[1:])
    assert names == ["杭州数控装备股份有限公司", "苏州精工机械有限公司"]
    assert {row[4] for row in rows[1:]} == {"Enterprise"}
    searched = read_csv(export(client, "members:unit_export", "csv", q="无锡"))
    assert [row[1] for row in searched[1:]] == ["无锡职业技术学院"]


def test_invalid_filters_export_nothing_as_the_page_shows_nothing(client, personas):
    client.force_login(personas.secretariat)
    rows = read_csv(export(client, "members:unit_export", "csv", kind="no-such-kind"))
    assert len(rows) == 1  # the header


def test_export_keeps_the_lists_order(client, personas):
    client.force_login(personas.secretariat)
    default = [row[1] for row in read_csv(export(client, "members:unit_export", "csv"))[1:]]
    reverse_order = [
        row[1] for row in read_csv(export(client, "members:unit_export", "csv", sort="-name_zh"))[1:]
    ]
    assert default == sorted(default) and len(default) == 3
    assert reverse_order == default[::-1]


def test_agreement_filters_by_kind(client, personas):
    make_agreement(
        personas.secretariat,
        [personas.school, personas.enterprise],
        title="订单班协议",
        kind=AgreementKind.ORDER_CLASS,
    )
    make_agreement(personas.secretariat, [personas.school, personas.enterprise], title="校企合作框架协议")
    client.force_login(personas.supervisor)
    rows = read_xlsx(export(client, "cooperation:agreement_export", "xlsx", kind="order_class", lang="en"))
    assert len(rows) == 2
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert values["Title"] == "订单班协议"
    assert values["Kind"] == "Order-class training"
    assert (
        values["Parties"] == "Party A: Suzhou Industrial Polytechnic; Party B: Suzhou Precision Machinery Co."
    )
    assert isinstance(values["Starts on"], datetime)  # a date cell, read back by openpyxl as a datetime
    assert values["Status"] == "Draft"


def test_headers_choices_and_names_in_the_language_asked_for(client, personas):
    client.force_login(personas.secretariat)
    english = read_xlsx(export(client, "members:unit_export", "xlsx", lang="en", q="苏州工业"))
    chinese = read_xlsx(export(client, "members:unit_export", "xlsx", lang="zh-hans", q="苏州工业"))
    assert english[0][:3] == ["Unified social credit code", "Name (Chinese)", "Name (English)"]
    assert chinese[0][:3] == ["统一社会信用代码", "中文名称", "英文名称"]
    kind = english[0].index("Kind")
    assert english[1][kind] == "Higher vocational college"
    assert chinese[1][kind] != "Higher vocational college" and chinese[1][kind]
    assert english[1][english[0].index("Leading school")] == "No"
    assert chinese[1][chinese[0].index("牵头院校")] == "否"
    # A related unit by its name in that language.
    make_base(personas.enterprise)
    en_bases = read_xlsx(export(client, "training:base_export", "xlsx", lang="en"))
    zh_bases = read_xlsx(export(client, "training:base_export", "xlsx", lang="zh-hans"))
    assert en_bases[1][en_bases[0].index("Owner unit")] == "Suzhou Precision Machinery Co."
    assert zh_bases[1][1] == "苏州精工机械有限公司"


def test_language_defaults_to_the_pages(client, personas):
    client.force_login(personas.secretariat)
    assert read_csv(export(client, "members:unit_export", "csv"))[0][0] == "统一社会信用代码"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert read_csv(export(client, "members:unit_export", "csv"))[0][0] == "Unified social credit code"
    assert (
        read_csv(export(client, "members:unit_export", "csv", lang="xx"))[0][0]
        == "Unified social credit code"
    )


def test_formula_like_text_comes_out_neutralised(client, personas):
    MemberUnit.objects.filter(pk=personas.school.pk).update(
        contact_name='=HYPERLINK("http://evil.example","点击")', address="@SUM(1+1)*cmd"
    )
    client.force_login(personas.secretariat)
    rows = read_xlsx(export(client, "members:unit_export", "xlsx", lang="en", q="苏州工业"))
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["Contact person"] == '\'=HYPERLINK("http://evil.example","点击")'
    assert values["Address"] == "'@SUM(1+1)*cmd"
    assert values["Date joined"] == datetime.combine(personas.school.joined_on, datetime.min.time())
    csv_rows = read_csv(export(client, "members:unit_export", "csv", lang="en", q="苏州工业"))
    values = dict(zip(csv_rows[0], csv_rows[1], strict=True))
    assert values["Contact person"].startswith("'=")
    assert values["Address"].startswith("'@")
    assert values["Industries served"] == "C"
    assert values["Date joined"] == personas.school.joined_on.isoformat()


def test_numbers_stay_numbers(client, personas):
    make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling", 3)
    client.force_login(personas.secretariat)
    rows = read_xlsx(export(client, "training:order_class_export", "xlsx", lang="en"))
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["Cohort year"] == 2025
    assert values["Planned size"] == 30
    assert values["Enrolled"] == 3
    assert values["Sponsor-hire rate (%)"] is None  # no graduates yet


def test_need_export_is_the_needs_the_group_sees(client, personas):
    make_need(personas.enterprise_admin, title="安全生产培训")
    client.force_login(personas.secretariat)
    rows = read_csv(export(client, "cooperation:need_export", "csv", lang="en"))
    assert [row[0] for row in rows[1:]] == ["安全生产培训"]
    assert rows[1][rows[0].index("Enterprise")] == "Suzhou Precision Machinery Co."
    assert rows[1][rows[0].index("Proposals")] == "0"


def test_bookings_times_are_local_dates_and_times(client, personas):
    base = make_base(personas.enterprise, capacity=30)
    make_booking(base, personas.school_admin, at(9), at(17, minute=30), 10)
    client.force_login(personas.secretariat)
    rows = read_xlsx(export(client, "training:booking_export", "xlsx", lang="en"))
    values = dict(zip(rows[0], rows[1], strict=True))
    day = timezone.localdate() + timezone.timedelta(days=3)
    assert values["From"] == datetime.combine(day, datetime.min.time()).replace(hour=9)
    assert values["To"] == datetime.combine(day, datetime.min.time()).replace(hour=17, minute=30)
    assert values["Owner"] == "Suzhou Precision Machinery Co."
    assert values["Headcount"] == 10


# The menu on the list pages

LISTS = [
    ("members:unit_list", "members:unit_export"),
    ("cooperation:agreement_list", "cooperation:agreement_export"),
    ("cooperation:need_list", "cooperation:need_export"),
    ("training:base_list", "training:base_export"),
    ("training:booking_list", "training:booking_export"),
    ("training:offer_list", "training:offer_export"),
    ("training:application_list", "training:application_export"),
    ("training:order_class_list", "training:order_class_export"),
]


@pytest.mark.parametrize(("list_name", "export_name"), LISTS)
def test_list_offers_its_export_to_the_group_only(client, personas, list_name, export_name):
    client.force_login(personas.supervisor)
    response = client.get(reverse(list_name))
    assert b'data-testid="export-menu"' in response.content
    urls = [link["url"] for language in response.context["export_menu"] for link in language["links"]]
    assert len(urls) == 4  # both formats in both languages
    assert urls[0].startswith(reverse(export_name, kwargs={"fmt": "xlsx"}))
    client.force_login(personas.school_admin)
    response = client.get(reverse(list_name))
    assert response.status_code == 200
    assert b'data-testid="export-menu"' not in response.content


def test_menu_links_keep_the_filters_but_not_the_page(client, personas):
    client.force_login(personas.secretariat)
    response = client.get(
        reverse("members:unit_list"), {"kind": "enterprise", "sort": "-name_zh", "page": "2"}
    )
    menu = response.context["export_menu"]
    assert [language["code"] for language in menu] == ["zh-hans", "en"]  # the page's language first
    url = menu[1]["links"][1]["url"]
    assert url.startswith("/members/units/export/csv/?")
    assert "kind=enterprise" in url and "sort=-name_zh" in url and "lang=en" in url and "page=" not in url
    assert b"Excel" in response.content


def test_unanswered_needs_export_the_same_needs(client, personas):
    client.force_login(personas.secretariat)
    response = client.get(reverse("cooperation:need_unanswered"))
    url = response.context["export_menu"][0]["links"][1]["url"]  # CSV in the page's language
    assert "unanswered=true" in url
    make_need(personas.enterprise_admin, title="无人响应的需求")
    from cooperation.models import TrainingNeed

    TrainingNeed.objects.update(created=timezone.now() - timezone.timedelta(days=15))
    make_need(personas.enterprise_admin, title="新发布的需求")
    rows = read_csv(client.get(url))
    assert [row[0] for row in rows[1:]] == ["无人响应的需求"]


def test_date_of_a_need_posted_is_a_date(client, personas):
    make_need(personas.enterprise_admin)
    client.force_login(personas.secretariat)
    rows = read_csv(export(client, "cooperation:need_export", "csv", lang="en"))
    assert date.fromisoformat(rows[1][rows[0].index("Posted on")]) == timezone.localdate()
