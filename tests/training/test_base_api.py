"""The API of training bases and bookings: the same rules as the pages, refusals as 400 on the
field or 409 for the workflow, and lists with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import make_unit
from tests.training.builders import at, make_base, make_booking, make_confirmed, make_photo
from training.choices import BookingStatus
from training.models import BaseBooking, TrainingBase


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def api():
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def base(personas):
    return make_base(personas.enterprise, capacity=10)


def test_an_enterprise_registers_a_base_for_itself_only(api, personas):
    api.force_authenticate(personas.enterprise_admin)
    payload = {
        "name": "焊接实训基地",
        "kind": "simulated",
        "capacity": 24,
        "province": "32",
        "city": "无锡市",
        "address": "滨湖区 1 号",
        "majors_served": ["46"],
        "open_to_all": False,
        "open_to": [personas.school.pk],
    }
    response = api.post(reverse("training-api:base-list"), payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["unit"] == personas.enterprise.pk
    assert response.json()["majors_served"] == ["46"]
    assert list(TrainingBase.objects.get(name="焊接实训基地").open_to.all()) == [personas.school]
    response = api.post(
        reverse("training-api:base-list"), {**payload, "unit": personas.school.pk}, format="json"
    )
    assert response.status_code == 400 and "unit" in response.json()
    response = api.post(reverse("training-api:base-list"), {**payload, "capacity": 0}, format="json")
    assert response.status_code == 400 and "capacity" in response.json()


def test_booking_through_the_api_follows_the_rules(api, personas, base):
    api.force_authenticate(personas.school_staff)
    url = reverse("training-api:booking-list")
    good = {
        "base": base.pk,
        "purpose": "teacher_training",
        "starts_at": at(9),
        "ends_at": at(12),
        "headcount": 6,
    }
    response = api.post(url, good, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["unit"], response.json()["status"]) == (personas.school.pk, "requested")
    for bad, field in [
        ({"headcount": 11}, "headcount"),
        ({"ends_at": at(8)}, "ends_at"),
        ({"starts_at": at(9, days=-2), "ends_at": at(10, days=-2)}, "starts_at"),
    ]:
        response = api.post(url, {**good, **bad}, format="json")
        assert response.status_code == 400 and field in response.json(), (bad, response.json())
    assert BaseBooking.objects.count() == 1


def test_confirming_without_room_is_a_conflict(api, personas, base):
    first = make_booking(base, personas.school_admin, at(9), at(12), 6)
    second = make_booking(base, personas.outsider, at(10), at(11), 6)
    api.force_authenticate(personas.enterprise_admin)
    assert api.post(reverse("training-api:booking-confirm", args=[first.pk])).json()["status"] == "confirmed"
    response = api.post(reverse("training-api:booking-confirm", args=[second.pk]))
    assert response.status_code == 409
    assert "Only 4 places are left" in response.json()["detail"]
    response = api.post(reverse("training-api:booking-decline", args=[second.pk]), {"reason": "满员"})
    assert response.json()["status"] == BookingStatus.DECLINED


def test_room_and_calendar(api, personas, base):
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(9), at(12), 7)
    api.force_authenticate(personas.teacher)
    room = api.get(
        reverse("training-api:base-room", args=[base.pk]),
        {"starts_at": at(8).isoformat(), "ends_at": at(10).isoformat()},
    )
    assert room.json()["room_left"] == 3
    bad = api.get(
        reverse("training-api:base-room", args=[base.pk]),
        {"starts_at": at(10).isoformat(), "ends_at": at(8).isoformat()},
    )
    assert bad.status_code == 400 and "ends_at" in bad.json()
    days = api.get(
        reverse("training-api:base-calendar", args=[base.pk]), {"from": at(0).date().isoformat(), "days": 2}
    ).json()
    assert [(d["room"], len(d["bookings"])) for d in days] == [(3, 1), (10, 0)]
    assert api.get(reverse("training-api:base-calendar", args=[base.pk]), {"days": 99}).status_code == 400


def test_the_free_on_filter_works_in_the_api(api, personas, base):
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(0), at(23), 10)
    other = make_base(personas.enterprise, name="空闲基地")
    api.force_authenticate(personas.teacher)
    response = api.get(reverse("training-api:base-list"), {"free_on": at(0).date().isoformat()})
    assert [row["id"] for row in response.json()["results"]] == [other.pk]


# Fixed query counts, for the pages and the API lists


def add_bases(personas, n):
    for i in range(n):
        base = make_base(
            make_unit(), name=f"基地{TrainingBase.objects.count()}", co_builders=[personas.school]
        )
        if i % 5 == 0:
            make_photo(base, personas.secretariat)


def add_bookings(personas, n):
    base = make_base(personas.enterprise, capacity=10000, name=f"大基地{TrainingBase.objects.count()}")
    for i in range(n):
        booking = make_booking(
            base, personas.school_admin, at(9, days=2 + i % 20), at(17, days=2 + i % 20), 1
        )
        if i % 2:
            make_confirmed(
                make_base(personas.school, name=f"校内{i}{TrainingBase.objects.count()}"),
                personas.enterprise_admin,
                personas.school_admin,
                at(9),
                at(10),
                1,
            )
        del booking


PAGE_CASES = [
    # session, user, own unit for the menu, count, bell, major categories for the filter, page,
    # its major categories
    ("training:base_list", "teacher", add_bases, 8),
    ("training:base_list", "secretariat", add_bases, 7),
    # the same and the day's peak is part of the page's query
    ("training:base_list?free_on=2030-01-01", "teacher", add_bases, 8),
    # session, user, count, bell, own unit for the menu, bases for the filter, page with base,
    # units and people
    ("training:booking_list", "school_admin", add_bookings, 7),
    ("training:booking_list", "secretariat", add_bookings, 6),
]


@pytest.mark.parametrize(
    ("name", "role", "add_rows", "expected"), PAGE_CASES, ids=[f"{c[0]} as {c[1]}" for c in PAGE_CASES]
)
def test_pages_run_a_fixed_number_of_queries(client, personas, name, role, add_rows, expected):
    client.force_login(getattr(personas, role))
    name, _, query = name.partition("?")
    counts = []
    for rows in (5, 30):
        add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{reverse(name)}?per_page=100&{query}")
        assert response.status_code == 200
        assert len(response.context["table"].page.object_list) >= rows
        counts.append(len(queries))
    assert counts == [expected, expected], "\n".join(q["sql"] for q in queries.captured_queries)


API_CASES = [
    # count, page with owner unit, its major categories, co-builders, open-to list, photos
    ("training-api:base-list", "teacher", add_bases, 6),
    # count, page with base, its owner and the booking unit
    ("training-api:booking-list", "school_admin", add_bookings, 2),
]


@pytest.mark.parametrize(
    ("name", "role", "add_rows", "expected"), API_CASES, ids=[f"{c[0]} as {c[1]}" for c in API_CASES]
)
def test_api_lists_run_a_fixed_number_of_queries(api, personas, name, role, add_rows, expected):
    api.force_authenticate(getattr(personas, role))
    counts = []
    for rows in (5, 30):
        add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(reverse(name), {"page_size": 100})
        assert response.status_code == 200 and response.json()["count"] >= rows
        counts.append(len(queries))
    assert counts == [expected, expected], "\n".join(q["sql"] for q in queries.captured_queries)
