"""The placement API: offers, applications and practice days through the same services, filters
and permission rules as the pages; bad input is a 400 on its field, a refused step a 409, and
another unit's application does not exist (404). Every list runs a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIClient

from members.choices import UnitKind
from portal.core.models import Notification
from portal.core.roles import Role
from tests.factories import make_unit, make_user
from tests.training.placement_builders import (
    accepted,
    apply,
    approved,
    days_from_today,
    make_offer,
    make_past_placement,
    make_running_offer,
    make_teacher,
)
from training.choices import ApplicationStatus, OfferStatus
from training.models import PlacementApplication, PlacementOffer
from training.services import placements as services

A = ApplicationStatus
OFFERS = "/api/placement-offers/"
APPLICATIONS = "/api/placement-applications/"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def as_user(api, user):
    api.force_authenticate(user)
    return api


def offer_payload(**overrides):
    starts_on = days_from_today(30)
    return {
        "title": "智能产线运维岗位实践",
        "description": "参与产线日常运维与故障排查。",
        "major_category": "46",
        "place": "苏州工业园区",
        "province": "32",
        "starts_on": str(starts_on),
        "ends_on": str(starts_on + timedelta(days=29)),
        "slots": 3,
        "apply_by": str(days_from_today(10)),
        **overrides,
    }


# Offers


def test_an_enterprise_posts_an_offer_for_its_own_unit(api, personas):
    response = as_user(api, personas.enterprise_staff).post(OFFERS, offer_payload(), format="json")
    assert response.status_code == 201, response.data
    assert response.data["unit"] == personas.enterprise.pk
    assert (response.data["status"], response.data["days"], response.data["slots_held"]) == ("open", 30, 0)
    assert PlacementOffer.objects.get().posted_by == personas.enterprise_staff


@pytest.mark.parametrize(
    ("who", "overrides", "field"),
    [
        ("secretariat", {}, "unit"),  # the secretariat names the enterprise
        ("enterprise_admin", {"unit": "school"}, "unit"),  # only for one's own unit
        ("school_admin", {}, "unit"),  # schools do not offer placements
        ("enterprise_admin", {"apply_by": str(days_from_today(-1))}, "apply_by"),
        ("enterprise_admin", {"apply_by": str(days_from_today(31))}, "apply_by"),
        ("enterprise_admin", {"ends_on": str(days_from_today(29))}, "ends_on"),
        ("enterprise_admin", {"slots": 0}, "slots"),
        ("enterprise_admin", {"major_category": "99"}, "major_category"),
    ],
)
def test_bad_offers_are_a_400_on_the_field_and_leave_nothing(api, personas, who, overrides, field):
    if overrides.get("unit") == "school":
        overrides["unit"] = personas.school.pk
    response = as_user(api, getattr(personas, who)).post(OFFERS, offer_payload(**overrides), format="json")
    assert response.status_code == 400
    assert list(response.data) == [field], response.data
    assert not PlacementOffer.objects.exists()


def test_the_secretariat_posts_for_an_enterprise(api, personas):
    response = as_user(api, personas.secretariat).post(
        OFFERS, offer_payload(unit=personas.enterprise.pk), format="json"
    )
    assert response.status_code == 201 and response.data["unit"] == personas.enterprise.pk


def test_offers_are_changed_closed_and_cancelled_by_their_enterprise(api, personas):
    offer = make_offer(personas.enterprise_admin)
    url = f"{OFFERS}{offer.pk}/"
    other = make_user("olga", Role.UNIT_ADMIN, make_unit(kind=UnitKind.ENTERPRISE))
    assert as_user(api, other).patch(url, {"title": "别人的"}, format="json").status_code == 404
    api = as_user(api, personas.enterprise_staff)
    response = api.patch(url, {"title": "新标题", "unit": personas.school.pk}, format="json")
    assert response.status_code == 200, response.data
    assert (response.data["title"], response.data["unit"]) == ("新标题", personas.enterprise.pk)
    assert api.post(f"{url}cancel/", {"reason": "x"}, format="json").status_code == 403  # the admin's
    assert api.post(f"{url}close/").data["status"] == OfferStatus.CLOSED
    assert api.post(f"{url}close/").status_code == 409
    api = as_user(api, personas.enterprise_admin)
    assert list(api.post(f"{url}cancel/", {}, format="json").data) == ["reason"]
    assert api.post(f"{url}cancel/", {"reason": "改期"}, format="json").data["status"] == "cancelled"


def test_everyone_browses_open_offers_and_filters_them(api, personas):
    full = make_offer(personas.enterprise_admin, slots=1, title="满员岗位")
    make_offer(personas.enterprise_admin, title="空位岗位")
    closed = make_offer(personas.enterprise_admin, title="已截止岗位")
    accepted(full, personas.teacher, personas.school_admin, personas.enterprise_admin)
    PlacementOffer.objects.filter(pk=closed.pk).update(status=OfferStatus.CLOSED)

    def titles(user, query=""):
        api.force_authenticate(user)
        response = api.get(f"{OFFERS}{query}")
        assert response.status_code == 200
        return sorted(o["title"] for o in response.data["results"])

    assert titles(None) == ["满员岗位", "空位岗位"]
    assert titles(None, "?has_free_slots=true") == ["空位岗位"]
    assert titles(personas.enterprise_staff) == sorted(["满员岗位", "已截止岗位", "空位岗位"])
    assert titles(personas.supervisor, "?status=closed") == ["已截止岗位"]
    assert api.get(f"{OFFERS}{closed.pk}/").status_code == 200
    api.force_authenticate(personas.outsider)
    assert api.get(f"{OFFERS}{closed.pk}/").status_code == 404


# Applications


def test_a_teacher_applies_and_may_not_apply_twice(api, personas):
    offer = make_offer(personas.enterprise_admin)
    api = as_user(api, personas.teacher)
    payload = {"offer": offer.pk, "statement": "希望提升数控实训教学能力", "status": "accepted"}
    response = api.post(APPLICATIONS, payload, format="json")
    assert response.status_code == 201, response.data
    assert (response.data["status"], response.data["school"]) == (A.SUBMITTED, personas.school.pk)
    assert response.data["teacher"] == personas.teacher.pk
    response = api.post(APPLICATIONS, payload, format="json")
    assert response.status_code == 400
    assert response.data == {"offer": ["You have already applied for this placement."]}
    assert PlacementApplication.objects.count() == 1


def test_applying_past_the_deadline_or_without_a_statement_is_a_400(api, personas):
    offer = make_offer(personas.enterprise_admin)
    api = as_user(api, personas.teacher)
    response = api.post(APPLICATIONS, {"offer": offer.pk, "statement": " "}, format="json")
    assert response.status_code == 400 and list(response.data) == ["statement"]
    PlacementOffer.objects.filter(pk=offer.pk).update(apply_by=days_from_today(-1))
    response = api.post(APPLICATIONS, {"offer": offer.pk, "statement": "申请"}, format="json")
    assert response.status_code == 400 and list(response.data) == ["offer"]
    assert "closed on" in response.data["offer"][0]
    assert not PlacementApplication.objects.exists()


def test_only_teachers_apply(api, personas):
    offer = make_offer(personas.enterprise_admin)
    for who in ("school_admin", "school_staff", "enterprise_admin", "secretariat"):
        response = as_user(api, getattr(personas, who)).post(
            APPLICATIONS, {"offer": offer.pk, "statement": "申请"}, format="json"
        )
        assert response.status_code == 403, who
    assert not PlacementApplication.objects.exists()


def test_the_whole_journey_through_the_api(api, personas, settings):
    offer = make_running_offer(personas.enterprise_admin, slots=1, length=30)
    waiting_teacher = make_teacher(personas.school, "wang")
    application = apply(offer, personas.teacher)
    url = f"{APPLICATIONS}{application.pk}/"

    assert as_user(api, personas.teacher).post(f"{url}approve/").status_code == 403
    assert as_user(api, personas.outsider).post(f"{url}approve/").status_code == 404  # another school's
    assert as_user(api, personas.enterprise_admin).get(url).status_code == 404  # not approved yet
    response = as_user(api, personas.school_admin).post(f"{url}approve/")
    assert response.status_code == 200 and response.data["status"] == A.APPROVED
    assert (
        as_user(api, personas.school_admin).post(f"{url}accept/").status_code == 404
    )  # not theirs to decide

    response = as_user(api, personas.enterprise_staff).post(f"{url}accept/")
    assert response.status_code == 200 and response.data["status"] == A.ACCEPTED
    waiting = approved(offer, waiting_teacher, personas.school_admin)
    assert waiting.status == A.WAITLISTED

    response = as_user(api, personas.enterprise_admin).post(
        f"{url}complete/", {"days_completed": 31, "evaluation": "好"}
    )
    assert response.status_code == 400 and list(response.data) == ["days_completed"]
    response = as_user(api, personas.teacher).post(f"{url}withdraw/")
    assert response.status_code == 200 and response.data["status"] == A.WITHDRAWN

    waiting_url = f"{APPLICATIONS}{waiting.pk}/"
    assert as_user(api, personas.teacher).post(f"{waiting_url}confirm-slot/").status_code == 404
    response = as_user(api, waiting_teacher).get(waiting_url)
    assert response.data["status"] == A.OFFERED and response.data["offer_expires_at"]
    response = api.post(f"{waiting_url}confirm-slot/")
    assert response.status_code == 200 and response.data["status"] == A.ACCEPTED
    assert api.post(f"{waiting_url}decline-slot/").status_code == 409

    api = as_user(api, personas.enterprise_admin)
    response = api.post(f"{waiting_url}complete/", {"days_completed": 25, "evaluation": "认真负责"})
    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["days_completed"]) == (A.COMPLETED, 25)
    assert Notification.objects.filter(
        recipient=waiting_teacher, title__contains="completed 25 days"
    ).exists()


def test_accepting_a_withdrawn_application_is_a_409_with_the_reason(api, personas):
    application = approved(make_offer(personas.enterprise_admin), personas.teacher, personas.school_admin)
    as_user(api, personas.teacher).post(f"{APPLICATIONS}{application.pk}/withdraw/")
    response = as_user(api, personas.enterprise_admin).post(f"{APPLICATIONS}{application.pk}/accept/")
    assert response.status_code == 409
    assert response.data == {"detail": "This cannot be done while the status is “Withdrawn”."}


def test_declines_and_rejections_need_a_reason(api, personas):
    offer = make_offer(personas.enterprise_admin)
    submitted = apply(offer, personas.teacher)
    api = as_user(api, personas.school_admin)
    response = api.post(f"{APPLICATIONS}{submitted.pk}/decline/", {}, format="json")
    assert response.status_code == 400 and list(response.data) == ["reason"]
    response = api.post(f"{APPLICATIONS}{submitted.pk}/decline/", {"reason": "课时冲突"}, format="json")
    assert response.data["status"] == A.SCHOOL_DECLINED and response.data["decision_note"] == "课时冲突"

    other = approved(offer, make_teacher(personas.school, "li"), personas.school_admin)
    api = as_user(api, personas.enterprise_admin)
    assert api.post(f"{APPLICATIONS}{other.pk}/reject/", {}, format="json").status_code == 400
    response = api.post(f"{APPLICATIONS}{other.pk}/reject/", {"reason": "专业不对口"}, format="json")
    assert response.data["status"] == A.REJECTED


def test_the_application_filters(api, personas):
    first = make_offer(personas.enterprise_admin, title="甲岗位")
    second = make_offer(personas.enterprise_admin, title="乙岗位")
    approved(first, personas.teacher, personas.school_admin)
    apply(second, personas.teacher)
    apply(first, make_teacher(personas.other_school, "zhao"))
    api = as_user(api, personas.secretariat)

    def offers(query):
        return sorted(a["offer_title"] for a in api.get(f"{APPLICATIONS}{query}").data["results"])

    assert offers(f"?offer={first.pk}") == ["甲岗位", "甲岗位"]
    assert offers("?status=approved") == ["甲岗位"]
    assert offers(f"?school={personas.school.pk}&status=submitted") == ["乙岗位"]
    assert offers("?q=zhao") == ["甲岗位"]


# Practice days


def test_practice_days_are_scoped_like_the_pages(api, personas):
    today = timezone.localdate()
    done = make_teacher(personas.school, "done")
    make_past_placement(done, personas.enterprise, ends_on=today - timedelta(days=30), days=200)
    make_past_placement(personas.teacher, personas.enterprise, ends_on=today - timedelta(days=30), days=60)
    make_teacher(personas.other_school, "zhou")

    def rows(user, query=""):
        api.force_authenticate(user)
        response = api.get(f"/api/practice-days/{query}")
        assert response.status_code == 200, response.data
        return [(r["name"], r["practice_days"], r["days_lacking"]) for r in response.data["results"]]

    assert rows(personas.teacher) == [("tina", 60, 120)]
    assert rows(personas.school_admin) == [("tina", 60, 120), ("done 老师", 200, 0)]
    assert rows(personas.school_admin, "?lacking=false") == [("done 老师", 200, 0)]
    assert rows(personas.outsider) == [("zhou 老师", 0, 180)]
    assert len(rows(personas.secretariat)) == 3
    assert rows(personas.supervisor, f"?school={personas.other_school.pk}") == [("zhou 老师", 0, 180)]
    api.force_authenticate(personas.school_staff)
    assert api.get("/api/practice-days/").status_code == 403
    api.force_authenticate(None)
    assert api.get("/api/practice-days/").status_code == 401

    api.force_authenticate(personas.secretariat)
    schools = {s["id"]: s for s in api.get("/api/practice-schools/").data["results"]}
    assert (schools[personas.school.pk]["teachers"], schools[personas.school.pk]["teachers_meeting"]) == (
        2,
        1,
    )
    assert schools[personas.school.pk]["practice_days"] == 260
    api.force_authenticate(personas.school_admin)
    assert api.get("/api/practice-schools/").status_code == 403


# Query counts


def add_offers(personas, n):
    enterprise = make_unit(kind=UnitKind.ENTERPRISE)
    poster = make_user(f"poster{enterprise.pk}", Role.UNIT_STAFF, enterprise)
    for i in range(n):
        offer = make_offer(poster, title=f"岗位{i}")
        if i % 3 == 0:
            apply(offer, personas.teacher)


def add_applications(personas, n):
    offer = make_offer(personas.enterprise_admin, slots=n)
    for i in range(n):
        teacher = make_teacher(personas.school, f"teacher-{offer.pk}-{i}")
        application = approved(offer, teacher, personas.school_admin)
        if i % 2:
            services.accept_application(application, personas.enterprise_admin)


def add_teachers(personas, n):
    for i in range(n):
        teacher = make_teacher(personas.school, f"practice-{personas.school.pk}-{i}-{n}")
        if i % 2:
            make_past_placement(
                teacher, personas.enterprise, timezone.localdate() - timedelta(days=5), 10 * i
            )


#  url, who looks, how rows are added, queries
CASES = [
    # count, page with enterprise, category and slots held (no session for a visitor)
    (f"{OFFERS}?page_size=100", "visitor", add_offers, 2),
    # session, user, count, page
    (f"{OFFERS}?page_size=100", "teacher", add_offers, 4),
    (f"{OFFERS}?page_size=100&has_free_slots=true&major_category=46", "enterprise_staff", add_offers, 5),
    (f"{OFFERS}?page_size=100", "secretariat", add_offers, 4),
    # session, user, count, page with offer, enterprise, category, teacher and school
    (f"{APPLICATIONS}?page_size=100", "school_admin", add_applications, 4),
    (f"{APPLICATIONS}?page_size=100&status=accepted", "enterprise_admin", add_applications, 4),
    (f"{APPLICATIONS}?page_size=100", "secretariat", add_applications, 4),
    # session, user, count, page with school and days
    ("/api/practice-days/?page_size=100", "school_admin", add_teachers, 4),
    ("/api/practice-days/?page_size=100&lacking=true", "secretariat", add_teachers, 4),
    ("/api/practice-schools/?page_size=100", "secretariat", add_teachers, 4),
]


@pytest.mark.parametrize(
    ("url", "role", "add_rows", "expected"), CASES, ids=[f"{c[0]} as {c[1]}" for c in CASES]
)
def test_api_list_runs_a_fixed_number_of_queries(client, personas, url, role, add_rows, expected):
    if role != "visitor":
        client.force_login(getattr(personas, role))
    for rows in (3, 30):
        add_rows(personas, rows - (3 if rows == 30 else 0))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["results"]
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
