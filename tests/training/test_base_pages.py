"""The pages of shared training bases: browsing with the "free on a day" filter, the calendar,
registering a base with photos, booking with the room left shown first, and the owner's decisions."""

import random
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from members.choices import UnitKind
from members.models import MajorCategory
from tests.factories import make_unit
from tests.training.builders import PNG, at, make_base, make_booking, make_confirmed, make_photo, png
from training.choices import BookingStatus
from training.models import BaseBooking, TrainingBase
from training.querysets.bases import day_bounds, peak_headcount
from training.services import bookings as services


@pytest.fixture(autouse=True)
def _in_english(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    # The pages answer in the person's language; these tests read the English messages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def base(personas):
    return make_base(personas.enterprise, capacity=10)


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


# Free on a day: the SQL peak agrees with the sweep


def test_free_on_counts_the_peak_not_the_sum(personas, base):
    day = at(0).date()
    # 8 in the morning and 8 in the afternoon: 16 booked that day, but never more than 8 at once.
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(8), at(12), 8)
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(13), at(17), 8)
    # A request holds no place until it is confirmed.
    make_booking(base, personas.school_admin, at(9), at(10), 2)
    (row,) = TrainingBase.objects.filter(pk=base.pk).with_room_on(day)
    assert row.room == 2
    assert list(TrainingBase.objects.free_on(day, 2)) == [base]
    assert list(TrainingBase.objects.free_on(day, 3)) == []
    assert list(TrainingBase.objects.free_on(day + timedelta(days=1), 10)) == [base]


def test_sql_peak_matches_the_sweep_on_random_bookings(personas):
    rng = random.Random(20261204)
    bases = [make_base(personas.enterprise, capacity=12, name=f"基地{i}") for i in range(4)]
    for base in bases:
        for _ in range(12):
            start = at(rng.randrange(6, 20), minute=rng.choice([0, 30]))
            # Written directly, over capacity too: the test compares two ways of counting.
            BaseBooking.objects.create(
                base=base,
                unit=personas.school,
                purpose="student_practice",
                starts_at=start,
                ends_at=start + timedelta(minutes=30 * rng.randrange(1, 12)),
                headcount=rng.randrange(1, 5),
                status=BookingStatus.CONFIRMED,
            )
    for base in bases:
        for hour_from, hour_to in [(0, 24), (8, 10), (12, 13), (19, 23)]:
            starts_at, ends_at = at(hour_from), at(hour_to) if hour_to < 24 else day_bounds(at(0).date())[1]
            rows = base.bookings.filter(status=BookingStatus.CONFIRMED).values_list(
                "starts_at", "ends_at", "headcount"
            )
            expected = peak_headcount(list(rows), starts_at, ends_at)
            (annotated,) = TrainingBase.objects.filter(pk=base.pk).with_peak_between(starts_at, ends_at)
            assert annotated.peak == expected, (base, hour_from, hour_to)


def test_list_filters_by_free_day_kind_category_and_owner_kind(client, personas, base):
    client.force_login(personas.teacher)
    full = make_base(personas.enterprise, capacity=5, name="满员基地", kind="virtual")
    full.majors_served.set(MajorCategory.objects.filter(code="51"))
    make_confirmed(full, personas.school_admin, personas.enterprise_admin, at(8), at(18), 5)
    school_base = make_base(personas.other_school, capacity=20, name="学校基地")
    day = at(0).date().isoformat()

    def names(query):
        response = client.get(reverse("training:base_list"), query)
        return sorted(row.record.name for row in response.context["table"].page.object_list)

    assert names({"free_on": day}) == sorted([base.name, school_base.name])
    assert names({"free_on": day, "places": 11}) == [school_base.name]
    assert names({"kind": "virtual"}) == [full.name]
    assert names({"major_category": "51"}) == [full.name]
    assert names({"owner_kind": UnitKind.ENTERPRISE}) == sorted([base.name, full.name])
    response = client.get(reverse("training:base_list"), {"free_on": day})
    assert b"Places free that day" in response.content


def test_a_base_open_to_listed_units_is_hidden_from_the_others(client, personas):
    listed = make_base(personas.enterprise, name="定向基地", open_to_all=False, open_to=[personas.school])
    client.force_login(personas.outsider)
    assert client.get(listed.get_absolute_url()).status_code == 404
    assert listed not in [
        r.record for r in client.get(reverse("training:base_list")).context["table"].page.object_list
    ]
    client.force_login(personas.school_staff)
    assert client.get(listed.get_absolute_url()).status_code == 200


# The calendar


def test_calendar_shows_confirmed_bookings_and_room_per_day(client, personas, base):
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(9), at(12), 7)
    make_booking(base, personas.school_admin, at(13), at(15), 2)  # requested: not on the calendar
    client.force_login(personas.teacher)
    day = at(0).date()
    response = client.get(base.get_absolute_url(), {"month": day.strftime("%Y-%m")})
    cells = {cell["day"]: cell for week in response.context["calendar"]["weeks"] for cell in week if cell}
    assert cells[day]["room"] == 3
    assert [b.headcount for b in cells[day]["bookings"]] == [7]
    assert cells[day - timedelta(days=1)]["room"] == 10 if day.day > 1 else True
    assert f'data-day="{day.isoformat()}"'.encode() in response.content


def test_calendar_pages_through_months(client, personas, base):
    client.force_login(personas.teacher)
    response = client.get(base.get_absolute_url(), {"month": "2027-02"})
    calendar = response.context["calendar"]
    assert (calendar["previous"], calendar["next"]) == ("2027-01", "2027-03")
    days = [cell["day"].day for week in calendar["weeks"] for cell in week if cell]
    assert days == list(range(1, 29))
    # Nonsense falls back to this month rather than failing.
    assert client.get(base.get_absolute_url(), {"month": "13-xx"}).status_code == 200


# Registering a base


def test_an_enterprise_admin_registers_a_base_with_majors_and_a_photo(client, personas):
    client.force_login(personas.enterprise_admin)
    response = client.post(
        reverse("training:base_add"),
        {
            "name": "数控加工共享实训基地",
            "kind": "production_line",
            "capacity": 40,
            "province": "32",
            "city": "苏州市",
            "address": "工业园区 8 号",
            "majors_served": [MajorCategory.objects.get(code="46").pk],
            "co_builders": [personas.school.pk],
            "open_to_all": "on",
        },
    )
    base = TrainingBase.objects.get(name="数控加工共享实训基地")
    assert response.status_code == 302 and response.url == base.get_absolute_url()
    assert base.unit == personas.enterprise
    assert list(base.co_builders.all()) == [personas.school]
    response = client.post(
        reverse("training:base_photo_add", args=[base.pk]), {"image": png(), "caption": "车间"}
    )
    assert response.status_code == 302
    photo = base.photos.get()
    served = client.get(photo.get_absolute_url())
    assert served["Content-Type"] == "image/png" and b"".join(served.streaming_content) == PNG


def test_a_photo_that_is_not_an_image_is_refused(client, personas, base):
    client.force_login(personas.enterprise_admin)
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(reverse("training:base_photo_add", args=[base.pk]), {"image": fake})
    assert response.status_code == 200
    assert "not a PNG / JPEG" in str(response.context["form"].errors)
    assert not base.photos.exists()


def test_the_owner_removes_a_photo(client, personas, base):
    photo = make_photo(base, personas.enterprise_admin)
    client.force_login(personas.enterprise_admin)
    response = client.post(reverse("training:base_photo_remove", args=[photo.pk]))
    assert response.status_code == 302 and not base.photos.exists()


# Booking


def test_the_booking_page_tells_the_room_left_before_submitting(client, personas, base):
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(9), at(12), 6)
    client.force_login(personas.school_staff)
    response = client.get(
        reverse("training:booking_add", args=[base.pk]),
        {"starts_at": local(at(10)), "ends_at": local(at(11))},
    )
    assert response.context["room"]["left"] == 4
    assert b"4 places are left at that time." in response.content
    # And the API the page's script asks says the same.
    answer = client.get(
        reverse("training-api:base-room", args=[base.pk]),
        {"starts_at": at(10).isoformat(), "ends_at": at(11).isoformat()},
    ).json()
    assert (answer["room_left"], answer["message"]) == (4, "4 places are left at that time.")


def test_a_school_books_and_the_owner_is_told(client, personas, base, django_capture_on_commit_callbacks):
    client.force_login(personas.school_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:booking_add", args=[base.pk]),
            {
                "purpose": "student_practice",
                "starts_at": local(at(9)),
                "ends_at": local(at(17)),
                "headcount": 8,
            },
        )
    booking = BaseBooking.objects.get()
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert (booking.unit, booking.status, booking.requested_by) == (
        personas.school,
        BookingStatus.REQUESTED,
        personas.school_staff,
    )
    assert {m.to[0] for m in mail.outbox} >= {personas.enterprise_admin.email}


@pytest.mark.parametrize(
    ("starts", "ends", "headcount", "field", "message"),
    [
        (lambda: at(9, days=-1), lambda: at(10, days=-1), 2, "starts_at", "cannot start in the past"),
        (lambda: at(12), lambda: at(9), 2, "ends_at", "must end after it starts"),
        (lambda: at(9), lambda: at(10), 0, "headcount", "greater than or equal to 1"),
        (lambda: at(9), lambda: at(10), 11, "headcount", "at most 10 people at once"),
        (lambda: at(10), lambda: at(11), 5, "headcount", "Only 4 places are left"),
    ],
    ids=["past", "end-before-start", "zero", "above-capacity", "no-room"],
)
def test_bad_bookings_are_refused_on_the_field(
    client, personas, base, starts, ends, headcount, field, message
):
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(9), at(12), 6)
    client.force_login(personas.school_admin)
    response = client.post(
        reverse("training:booking_add", args=[base.pk]),
        {
            "purpose": "student_practice",
            "starts_at": local(starts()),
            "ends_at": local(ends()),
            "headcount": headcount,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert BaseBooking.objects.count() == 1


def test_the_owner_confirms_from_the_base_page_and_the_booker_cancels(client, personas, base):
    booking = make_booking(base, personas.school_admin, at(9), at(17), 4)
    client.force_login(personas.enterprise_admin)
    page = client.get(base.get_absolute_url())
    assert [b.pk for b in page.context["requests"]] == [booking.pk]
    client.post(reverse("training:booking_confirm", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    client.force_login(personas.school_staff)
    detail = client.get(booking.get_absolute_url())
    assert detail.context["actions"] == {"confirm": False, "decline": False, "cancel": True}
    client.post(reverse("training:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_confirming_when_the_base_filled_up_is_refused_on_the_page(client, personas, base):
    first = make_booking(base, personas.school_admin, at(9), at(12), 6)
    second = make_booking(base, personas.outsider, at(10), at(11), 6)
    services.confirm_booking(first, personas.enterprise_admin)
    client.force_login(personas.enterprise_admin)
    response = client.post(reverse("training:booking_confirm", args=[second.pk]))
    assert response.status_code == 200
    assert "Only 4 places are left at that time. This booking is for 6 people." in str(
        response.context["form"].errors
    )
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED


def test_declining_needs_a_reason(client, personas, base):
    booking = make_booking(base, personas.school_admin, at(9), at(17), 4)
    client.force_login(personas.enterprise_admin)
    response = client.post(reverse("training:booking_decline", args=[booking.pk]), {"reason": " "})
    assert response.status_code == 200
    client.post(reverse("training:booking_decline", args=[booking.pk]), {"reason": "设备检修"})
    booking.refresh_from_db()
    assert (booking.status, booking.decline_reason) == (BookingStatus.DECLINED, "设备检修")


def test_the_booking_list_shows_a_unit_its_own_and_its_bases_bookings(client, personas, base):
    school_base = make_base(personas.school, name="学校基地")
    mine = make_booking(base, personas.school_admin, at(9), at(17), 4)
    theirs = make_booking(school_base, personas.enterprise_admin, at(9), at(17), 4)
    other = make_booking(make_base(make_unit(), name="他人基地"), personas.outsider, at(9), at(17), 1)
    client.force_login(personas.school_staff)
    listed = [
        r.record for r in client.get(reverse("training:booking_list")).context["table"].page.object_list
    ]
    assert sorted(b.pk for b in listed) == sorted([mine.pk, theirs.pk])
    assert other not in listed
