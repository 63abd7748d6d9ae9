"""The report's figures against a group whose 2024 is known row by row (tests/reports/builders.py):
each "cell" of the group adds a known amount to every figure, so the report for one cell and for
three must differ by exactly that, in the same number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cooperation.models import Agreement
from members.models import MemberUnit
from members.services import reinstate_unit, suspend_unit
from portal.core.roles import Role
from portal.reports.content import Agreement as AgreementRow
from portal.reports.content import Case, Narrative, Period
from portal.reports.figures import compute
from tests.factories import make_unit, make_user
from tests.reports.builders import YEAR, build_group
from training.models import BaseBooking, PlacementApplication

pytestmark = pytest.mark.django_db


def rows(report, key) -> dict:
    """A table's rows by their first cell."""
    return {row[0]: row[1:] for row in report.table(key).rows}


def english(period, narrative=None, progress=None):
    with translation.override("en"):
        return compute(period, narrative, progress)


@pytest.mark.parametrize("cells", [1, 3])
def test_figures_match_the_group(cells):
    build_group(cells)
    n = cells
    report = english(Period.year(YEAR))

    assert [s.key for s in report.sections] == ["overview", "results", "contribution", "suggestions", "cases"]
    assert rows(report, "key_figures") == {
        "Member units at the end of the period": [2 * n],
        "of which schools": [n],
        "of which enterprises": [n],
        "Majors offered by member schools": [n],
        "Yearly intake of those majors": [0],
    }
    by_kind = rows(report, "units_by_kind")
    assert by_kind["Higher vocational college"] == [n, 0, 0]
    assert by_kind["Enterprise"] == [n, n, n]
    assert by_kind["Research institute"] == [0, 0, 0]
    assert rows(report, "units_by_council_role")["Council unit"] == [n]
    assert rows(report, "units_by_council_role")["Ordinary member"] == [n]
    assert rows(report, "units_by_province") == {"Jiangsu": [n, n, 0], "Zhejiang": [n, 0, n]}
    assert rows(report, "membership_changes") == {"Joined": [n], "Suspended": [0], "Withdrew": [n]}

    agreements = rows(report, "agreements_by_kind")
    assert agreements["School–enterprise cooperation"] == [n, n, 0, n]
    assert agreements["Order-class training"] == [0, 0, n, 0]
    assert rows(report, "agreements_by_status")["Active"] == [n]
    assert rows(report, "agreements_by_status")["Expired"] == [n]

    placements = rows(report, "placements")
    assert placements["Applications made"] == [2 * n]
    assert placements["Applications accepted by enterprises"] == [n]
    assert placements["Placements completed"] == [n]
    assert placements["Teacher-days of practice completed"] == [180 * n]
    assert placements["Active teachers in member schools"] == [2 * n]
    assert placements["Teachers meeting the practice requirement (180 days in five years)"] == [n]
    assert sorted(rows(report, "practice_by_school").values()) == [[2, 1, 50.0, 180]] * n

    assert rows(report, "skill_masters") == {
        "Skill masters teaching in the period": [n],
        "Teaching hours": [40 * n],
        "Schools hosting them": [n],
        "Enterprises sending them": [n],
    }
    order_classes = rows(report, "order_classes")
    assert order_classes[2022] == [n, 5 * n, 5 * n, 3 * n, 60.0]
    assert order_classes["Total"] == [n, 5 * n, 5 * n, 3 * n, 60.0]

    needs = rows(report, "training_needs")
    assert needs["Staff upskilling"] == [n, n, n, 10.0]
    assert needs["Safety training"] == [n, 0, 0, 0.0]
    assert needs["Total"] == [2 * n, n, n, 10.0]

    # 5 people × 8 h in July, and 2 × the 4 h of a booking that falls in 2024.
    assert rows(report, "bookings_by_purpose")["Student practical training"] == [3 * n, 2 * n, 48.0 * n]
    assert sorted(rows(report, "bases").values())[0][1:] == [
        10,
        3,
        2,
        48.0,
        round(100 * 48 / (10 * 8 * 366), 1),
    ]

    coverage = rows(report, "industry_coverage")
    assert coverage["C Manufacturing"] == [n, n, n]
    assert coverage["A Agriculture, forestry, animal husbandry and fishery"] == [0, 0, 0]
    gaps = rows(report, "industries_without_major")
    assert "C Manufacturing" not in gaps
    assert len(gaps) == len(coverage) - 1

    charts = {chart.title: chart for section in report.sections for chart in section.charts}
    signed = charts["Agreements signed per month"]
    assert signed.labels == [f"{YEAR}-{month:02d}" for month in range(1, 13)]
    assert signed.series["Agreements"] == [0, 0, 0, 0, n, 0, 0, 0, 0, 0, 0, 0]
    placements_chart = charts["Placements per month"].series
    assert placements_chart["Applications made"] == [0, 0, n, 0, 0, 0, 0, 0, 0, 0, n, 0]
    assert placements_chart["Placements completed"] == [0, 0, 0, 0, 0, 0, 0, 0, 0, n, 0, 0]
    assert charts["Member units by kind"].series == {"Units": [n, n]}

    assert rows(report, "watch_list") == {
        "Industries no member major serves": [len(gaps)],
        "Open training needs without an answer": [n],
        "Agreements in force ending within 90 days after the period": [0],
        "Teachers not yet meeting the practice requirement": [n],
    }


def test_figures_agree_with_plain_counts_of_the_database():
    """The same numbers counted another way, straight from the tables."""
    build_group(2)
    report = english(Period.year(YEAR))
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    members = MemberUnit.objects.filter(joined_on__lte=end).exclude(left_on__lte=end).count()
    assert rows(report, "key_figures")["Member units at the end of the period"] == [members]
    signed = Agreement.objects.filter(signed_on__range=(start, end)).count()
    assert sum(row[2] for row in report.table("agreements_by_kind").rows) == signed
    completed = PlacementApplication.objects.filter(completed_at__year=YEAR)
    assert rows(report, "placements")["Placements completed"] == [completed.count()]
    assert rows(report, "placements")["Teacher-days of practice completed"] == [
        sum(a.days_completed for a in completed)
    ]
    requests = BaseBooking.objects.filter(created__year=YEAR).count()
    assert rows(report, "bookings_by_purpose")["Total"][0] == requests


def test_the_number_of_queries_does_not_grow_with_the_group():
    counts = []
    for cells in (1, 4):
        build_group(cells)
        with CaptureQueriesContext(connection) as queries:
            english(Period.year(YEAR))
        counts.append(len(queries))
    # One query per table or two (its rows and its total), a few for the charts and the points
    # to watch: the same for one cell of the group as for four.
    assert counts == [31, 31]


def test_an_empty_period_gives_zeros():
    build_group(1)
    report = english(Period.year(2010))
    numbers = {
        (table.key, row[0]): value
        for section in report.sections
        for table in section.tables
        for row in table.rows
        for value in row[1:]
        if isinstance(value, int | float)
    }
    # With no member major then, every industry is a gap; everything else is zero.
    gaps = len(report.table("industry_coverage").rows)
    assert numbers.pop(("watch_list", "Industries no member major serves")) == gaps
    assert numbers and not any(numbers.values()), {key: value for key, value in numbers.items() if value}
    # Schools joined in 2020: none had teachers in 2010 to list, and no member major served then.
    assert report.table("practice_by_school").rows == []
    assert rows(report, "order_classes") == {"Total": [0, 0, 0, 0, 0.0]}


def test_an_empty_database_gives_a_report_too():
    report = english(Period.month(2025, 2))
    assert report.period.label == "2025-02"
    assert rows(report, "key_figures")["Member units at the end of the period"] == [0]
    assert report.table("units_by_province").rows == []


def test_progress_is_reported_stage_by_stage():
    seen = []
    english(Period.year(YEAR), progress=lambda stage, fraction: seen.append((stage, fraction)))
    fractions = [fraction for _, fraction in seen]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0 and fractions[-1] == 1.0
    assert seen[0][0] == "Member units"
    assert len({stage for stage, _ in seen}) == len(seen)


def test_the_narrative_and_the_picked_cases_are_carried():
    cell = build_group(1)[0]
    picked = Agreement.objects.filter(kind="school_enterprise")
    narrative = Narrative(
        overview="集团概况。",
        results="办学成效。",
        contribution="服务贡献。",
        suggestions="对策建议。",
        agreements=[*picked, AgreementRow("X-1", "手写协议", "其他", ["甲", "乙"], None)],
        cases=[Case("典型案例", cell["school"].name, "案例正文")],
    )
    report = english(Period.year(YEAR), narrative)
    assert [s.narrative for s in report.sections[:4]] == [
        "集团概况。",
        "办学成效。",
        "服务贡献。",
        "对策建议。",
    ]
    agreements = report.table("representative_agreements").rows
    number = picked.get().number
    row = next(row for row in agreements if row[0] == number)
    assert row[2] == "School–enterprise cooperation"
    assert row[3] == f"{cell['school'].name_en}, {cell['enterprise'].name_en}"
    assert row[4] == f"{YEAR}-05-10"
    assert agreements[1] == ["X-1", "手写协议", "其他", "甲, 乙", ""]
    assert [row[0] for row in agreements] == [number, "X-1"]
    assert report.table("typical_cases").rows == [["典型案例", cell["school"].name, "案例正文"]]


def test_labels_follow_the_active_language():
    build_group(1)
    with translation.override("zh-hans"):
        report = compute(Period.year(YEAR))
    assert report.language == "zh-hans"
    assert "高等职业院校" in rows(report, "units_by_kind")
    assert "江苏省" in rows(report, "units_by_province")
    assert any(name.startswith("报告测试学校") for name in rows(report, "practice_by_school"))


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period.year(2025), "2025"),
        (Period.month(2024, 2), "2024-02"),
        (Period(date(2025, 1, 1), date(2025, 6, 30)), "2025-01-01 – 2025-06-30"),
    ],
)
def test_period_labels(period, label):
    assert period.label == label


def test_suspensions_are_counted_from_the_units_history():
    """A suspension is a change into "suspended": editing a suspended unit is not another one, a
    second suspension after reinstatement is."""
    secretariat = make_user("report_secretariat", Role.SECRETARIAT)
    unit, other = make_unit(), make_unit()
    suspend_unit(unit, secretariat, "会费未缴")
    unit.refresh_from_db()
    unit.city = "无锡市"
    unit.save()
    reinstate_unit(unit, secretariat, "已缴清")
    suspend_unit(unit, secretariat, "再次暂停")
    suspend_unit(other, secretariat, "会费未缴")
    this_year = Period.year(timezone.localdate().year)
    assert rows(english(this_year), "membership_changes")["Suspended"] == [3]
    assert rows(english(Period.year(YEAR)), "membership_changes")["Suspended"] == [0]
