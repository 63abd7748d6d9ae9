"""Every list page and API list runs the same number of SQL queries for 5 rows as for 60.

The counts are fixed, not just equal, so that a new N+1 or a stray query shows up as a failure
with the queries printed. Each count starts with the same two: the session and the user; every
page then counts the unread notifications for the bell.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.choices import UnitKind
from members.models import Committee, MembershipApplication, MemberUnit
from tests.factories import credit_code, make_major, make_unit

MAJOR_CODES = ["510201", "510202", "510203", "510204", "510205", "460301", "460303", "460305"]


def add_units(personas, n):
    for _ in range(n):
        make_unit(industries=("C", "I"))


def add_committees(personas, n):
    for i in range(n):
        committee = Committee.objects.create(name_zh=f"委员会{i}", chair_unit=personas.school)
        committee.members.set([personas.school, personas.enterprise])


def add_majors(personas, n):
    for i in range(n):
        unit = make_unit() if i % len(MAJOR_CODES) == 0 else MemberUnit.objects.latest("pk")
        make_major(unit, code=MAJOR_CODES[i % len(MAJOR_CODES)])


def add_applications(personas, n):
    for i in range(n):
        application = MembershipApplication.objects.create(
            name_zh=f"申请单位{i}",
            kind=UnitKind.ENTERPRISE,
            credit_code=credit_code(90000 + i),
            province="32",
            city="南京市",
            contact_name="李经理",
            contact_phone="13900000000",
            contact_email=f"apply{i}@example.cn",
        )
        application.industries.set([1, 2])


#  url, who looks, how rows are added, queries
CASES = [
    # session, user, bell, count, industries and committees for the filter form, page, its industries
    ("/members/units/?per_page=100", "secretariat", add_units, 8),
    # session, user, bell, count, the teacher's own unit for the menu, industries for the filter form,
    # page, its industries
    ("/members/directory/?per_page=100", "teacher", add_units, 8),
    # session, user, bell, count, units for the chair and member filters, page with chair and member count
    ("/members/committees/?per_page=100", "secretariat", add_committees, 7),
    # session, user, bell, count, units and categories for the filter form, page with unit and category
    ("/members/majors/?per_page=100", "secretariat", add_majors, 7),
    # session, user, bell, count, page, its industries
    ("/members/applications/?per_page=100", "secretariat", add_applications, 6),
    # session, user, count, page, its industries
    ("/api/units/?page_size=100", "secretariat", add_units, 5),
    ("/api/units/?page_size=100", "school_admin", add_units, 5),
    # session, user, count, page, its members
    ("/api/committees/?page_size=100", "secretariat", add_committees, 5),
    # session, user, count, page with unit and category
    ("/api/majors/?page_size=100", "secretariat", add_majors, 4),
    # session, user, count, page, its industries
    ("/api/applications/?page_size=100", "secretariat", add_applications, 5),
    # session, user, count, page
    ("/api/industries/", "teacher", None, 4),
]


@pytest.mark.parametrize(
    ("url", "role", "add_rows", "expected"), CASES, ids=[f"{c[0]} as {c[1]}" for c in CASES]
)
def test_list_runs_a_fixed_number_of_queries(client, personas, url, role, add_rows, expected):
    client.force_login(getattr(personas, role))
    counts = []
    for rows in (5, 55):
        if add_rows:
            add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
    assert counts[0] == counts[1]
