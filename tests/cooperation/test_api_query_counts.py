"""The cooperation API's lists run the same, fixed number of SQL queries for 5 rows as for 55.

As in tests/members/test_query_counts.py, each count starts with the session and the user, then
the paginator's count and the page; the rest is listed per case.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation import services
from cooperation.choices import DocumentKind
from members.choices import UnitKind
from members.models import MajorCategory
from portal.core.roles import Role
from tests.cooperation.builders import make_agreement, make_need, make_proposal, pdf
from tests.factories import make_unit, make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add_agreements(personas, n):
    for i in range(n):
        enterprise = make_unit(kind=UnitKind.ENTERPRISE)
        agreement = make_agreement(personas.secretariat, [personas.school, enterprise, personas.other_school])
        if i % 5 == 0:
            services.add_document(agreement, personas.secretariat, DocumentKind.ATTACHMENT, pdf())


def add_needs(personas, n):
    categories = list(MajorCategory.objects.filter(code__in=["46", "51"]))
    for i in range(n):
        enterprise = make_unit(kind=UnitKind.ENTERPRISE)
        need = make_need(make_user(f"need-poster-{enterprise.pk}", Role.UNIT_STAFF, enterprise))
        need.major_categories.set(categories)
        if i % 3 == 0:
            make_proposal(need, personas.school_admin)


def add_proposals(personas, n):
    for _ in range(n):
        need = make_need(personas.enterprise_admin, deadline=timezone.localdate() + timedelta(days=3))
        make_proposal(need, personas.school_staff)


#  url, who looks, how rows are added, queries
CASES = [
    # session, user, count, page, its parties with their units, its documents
    ("/api/agreements/?page_size=100", "secretariat", add_agreements, 6),
    (
        "/api/agreements/?page_size=100&kind=school_enterprise&party_kind=enterprise",
        "secretariat",
        add_agreements,
        6,
    ),
    ("/api/agreements/?page_size=100", "school_admin", add_agreements, 6),
    # session, user, count, page with unit, industry and proposal count, its major categories
    ("/api/needs/?page_size=100", "secretariat", add_needs, 5),
    ("/api/needs/?page_size=100", "enterprise_admin", add_needs, 5),
    # session, user, the industry and the category the filter names, count, page, its categories
    ("/api/needs/?page_size=100&industry=C&major_category=46", "school_staff", add_needs, 7),
    # session, user, count, page with need, its unit and the school
    ("/api/proposals/?page_size=100", "enterprise_staff", add_proposals, 4),
]


@pytest.mark.parametrize(
    ("url", "role", "add_rows", "expected"), CASES, ids=[f"{c[0]} as {c[1]}" for c in CASES]
)
def test_api_list_runs_a_fixed_number_of_queries(client, personas, url, role, add_rows, expected):
    client.force_login(getattr(personas, role))
    for rows in (5, 55):
        add_rows(personas, rows - (5 if rows == 55 else 0))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] >= (rows if role in {"secretariat", "school_admin"} else 0)
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
