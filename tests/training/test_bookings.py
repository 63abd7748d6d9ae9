"""The booking workflow of shared training bases, called as the pages and the API will call it:
requests and their checks, confirmation within capacity, declining, cancelling, the room left,
notifications and who may do what."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from members.choices import UnitStatus
from portal.core import permissions
from portal.core.models import Notification
from portal.core.workflow import InvalidInput, WorkflowError
from tests.training.builders import at, make_base, make_booking, make_confirmed
from training.choices import BookingStatus
from training.models import BaseBooking, TrainingBase
from training.querysets.bases import peak_headcount
from training.services import bookings as services


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def base(personas):
    """The enterprise's base for 10 people at once; the school books it."""
    return make_base(personas.enterprise, capacity=10)


def recipients():
    return sorted(n.recipient.username for n in Notification.objects.all())


def field_of(error: InvalidInput) -> str:
    (field,) = error.errors
    return field


# The peak and the room left


def test_peak_headcount_sweeps_over_time():
    bookings = [(at(9), at(12), 6), (at(11), at(14), 4), (at(14), at(16), 7)]
    assert peak_headcount(bookings, at(8), at(18)) == 10
    assert peak_headcount(bookings, at(9), at(11)) == 6
    # Back to back is not at the same time: the 4 leave at 14:00 as the 7 come in.
    assert peak_headcount(bookings, at(13), at(15)) == 7
    assert peak_headcount(bookings, at(16), at(18)) == 0
    assert peak_headcount([], at(9), at(10)) == 0


def test_room_left_with_bookings_at_different_times(personas, base):
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(9), at(12), 6)
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(11), at(14), 4)
    assert services.room_left(base, at(10), at(11)) == 4  # only the 6 are there
    assert services.room_left(base, at(11), at(12)) == 0  # 6 + 4
    assert services.room_left(base, at(9), at(14)) == 0
    assert services.room_left(base, at(12), at(14)) == 6
    assert services.room_left(base, at(14), at(16)) == 10
    assert services.room_left(base, at(9), at(12, days=4)) == 0
    assert services.room_left(base, at(9, days=4), at(12, days=4)) == 10

    fits = make_booking(base, personas.school_staff, at(10), at(11), 2)
    services.confirm_booking(fits, personas.enterprise_admin)
    assert services.room_left(base, at(10), at(11)) == 2

    with pytest.raises(InvalidInput) as refused:
        make_booking(base, personas.school_staff, at(11), at(12), 2)
    assert field_of(refused.value) == "headcount"
    assert "fully booked" in refused.value.message


def test_requests_hold_no_places_until_confirmed(personas, base):
    first = make_booking(base, personas.school_admin, at(9), at(12), 8)
    second = make_booking(base, personas.school_admin, at(10), at(11), 5)
    assert services.room_left(base, at(9), at(12)) == 10

    services.confirm_booking(first, personas.enterprise_admin)
    with pytest.raises(WorkflowError) as refused:
        services.confirm_booking(second, personas.enterprise_admin)
    assert "Only 2 places are left" in refused.value.message
    assert "5 people" in refused.value.message
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED  # nothing half-done: still waiting

    # Once the first is cancelled, the second fits.
    services.cancel_booking(first, personas.school_staff)
    services.confirm_booking(second, personas.enterprise_admin)
    assert services.room_left(base, at(9), at(12)) == 5


def test_back_to_back_bookings_each_take_the_whole_base(personas, base):
    make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(8), at(12), 10)
    after = make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(12), at(16), 10)
    assert after.status == BookingStatus.CONFIRMED


def test_other_bases_do_not_count(personas, base):
    other = make_base(personas.enterprise, capacity=10, name="虚拟仿真实训中心")
    make_confirmed(other, personas.school_admin, personas.enterprise_admin, at(9), at(12), 10)
    assert services.room_left(base, at(9), at(12)) == 10


# Bad input


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "headcount", "field"),
    [
        (lambda: at(12), lambda: at(9), 2, "ends_at"),
        (lambda: at(9), lambda: at(9), 2, "ends_at"),
        (
            lambda: timezone.now() - timedelta(hours=2),
            lambda: timezone.now() + timedelta(hours=2),
            2,
            "starts_at",
        ),
        (lambda: at(9), lambda: at(12), 0, "headcount"),
        (lambda: at(9), lambda: at(12), 11, "headcount"),
    ],
    ids=["ends-before-start", "no-length", "in-the-past", "headcount-0", "above-capacity"],
)
def test_bad_requests_are_refused_on_their_field(personas, base, starts_at, ends_at, headcount, field):
    with pytest.raises(InvalidInput) as refused:
        make_booking(base, personas.school_admin, starts_at(), ends_at(), headcount)
    assert field_of(refused.value) == field
    assert not BaseBooking.objects.exists()
    assert not Notification.objects.exists()


def test_above_capacity_says_the_capacity(personas, base):
    with pytest.raises(InvalidInput, match="at most 10 people"):
        make_booking(base, personas.school_admin, at(9), at(12), 11)


def test_a_base_open_to_listed_units_only(personas):
    base = make_base(personas.enterprise, open_to_all=False, open_to=[personas.school])
    assert make_booking(base, personas.school_admin, at(9), at(12), 3).pk
    with pytest.raises(InvalidInput) as refused:
        make_booking(base, personas.outsider, at(9), at(12), 3)
    assert field_of(refused.value) == "base"
    # Its owner and the units that built it with the owner may always book it.
    assert make_booking(base, personas.enterprise_staff, at(13), at(14), 3).pk
    co_built = make_base(personas.enterprise, open_to_all=False, co_builders=[personas.other_school])
    assert make_booking(co_built, personas.outsider, at(9), at(12), 3).pk


def test_an_inactive_unit_cannot_book(personas, base):
    personas.school.status = UnitStatus.SUSPENDED
    personas.school.save()
    with pytest.raises(InvalidInput) as refused:
        make_booking(base, personas.school_admin, at(9), at(12), 3)
    assert field_of(refused.value) == "unit"


def test_nobody_books_for_another_unit(personas, base):
    with pytest.raises(InvalidInput) as refused:
        make_booking(base, personas.outsider, at(9), at(12), 3, unit=personas.school)
    assert field_of(refused.value) == "unit"


# Transitions


def test_request_is_recorded_and_the_owners_admins_are_told(personas, base):
    booking = make_booking(base, personas.school_staff, at(9), at(12), 3, note="机电 2301 班")
    assert booking.status == BookingStatus.REQUESTED
    assert booking.requested_by == personas.school_staff
    assert recipients() == ["erin"]  # the owner's administrator, not its staff
    notification = Notification.objects.get()
    assert "asks to book" in notification.title
    assert "机电 2301 班" in notification.body and "Headcount: 3" in notification.body
    assert booking.history.count() == 1


def test_confirming_tells_the_booker(personas, base):
    booking = make_booking(base, personas.school_staff, at(9), at(12), 3)
    Notification.objects.all().delete()
    services.confirm_booking(booking, personas.enterprise_admin)
    booking.refresh_from_db()
    assert (booking.status, booking.decided_by) == (BookingStatus.CONFIRMED, personas.enterprise_admin)
    assert booking.decided_at is not None
    assert recipients() == ["alice", "bob"]
    assert "is confirmed" in Notification.objects.first().title


def test_declining_needs_a_reason_and_tells_the_booker(personas, base):
    booking = make_booking(base, personas.school_admin, at(9), at(12), 3)
    Notification.objects.all().delete()
    with pytest.raises(InvalidInput) as refused:
        services.decline_booking(booking, personas.enterprise_admin, "  ")
    assert field_of(refused.value) == "decline_reason"
    services.decline_booking(booking, personas.enterprise_admin, "设备检修")
    booking.refresh_from_db()
    assert (booking.status, booking.decline_reason) == (BookingStatus.DECLINED, "设备检修")
    assert recipients() == ["alice", "bob"]
    assert "设备检修" in Notification.objects.first().body
    with pytest.raises(WorkflowError):
        services.confirm_booking(booking, personas.enterprise_admin)


def test_cancelling_frees_the_places_and_tells_the_owner(personas, base):
    booking = make_confirmed(base, personas.school_admin, personas.enterprise_admin, at(9), at(12), 10)
    assert services.room_left(base, at(9), at(12)) == 0
    Notification.objects.all().delete()
    services.cancel_booking(booking, personas.school_staff)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert services.room_left(base, at(9), at(12)) == 10
    assert recipients() == ["erin"]
    with pytest.raises(WorkflowError):
        services.cancel_booking(booking, personas.school_admin)


def test_a_declined_booking_cannot_be_cancelled(personas, base):
    booking = make_booking(base, personas.school_admin, at(9), at(12), 3)
    services.decline_booking(booking, personas.enterprise_admin, "满员")
    with pytest.raises(WorkflowError):
        services.cancel_booking(booking, personas.school_admin)


def test_an_ended_booking_cannot_be_cancelled_nor_confirmed(personas, base):
    now = timezone.now()
    ended = BaseBooking.objects.create(
        base=base,
        unit=personas.school,
        purpose="student_practice",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=1),
        headcount=3,
    )
    with pytest.raises(WorkflowError, match="already passed"):
        services.confirm_booking(ended, personas.enterprise_admin)
    ended.status = BookingStatus.CONFIRMED
    ended.save()
    with pytest.raises(WorkflowError, match="has ended"):
        services.cancel_booking(ended, personas.school_admin)


# Who may do what


def test_base_rules(personas, base):
    for user in (personas.teacher, personas.school_staff, personas.outsider, personas.supervisor):
        assert permissions.can(user, "view", base)
    assert not permissions.can(_visitor(), "view", TrainingBase)
    assert permissions.can(personas.enterprise_admin, "change", base)
    assert permissions.can(personas.secretariat, "change", base)
    for user in (personas.school_admin, personas.enterprise_staff, personas.supervisor):
        assert not permissions.can(user, "change", base)
    assert permissions.can(personas.school_admin, "add", TrainingBase)
    assert not permissions.can(personas.school_staff, "add", TrainingBase)


def test_bases_visible_to_each_unit(personas, base):
    closed = make_base(personas.enterprise, name="封闭基地", open_to_all=False, open_to=[personas.school])
    assert set(TrainingBase.objects.visible_to(personas.school_staff)) == {base, closed}
    assert set(TrainingBase.objects.visible_to(personas.outsider)) == {base}
    assert set(TrainingBase.objects.visible_to(personas.enterprise_staff)) == {base, closed}
    assert set(TrainingBase.objects.visible_to(personas.supervisor)) == {base, closed}
    assert not TrainingBase.objects.visible_to(_visitor()).exists()


def test_booking_rules(personas, base):
    booking = make_booking(base, personas.school_staff, at(9), at(12), 3)
    expected = {
        # user:                    view   add    decide cancel
        "secretariat": (True, False, True, False),
        "supervisor": (True, False, False, False),
        "school_admin": (True, True, False, True),
        "school_staff": (True, True, False, True),
        "teacher": (False, False, False, False),
        "enterprise_admin": (True, False, True, False),
        "enterprise_staff": (True, False, False, False),
        "outsider": (False, False, False, False),
    }
    for name, allowed in expected.items():
        user = getattr(personas, name)
        got = tuple(permissions.can(user, action, booking) for action in ("view", "add", "decide", "cancel"))
        assert got == allowed, name
    assert list(BaseBooking.objects.for_user(personas.enterprise_staff)) == [booking]
    assert list(BaseBooking.objects.for_user(personas.school_staff)) == [booking]
    assert not BaseBooking.objects.for_user(personas.outsider).exists()
    assert list(BaseBooking.objects.for_user(personas.enterprise_admin, "decide")) == [booking]
    assert not BaseBooking.objects.for_user(personas.school_admin, "decide").exists()


def _visitor():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_a_request_can_be_cancelled_before_the_owner_decides(personas, base):
    booking = make_booking(base, personas.school_staff, at(9), at(12), 3)
    services.cancel_booking(booking, personas.school_admin)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    with pytest.raises(WorkflowError):
        services.confirm_booking(booking, personas.enterprise_admin)
