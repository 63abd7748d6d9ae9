from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.workflow import StateMachine, Transition


class BaseKind(models.TextChoices):
    PRODUCTION_LINE = "production_line", _("Real production line")
    SIMULATED = "simulated", _("Simulated")
    VIRTUAL = "virtual", _("Virtual simulation")


class BookingPurpose(models.TextChoices):
    STUDENT_PRACTICE = "student_practice", _("Student practical training")
    STAFF_TRAINING = "staff_training", _("Enterprise staff training")
    TEACHER_TRAINING = "teacher_training", _("Teacher training")
    SOCIAL_TRAINING = "social_training", _("Social training")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("booking", "Requested")
    CONFIRMED = "confirmed", pgettext_lazy("booking", "Confirmed")
    DECLINED = "declined", pgettext_lazy("booking", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")


B = BookingStatus
BOOKING_STATUS = StateMachine(
    "status",
    Transition("confirm", pgettext_lazy("booking", "Confirm"), frozenset({B.REQUESTED}), B.CONFIRMED),
    Transition("decline", pgettext_lazy("booking", "Decline"), frozenset({B.REQUESTED}), B.DECLINED, True),
    Transition(
        "cancel", pgettext_lazy("booking", "Cancel"), frozenset({B.REQUESTED, B.CONFIRMED}), B.CANCELLED
    ),
)
# The bookings that hold places at a base; a request holds none until the owner confirms it.
HOLDS_PLACES = frozenset({B.CONFIRMED})
