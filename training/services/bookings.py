"""The workflow of base bookings. Pages, the API and the admin all call these; each locks the rows
it checks and changes them in one transaction, records history and notifies people on commit.

The rule that matters: at every moment, the confirmed bookings of a base hold no more places than
its capacity. ``confirm_booking`` locks the base's row before it counts, so confirmations of one
base are taken one after another and each sees the ones confirmed before it."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.choices import UnitStatus
from members.models import User
from members.services import unit_people
from portal.core.notifications import notify
from portal.core.roles import Role
from portal.core.workflow import InvalidInput, WorkflowError
from training.choices import BOOKING_STATUS, BookingStatus
from training.models import BaseBooking, TrainingBase


def room_left(base: TrainingBase, starts_at: datetime, ends_at: datetime, exclude=None) -> int:
    """How many more people the base can take throughout [starts_at, ends_at): its capacity less
    the most places its confirmed bookings hold at any moment of it."""
    bookings = base.bookings.all()
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude.pk)
    return max(base.capacity - bookings.peak_headcount(starts_at, ends_at), 0)


def _places_left_message(left: int) -> str:
    if left == 0:
        return _("The base is fully booked at that time.")
    return ngettext(
        "Only %(left)d place is left at that time.", "Only %(left)d places are left at that time.", left
    ) % {"left": left}


def _check_times(starts_at, ends_at) -> None:
    if starts_at is None:
        raise InvalidInput(_("Enter when the booking starts."), "starts_at")
    if ends_at is None:
        raise InvalidInput(_("Enter when the booking ends."), "ends_at")
    if ends_at <= starts_at:
        raise InvalidInput(_("The booking must end after it starts."), "ends_at")
    if starts_at < timezone.now():
        raise InvalidInput(_("A booking cannot start in the past."), "starts_at")


def request_booking(booking: BaseBooking, by: User) -> BaseBooking:
    """A unit asks to book a base; the base's owner is told and decides."""
    with transaction.atomic():
        base = TrainingBase.objects.select_related("unit").get(pk=booking.base_id)
        unit = booking.unit
        if by.unit_id != unit.pk:
            raise InvalidInput(_("You can only book for your own unit."), "unit")
        if unit.status != UnitStatus.ACTIVE:
            raise InvalidInput(_("Only active member units can book a training base."), "unit")
        if not TrainingBase.objects.bookable_by(unit).filter(pk=base.pk).exists():
            raise InvalidInput(_("This training base is not open to your unit."), "base")
        _check_times(booking.starts_at, booking.ends_at)
        headcount = booking.headcount
        if headcount is None or headcount < 1:
            raise InvalidInput(_("The headcount must be at least 1."), "headcount")
        if headcount > base.capacity:
            raise InvalidInput(
                _("The base takes at most %(capacity)d people at once.") % {"capacity": base.capacity},
                "headcount",
            )
        # Told now rather than at confirmation; the owner's confirmation checks again, under lock.
        left = room_left(base, booking.starts_at, booking.ends_at)
        if headcount > left:
            raise InvalidInput(_places_left_message(left), "headcount")
        booking.status = BookingStatus.REQUESTED
        booking.requested_by = by
        try:
            booking.full_clean(exclude=["base", "unit", "requested_by"])
        except ValidationError as error:
            raise InvalidInput.from_validation_error(error) from error
        booking.save()
        notify(
            unit_people([base.unit_id]),
            _("%(unit)s asks to book %(base)s") % {"unit": unit, "base": base},
            "training/notifications/booking_requested.txt",
            {"booking": booking, "base": base},
        )
    return booking


def confirm_booking(booking: BaseBooking, by: User) -> BaseBooking:
    """The owner confirms a request if the base still has room for it throughout its time."""
    with transaction.atomic():
        # The base's row first: every confirmation of this base waits here for the one before.
        base = TrainingBase.objects.select_for_update().get(pk=booking.base_id)
        booking = BaseBooking.objects.select_for_update().select_related("unit").get(pk=booking.pk)
        step = BOOKING_STATUS.check(booking, "confirm")
        if booking.ends_at <= timezone.now():
            raise WorkflowError(_("This booking's time has already passed."))
        left = room_left(base, booking.starts_at, booking.ends_at, exclude=booking)
        if booking.headcount > left:
            raise WorkflowError(
                _("%(message)s This booking is for %(headcount)d people.")
                % {"message": _places_left_message(left), "headcount": booking.headcount}
            )
        booking.status = step.target
        booking.decided_by = by
        booking.decided_at = timezone.now()
        booking.save()
        notify(
            [*unit_people([booking.unit_id], roles=(Role.UNIT_ADMIN, Role.UNIT_STAFF)), booking.requested_by],
            _("Your booking of %(base)s is confirmed") % {"base": base},
            "training/notifications/booking_confirmed.txt",
            {"booking": booking, "base": base},
        )
    return booking


def decline_booking(booking: BaseBooking, by: User, reason: str) -> BaseBooking:
    with transaction.atomic():
        booking = BaseBooking.objects.select_for_update().select_related("base", "unit").get(pk=booking.pk)
        step = BOOKING_STATUS.check(booking, "decline")
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput(_("Say why the booking is declined."), "decline_reason")
        booking.status = step.target
        booking.decided_by = by
        booking.decided_at = timezone.now()
        booking.decline_reason = reason
        booking._change_reason = reason
        booking.save()
        notify(
            [*unit_people([booking.unit_id], roles=(Role.UNIT_ADMIN, Role.UNIT_STAFF)), booking.requested_by],
            _("Your booking of %(base)s was declined") % {"base": booking.base},
            "training/notifications/booking_declined.txt",
            {"booking": booking, "base": booking.base, "reason": reason},
        )
    return booking


def cancel_booking(booking: BaseBooking, by: User) -> BaseBooking:
    """The booker cancels a request or a confirmed booking that has not ended; its places free up."""
    with transaction.atomic():
        booking = BaseBooking.objects.select_for_update().select_related("base", "unit").get(pk=booking.pk)
        step = BOOKING_STATUS.check(booking, "cancel")
        if booking.ends_at <= timezone.now():
            raise WorkflowError(_("A booking that has ended cannot be cancelled."))
        was = booking.get_status_display()
        booking.status = step.target
        booking.save()
        notify(
            unit_people([booking.base.unit_id]),
            _("%(unit)s cancelled its booking of %(base)s") % {"unit": booking.unit, "base": booking.base},
            "training/notifications/booking_cancelled.txt",
            {"booking": booking, "base": booking.base, "was": was, "by": by},
        )
    return booking
