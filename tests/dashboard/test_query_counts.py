"""Every dashboard runs the same number of SQL queries for a small group as for a ten times
larger one: the figures are aggregates, the lists are cut short and bring their related rows
along. Each count starts with the session and the user; every page then counts the unread
notifications for the bell."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cooperation.builders import make_active_agreement, make_need, make_proposal
from tests.factories import make_major
from tests.training.builders import at, make_base, make_booking
from tests.training.people_builders import make_order_class
from tests.training.placement_builders import apply, approved, make_offer, make_past_placement, make_teacher


def add_rows(personas, n, start):
    """``n`` of each thing the dashboards count, for the personas' school and enterprise."""
    today = timezone.localdate()
    base = make_base(personas.enterprise, capacity=1000, name=f"基地{start}")
    for i in range(start, start + n):
        make_active_agreement(personas, title=f"协议{i}", ends_on=today + timedelta(days=10 + i))
        need = make_need(personas.enterprise_admin, title=f"需求{i}")
        if i % 2:
            make_proposal(need, personas.school_admin)
        offer = make_offer(personas.enterprise_admin, title=f"岗位{i}")
        apply(offer, personas.teacher)
        approved(offer, make_teacher(personas.school, f"t{i}"), personas.school_admin)
        make_past_placement(personas.teacher, personas.enterprise, today - timedelta(days=100 + 30 * i), 5)
        make_booking(base, personas.school_admin, at(9, days=1), at(10, days=1), 1)
        make_order_class(
            personas.school_admin, personas.enterprise, personas.school, "enrolling", 1, name=f"订单班{i}"
        )


#  who looks, queries
CASES = [
    # session, user, bell; units by kind, agreements, needs, bookings, placements, order classes by
    # status, students by outcome, expiring agreements and their parties, unanswered needs (count,
    # list), four monthly trends; the chain map: industries, categories, the catalogue's links, its
    # agreements, order classes and placements, the industries members' majors serve
    ("secretariat", 25),
    ("supervisor", 25),
    # session, user, bell, the unit for the menu; agreements, to sign, bookings, placements,
    # proposals and needs to decide or answer, applications by status, order classes, students by
    # outcome, skill masters
    ("school_admin", 14),
    ("school_staff", 14),
    ("enterprise_admin", 14),
    ("enterprise_staff", 14),
    # session, user, bell, the unit for the menu; practice days, days by year, applications by
    # status, current applications with their offers, slot offers
    ("teacher", 9),
]


@pytest.mark.parametrize(("role", "expected"), CASES, ids=[case[0] for case in CASES])
def test_dashboard_runs_a_fixed_number_of_queries(client, personas, role, expected):
    make_major(personas.school, code="460103", name="数控技术")
    client.force_login(getattr(personas, role))
    counts, start = [], 0
    for rows in (3, 30):
        add_rows(personas, rows - start, start)
        start = rows
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("core:landing"))
        assert response.status_code == 200
        counts.append(len(queries))
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
    assert counts[0] == counts[1]
