"""The agreement register and the need list run the same number of SQL queries for 5 rows as for
55, whoever looks: fixed counts, so that an N+1 or a stray query fails with the queries printed.
Like the members' lists (tests/members/test_query_counts.py), each count starts with the session
and the user; every page then counts the unread notifications for the bell."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.models import TrainingNeed
from tests.cooperation.builders import make_agreement, make_need, make_proposal
from tests.factories import make_unit


def add_agreements(personas, n):
    for _ in range(n):
        make_agreement(personas.secretariat, [personas.school, personas.enterprise, make_unit()])


def add_needs(personas, n):
    for i in range(n):
        need = make_need(personas.enterprise_admin, title=f"培训需求{i}")
        if i % 2:
            make_proposal(need, personas.school_admin)


def add_unanswered_needs(personas, n):
    add_needs(personas, n)
    TrainingNeed.objects.update(created=timezone.now() - timedelta(days=15))


#  url, who looks (None: a visitor), how rows are added, queries
CASES = [
    # session, user, count, bell, units for the party filter, page, its parties with their units
    ("/cooperation/agreements/?per_page=100", "secretariat", add_agreements, 7),
    # the same and the administrator's own unit for the menu
    ("/cooperation/agreements/?per_page=100", "school_admin", add_agreements, 8),
    # session, user, count, bell, industries and major categories for the filter form, page with
    # enterprise and industry, its major categories
    ("/cooperation/needs/?per_page=100", "secretariat", add_needs, 8),
    # the same and the person's own unit for the menu
    ("/cooperation/needs/?per_page=100", "school_staff", add_needs, 9),
    ("/cooperation/needs/?per_page=100", "enterprise_admin", add_needs, 9),
    # count, industries and major categories for the filter form, page, its major categories
    ("/cooperation/needs/?per_page=100", None, add_needs, 5),
    # session, user, count, bell, industries and major categories, page, its major categories
    ("/cooperation/needs/unanswered/?per_page=100", "secretariat", add_unanswered_needs, 8),
]


@pytest.mark.parametrize(
    ("url", "role", "add_rows", "expected"), CASES, ids=[f"{c[0]} as {c[1] or 'visitor'}" for c in CASES]
)
def test_list_runs_a_fixed_number_of_queries(client, personas, url, role, add_rows, expected):
    if role:
        client.force_login(getattr(personas, role))
    counts = []
    for rows in (5, 55):
        add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["table"].page.object_list) > 0
        counts.append(len(queries))
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
    assert counts[0] == counts[1]
