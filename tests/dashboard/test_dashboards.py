"""Each role lands on its own dashboard after logging in, with figures the database counts: the
group's figures and chain map for the secretariat and the supervisor, a unit's own figures and
what waits for its people, a teacher's applications and practice days. Nobody sees another
unit's figures there."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cooperation import services as cooperation_services
from cooperation.choices import AgreementStatus
from members.choices import UnitKind
from members.models import Industry, MajorCategory
from portal.dashboard import queries
from tests.browser.steps import PASSWORD
from tests.cooperation.builders import make_active_agreement, make_agreement, make_need, make_proposal
from tests.factories import make_major, make_unit
from tests.training.builders import at, make_base, make_booking
from tests.training.people_builders import make_order_class
from tests.training.placement_builders import (
    accepted,
    apply,
    approved,
    make_offer,
    make_past_placement,
    make_running_offer,
    make_teacher,
)
from training.choices import StudentOutcome
from training.models import OrderClassStudent


@pytest.fixture(autouse=True)
def _english():
    # The figures carry translated labels; the assertions name them in English.
    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    # The pages answer in the person's language: English here.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def today():
    return timezone.localdate()


def set_outcomes(order_class, *outcomes):
    students = list(order_class.students.order_by("pk"))
    for student, outcome in zip(students, outcomes, strict=False):
        OrderClassStudent.objects.filter(pk=student.pk).update(outcome=outcome)


@pytest.mark.parametrize(
    ("role", "template"),
    [
        ("secretariat", "dashboard/group.html"),
        ("supervisor", "dashboard/group.html"),
        ("school_admin", "dashboard/unit.html"),
        ("school_staff", "dashboard/unit.html"),
        ("enterprise_admin", "dashboard/unit.html"),
        ("enterprise_staff", "dashboard/unit.html"),
        ("teacher", "dashboard/teacher.html"),
    ],
)
def test_logging_in_lands_on_the_roles_dashboard(client, personas, role, template):
    user = getattr(personas, role)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:landing")
    assert template in [t.name for t in response.templates]


def test_a_visitor_is_sent_to_log_in_and_the_home_page_leads_people_to_their_dashboard(client, personas):
    response = client.get(reverse("core:landing"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("members:apply") in home and f'href="{reverse("core:landing")}"' not in home
    client.force_login(personas.teacher)
    assert f'href="{reverse("core:landing")}"' in client.get(reverse("core:home")).content.decode()


def test_group_figures_count_what_the_secretariat_follows(personas):
    soon = make_active_agreement(
        personas, starts_on=today() - timedelta(days=300), ends_on=today() + timedelta(days=30)
    )
    make_active_agreement(
        personas, starts_on=today() - timedelta(days=10), ends_on=today() + timedelta(days=200)
    )
    make_agreement(personas.secretariat, [personas.school, personas.enterprise])  # a draft is not in force
    lonely = make_need(personas.enterprise_admin, title="无人响应的需求")
    make_proposal(make_need(personas.enterprise_admin, title="已有方案的需求"), personas.school_admin)
    running = make_running_offer(personas.enterprise_admin, started_days_ago=2)
    accepted(running, personas.teacher, personas.school_admin, personas.enterprise_admin)
    apply(make_offer(personas.enterprise_admin, title="另一个岗位"), make_teacher(personas.school, "pat"))
    classes = make_order_class(personas.school_admin, personas.enterprise, personas.school, "graduated", 4)
    hired, graduated, left = StudentOutcome.HIRED_BY_SPONSOR, StudentOutcome.GRADUATED, StudentOutcome.LEFT
    set_outcomes(classes, hired, hired, graduated, left)

    figures = queries.group_figures()

    assert figures["units"] == 3
    assert dict(figures["units_by_kind"]) == {"Higher vocational college": 2, "Enterprise": 1}
    assert figures["agreements"] == {"in_force": 2, "expiring": 1, "awaiting": 0}
    assert [a.pk for a in figures["expiring"]] == [soon.pk]
    assert figures["needs"]["open"] == 2
    assert (figures["unanswered_count"], figures["unanswered"]) == (1, [lonely])
    assert figures["placements"]["under_way"] == 1
    assert figures["placements"]["pending"] == 1
    assert figures["class_count"] == 1 and dict(figures["classes"])["Graduated"] == 1
    outcomes = figures["outcomes"]
    assert (outcomes["graduates"], outcomes["hired_by_sponsor"], outcomes["sponsor_hire_rate"]) == (3, 2, 67)
    trends = dict(figures["trends"])
    assert trends["Agreements signed"][-1] == 2
    assert trends["Training needs posted"][-1] == 2
    assert len(figures["months"]) == 12 and figures["months"][-1] == today().replace(day=1)


def test_bookings_are_counted_in_the_month_they_start(personas):
    base = make_base(personas.enterprise, capacity=30)
    booking = make_booking(base, personas.school_admin, at(9), at(17), 10)
    from training.services.bookings import confirm_booking

    confirm_booking(booking, personas.enterprise_admin)
    make_booking(base, personas.school_admin, at(9, days=4), at(17, days=4), 5)
    day = booking.starts_at.date()
    figures = queries.group_figures(today=day)
    in_month = at(9, days=4).month == day.month
    assert figures["bookings"] == {"confirmed": 1, "requested": 1 if in_month else 0, "people": 10}
    next_month = (day.replace(day=1) + timedelta(days=40)).replace(day=1)
    assert queries.group_figures(today=next_month)["bookings"]["confirmed"] == 0


def test_an_empty_group_gives_zeros(db):
    figures = queries.group_figures()
    assert figures["units"] == 0
    assert figures["agreements"] == {"in_force": 0, "expiring": 0, "awaiting": 0}
    assert figures["outcomes"]["sponsor_hire_rate"] is None
    chain = queries.chain_map()
    assert (
        len(chain.rows) == Industry.objects.count()
        and chain.column_totals == [0] * MajorCategory.objects.count()
    )
    assert chain.gaps == MajorCategory.industries.through.objects.count()


def _cell(chain, industry_code, category_code):
    for industry, cells, _total in chain.rows:
        if industry.code == industry_code:
            return next(cell for cell in cells if cell.category.code == category_code)
    raise AssertionError(industry_code)


def test_chain_map_connects_industries_and_major_categories(personas):
    """The enterprise serves manufacturing (C); the school offers 46 (equipment manufacturing,
    which serves C) and 53 (finance, which does not)."""
    make_major(personas.school, code="460103", name="数控技术")
    make_major(personas.school, code="530302", name="大数据与会计")
    make_active_agreement(personas)
    make_order_class(personas.school_admin, personas.enterprise, personas.school, "training", 2)
    offer = make_offer(personas.enterprise_admin)  # in category 46
    accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    apply(offer, make_teacher(personas.school, "pat"))  # not placed: does not count

    chain = queries.chain_map()

    manufacturing = _cell(chain, "C", "46")
    assert (manufacturing.agreements, manufacturing.order_classes, manufacturing.placements) == (1, 1, 1)
    assert manufacturing.expected and manufacturing.level == 4 and not manufacturing.gap
    # The school's finance major is not part of a manufacturing agreement.
    finance = _cell(chain, "C", "53")
    assert (finance.total, finance.expected, finance.gap) == (0, False, False)
    assert _cell(chain, "J", "53").gap  # the catalogue expects finance to serve J; nothing does
    assert {industry.code: total for industry, _cells, total in chain.rows}["C"] == 3
    served = {industry.code for industry in Industry.objects.exclude(pk__in=[i.pk for i in chain.unserved])}
    assert served == {"C", "F", "J", "L"}  # what 46 and 53 serve


def test_chain_map_page_shows_levels_and_gaps(client, personas):
    make_major(personas.school, code="460103", name="数控技术")
    make_order_class(personas.school_admin, personas.enterprise, personas.school, "training", 1)
    client.force_login(personas.supervisor)
    html = client.get(reverse("core:landing")).content.decode()
    assert 'class="chain chain-4 chain-expected" data-cell="C-46"' in html
    assert 'class="chain chain-0 chain-expected chain-gap" data-cell="J-53"' in html


def test_group_dashboard_renders_its_charts_as_json(client, personas, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling", 2)
    make_need(personas.enterprise_admin)
    client.force_login(personas.secretariat)
    response = client.get(reverse("core:landing"))
    charts = {chart["id"]: chart for chart in response.context["charts"]}
    assert set(charts) == {"chart-members", "chart-trends", "chart-classes", "chart-outcomes"}
    html = response.content.decode()
    for key, chart in charts.items():
        assert f'<canvas data-chart="{key}"' in html
        start = html.index(f'<script id="{key}" type="application/json">') + len(
            f'<script id="{key}" type="application/json">'
        )
        config = json.loads(html[start : html.index("</script>", start)])
        assert config == json.loads(json.dumps(chart["config"]))
    # In the page's language.
    members = charts["chart-members"]["config"]
    assert (members["type"], members["labels"], members["datasets"][0]["data"]) == (
        "doughnut",
        ["高等职业院校", "企业"],
        [2, 1],
    )
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html and 'src="/static/js/dashboard.js"' in html


def _waiting(client, user):
    client.force_login(user)
    response = client.get(reverse("core:landing"))
    assert response.status_code == 200
    return {str(item["label"]): item["count"] for item in response.context["figures"]["waiting"]}


def test_a_school_sees_what_waits_for_its_administrator(client, personas):
    awaiting = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    cooperation_services.submit_for_signature(awaiting, personas.secretariat)
    offer = make_offer(personas.enterprise_admin)
    apply(offer, personas.teacher)
    make_need(personas.enterprise_admin)
    base = make_base(personas.school, capacity=20, name="学校实训中心")
    make_booking(base, personas.enterprise_admin, at(9), at(12), 5)

    assert _waiting(client, personas.school_admin) == {
        "Agreements to sign": 1,
        "Booking requests to decide": 1,
        "Placement applications to approve": 1,
        "Open training needs to answer": 1,
    }
    # Staff answer needs but do not sign, decide bookings or approve teachers.
    assert _waiting(client, personas.school_staff) == {"Open training needs to answer": 1}
    # Another school's administrator: nothing of the first school's.
    assert _waiting(client, personas.outsider) == {
        "Agreements to sign": 0,
        "Booking requests to decide": 0,
        "Placement applications to approve": 0,
        "Open training needs to answer": 1,
    }


def test_an_enterprise_sees_what_waits_for_it(client, personas):
    offer = make_offer(personas.enterprise_admin)
    approved(offer, personas.teacher, personas.school_admin)
    apply(offer, make_teacher(personas.school, "pat"))  # the school has not approved it yet
    finished = make_running_offer(personas.enterprise_admin, started_days_ago=30, length=10, title="已结束")
    accepted(finished, make_teacher(personas.school, "sam"), personas.school_admin, personas.enterprise_admin)
    need = make_need(personas.enterprise_admin)
    make_proposal(need, personas.school_admin)
    base = make_base(personas.enterprise, capacity=20)
    make_booking(base, personas.school_admin, at(9), at(12), 5)

    assert _waiting(client, personas.enterprise_admin) == {
        "Agreements to sign": 0,
        "Booking requests to decide": 1,
        "Placement applications to accept or reject": 1,
        "Finished placements to confirm": 1,
        "Proposals to decide on": 1,
    }
    assert _waiting(client, personas.enterprise_staff) == {
        "Placement applications to accept or reject": 1,
        "Finished placements to confirm": 1,
        "Proposals to decide on": 1,
    }


def test_a_unit_sees_only_its_own_figures(client, personas):
    make_active_agreement(personas)
    other_enterprise = make_unit("别家企业", UnitKind.ENTERPRISE)
    make_agreement(personas.secretariat, [personas.other_school, other_enterprise])
    classes = make_order_class(personas.school_admin, personas.enterprise, personas.school, "graduated", 2)
    set_outcomes(classes, StudentOutcome.HIRED_BY_SPONSOR, StudentOutcome.HIRED_ELSEWHERE)
    accepted(
        make_running_offer(personas.enterprise_admin, started_days_ago=1),
        personas.teacher,
        personas.school_admin,
        personas.enterprise_admin,
    )

    client.force_login(personas.school_admin)
    figures = client.get(reverse("core:landing")).context["figures"]
    assert figures["agreements"]["in_force"] == 1
    assert (figures["class_count"], figures["outcomes"]["sponsor_hire_rate"]) == (1, 50)
    assert figures["placements"]["teachers_out"] == 1

    client.force_login(personas.outsider)
    response = client.get(reverse("core:landing"))
    figures = response.context["figures"]
    assert (
        figures["agreements"]["in_force"],
        figures["class_count"],
        figures["placements"]["teachers_out"],
    ) == (
        0,
        0,
        0,
    )
    assert figures["applications_by_status"] == []
    assert "chart-applications-empty" in response.content.decode()


def test_a_teacher_sees_their_applications_and_practice_days(client, personas):
    make_past_placement(personas.teacher, personas.enterprise, today() - timedelta(days=400), 60)
    make_past_placement(
        personas.teacher, personas.enterprise, today() - timedelta(days=6 * 365), 90
    )  # too old
    mine = apply(make_offer(personas.enterprise_admin), personas.teacher)
    colleague = make_teacher(personas.school, "pat")
    apply(make_offer(personas.enterprise_admin, title="同事申请的岗位"), colleague)

    client.force_login(personas.teacher)
    response = client.get(reverse("core:landing"))
    figures = response.context["figures"]
    assert (figures["days"], figures["required"], figures["lacking"]) == (60, 180, 120)
    assert [application.pk for application in figures["current"]] == [mine.pk]
    year = (today() - timedelta(days=400)).year
    assert dict(zip(figures["years"], figures["days_by_year"], strict=True))[year] == 60
    assert sum(figures["days_by_year"]) == 60
    html = response.content.decode()
    assert 'data-testid="practice-days">60<' in html
    assert "同事申请的岗位" not in html


def test_an_agreement_awaiting_the_other_party_only_does_not_wait_on_the_signed_one(client, personas):
    awaiting = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    cooperation_services.submit_for_signature(awaiting, personas.secretariat)
    cooperation_services.sign_agreement(awaiting, personas.school.pk, by=personas.school_admin)
    awaiting.refresh_from_db()
    assert awaiting.status == AgreementStatus.AWAITING
    assert _waiting(client, personas.school_admin)["Agreements to sign"] == 0
    assert _waiting(client, personas.enterprise_admin)["Agreements to sign"] == 1
