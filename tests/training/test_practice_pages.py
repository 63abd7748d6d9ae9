"""The enterprise-practice pages: a teacher's own days over the last five years against the
requirement, a school's teachers sorted by what they still lack, and every school's figures for the
group; each shown only to whom it concerns, with a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.choices import UnitKind
from portal.core.roles import Role
from tests.factories import make_unit, make_user
from tests.training.placement_builders import accepted, make_offer, make_teacher
from tests.training.test_placement_pages import TODAY, as_user, completed
from training.models import PlacementOffer
from training.querysets.placements import required_practice_days

MINE = reverse("training:practice_mine")
TEACHERS = reverse("training:practice_teachers")
SCHOOLS = reverse("training:practice_schools")


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def complete(personas, teacher, days, title="实践岗位", ended_years_ago=0):
    """A placement of ``teacher`` confirmed for ``days``; moved into the past when asked."""
    offer = make_offer(personas.enterprise_admin, starts_in=0, length=days, slots=1, title=title)
    application = completed(offer, teacher, personas.school_admin, personas.enterprise_admin, days)
    if ended_years_ago:
        shift = timedelta(days=365 * ended_years_ago + days)
        PlacementOffer.objects.filter(pk=offer.pk).update(
            starts_on=offer.starts_on - shift, ends_on=offer.ends_on - shift, apply_by=offer.apply_by - shift
        )
    return application


def test_a_teacher_sees_their_days_against_the_requirement(personas, client):
    complete(personas, personas.teacher, 60, title="数控加工岗")
    complete(personas, personas.teacher, 30, title="早年的实践", ended_years_ago=6)
    accepted(
        make_offer(personas.enterprise_admin, title="进行中的岗位"),
        personas.teacher,
        personas.school_admin,
        personas.enterprise_admin,
    )

    response = as_user(client, personas.teacher).get(MINE)

    assert response.status_code == 200
    assert (response.context["days"], response.context["lacking"]) == (60, required_practice_days() - 60)
    page = response.content.decode()
    assert f'max="{required_practice_days()}" value="60"' in page
    assert f"{required_practice_days() - 60} days still lacking" in page
    completed_titles = [p.offer.title for p in response.context["completed"]]
    assert completed_titles == ["数控加工岗", "早年的实践"]  # accepted, not yet completed: not listed
    assert [p.counts for p in response.context["completed"]] == [True, False]
    assert "more than five years ago" in page


def test_a_teacher_who_met_the_requirement_is_told_so(personas, client):
    complete(personas, personas.teacher, required_practice_days() + 10)
    response = as_user(client, personas.teacher).get(MINE)
    assert response.context["lacking"] == 0
    page = response.content.decode()
    assert "The requirement is met." in page
    assert f'max="{required_practice_days()}" value="{required_practice_days()}"' in page


def test_the_school_admin_sees_their_teachers_by_what_they_lack(personas, client):
    done = make_teacher(personas.school, "chen")
    halfway = make_teacher(personas.school, "zhou")
    complete(personas, done, required_practice_days(), title="长期实践")
    complete(personas, halfway, 90, title="半程实践")
    make_teacher(personas.other_school, "wang")

    response = as_user(client, personas.school_admin).get(TEACHERS)

    rows = [
        (row.record.username, row.record.practice_days, row.record.days_lacking)
        for row in response.context["table"].rows
    ]
    assert rows == [
        ("tina", 0, required_practice_days()),
        ("zhou", 90, required_practice_days() - 90),
        ("chen", required_practice_days(), 0),
    ]
    page = response.content.decode()
    assert "wang 老师" not in page and "Requirement met" in page


def test_the_group_sees_every_school_and_narrows_to_one(personas, client):
    complete(personas, personas.teacher, required_practice_days())
    make_teacher(personas.school, "zhou")
    make_teacher(personas.other_school, "wang")
    as_user(client, personas.supervisor)

    response = client.get(SCHOOLS)
    figures = {
        row.record.pk: (row.record.teachers, row.record.teachers_meeting, row.record.practice_days)
        for row in response.context["table"].rows
    }
    assert figures[personas.school.pk] == (2, 1, required_practice_days())
    assert figures[personas.other_school.pk] == (1, 0, 0)
    assert personas.enterprise.pk not in figures
    assert "50%" in response.content.decode()

    everyone = client.get(TEACHERS).context["table"].rows
    assert {row.record.username for row in everyone} == {"tina", "zhou", "wang"}
    one = client.get(TEACHERS, {"school": personas.other_school.pk}).context["table"].rows
    assert [row.record.username for row in one] == ["wang"]
    lacking = client.get(TEACHERS, {"lacking": "true"}).context["table"].rows
    assert {row.record.username for row in lacking} == {"zhou", "wang"}


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("school_admin", MINE, 403),  # the page is a teacher's own figure
        ("secretariat", MINE, 403),
        ("teacher", TEACHERS, 403),  # a teacher does not see colleagues' figures
        ("school_staff", TEACHERS, 403),
        ("enterprise_admin", TEACHERS, 403),  # an enterprise has no teachers
        ("school_admin", SCHOOLS, 403),  # a school does not see the other schools
        ("teacher", SCHOOLS, 403),
    ],
)
def test_figures_are_shown_only_to_whom_they_concern(personas, client, role, path, status):
    assert as_user(client, getattr(personas, role)).get(path).status_code == status


def test_visitors_are_sent_to_log_in(client):
    response = client.get(MINE)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# Query counts


def add_teachers(personas, n):
    offer = make_offer(personas.enterprise_admin, starts_in=0, length=30, slots=n, title="批量实践")
    for i in range(n):
        teacher = make_teacher(personas.school, f"教师{offer.pk}-{i}")
        if i % 2:
            completed(offer, teacher, personas.school_admin, personas.enterprise_admin, 1 + i)


def add_schools(personas, n):
    for i in range(n):
        school = make_unit(kind=UnitKind.SECONDARY_VOCATIONAL)
        make_user(f"teacher-of-{school.pk}-{i}", Role.TEACHER, school)


def add_completed(personas, n):
    for i in range(n):
        complete(personas, personas.teacher, 1, title=f"短期实践{i}", ended_years_ago=i % 2)


CASES = [
    # session, user, the person's unit, bell, count, page of teachers with their days
    (TEACHERS + "?per_page=100", "school_admin", add_teachers, 6, "table"),
    # session, user, bell, schools for the filter, count, page
    (TEACHERS + "?per_page=100", "secretariat", add_teachers, 6, "table"),
    # session, user, bell, count, page of schools with their figures
    (SCHOOLS + "?per_page=100", "supervisor", add_schools, 5, "table"),
    # session, user, unit, bell, the teacher's days, completed placements with offer and enterprise
    (MINE, "teacher", add_completed, 6, "completed"),
]


@pytest.mark.parametrize(
    ("path", "role", "add_rows", "expected", "rows"), CASES, ids=[f"{c[0]} as {c[1]}" for c in CASES]
)
def test_practice_pages_run_a_fixed_number_of_queries(client, personas, path, role, add_rows, expected, rows):
    client.force_login(getattr(personas, role))
    counts = []
    for size in (3, 30):
        add_rows(personas, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        shown = response.context["table"].page.object_list if rows == "table" else response.context[rows]
        assert len(shown) >= size
        counts.append(len(queries))
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
    assert counts[0] == counts[1]


def test_days_count_within_five_years_of_today(personas, client):
    # A placement that ended five years ago today still counts; one a day earlier does not.
    application = complete(personas, personas.teacher, 10)
    window_start = TODAY.replace(year=TODAY.year - 5) if not (TODAY.month == 2 and TODAY.day == 29) else None
    if window_start is None:
        pytest.skip("29 February")
    PlacementOffer.objects.filter(pk=application.offer_id).update(
        starts_on=window_start - timedelta(days=9),
        ends_on=window_start,
        apply_by=window_start - timedelta(days=9),
    )
    assert as_user(client, personas.teacher).get(MINE).context["days"] == 10
    PlacementOffer.objects.filter(pk=application.offer_id).update(ends_on=window_start - timedelta(days=1))
    assert client.get(MINE).context["days"] == 0
