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


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer", "Open")
    CLOSED = "closed", pgettext_lazy("offer", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("offer", "Cancelled")


# Closing stops new applications and leaves the placement to run; cancelling calls it off.
OFFER_STATUS = StateMachine(
    "status",
    Transition("close", pgettext_lazy("offer", "Close"), frozenset({OfferStatus.OPEN}), OfferStatus.CLOSED),
    Transition(
        "cancel",
        pgettext_lazy("offer", "Cancel"),
        frozenset({OfferStatus.OPEN, OfferStatus.CLOSED}),
        OfferStatus.CANCELLED,
        True,
    ),
)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application", "Awaiting school approval")
    SCHOOL_DECLINED = "school_declined", pgettext_lazy("application", "Declined by the school")
    APPROVED = "approved", pgettext_lazy("application", "Awaiting the enterprise")
    WAITLISTED = "waitlisted", pgettext_lazy("application", "On the waiting list")
    OFFERED = "offered", pgettext_lazy("application", "Slot offered")
    ACCEPTED = "accepted", pgettext_lazy("application", "Accepted")
    REJECTED = "rejected", pgettext_lazy("application", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")
    COMPLETED = "completed", pgettext_lazy("application", "Completed")
    # A slot offered from the waiting list that the teacher did not confirm in time.
    LAPSED = "lapsed", pgettext_lazy("application", "Slot offer lapsed")


A = ApplicationStatus
# An application that is still in play: a teacher holds at most one of these per offer.
LIVE_APPLICATION = frozenset({A.SUBMITTED, A.APPROVED, A.WAITLISTED, A.OFFERED, A.ACCEPTED, A.COMPLETED})
# The applications that hold one of an offer's slots. A slot offered from the waiting list is held
# for its teacher until the offer's deadline.
HOLDS_SLOT = frozenset({A.ACCEPTED, A.OFFERED, A.COMPLETED})
# The placements that occupy a teacher's time: no two of these may overlap.
OCCUPIES_TEACHER = frozenset({A.ACCEPTED, A.OFFERED})

# Approval and acceptance may land on the waiting list instead: the service picks the target.
APPLICATION_STATUS = StateMachine(
    "status",
    Transition("approve", pgettext_lazy("application", "Approve"), frozenset({A.SUBMITTED}), A.APPROVED),
    Transition(
        "decline", pgettext_lazy("application", "Decline"), frozenset({A.SUBMITTED}), A.SCHOOL_DECLINED, True
    ),
    Transition("accept", pgettext_lazy("application", "Accept"), frozenset({A.APPROVED}), A.ACCEPTED),
    Transition(
        "reject",
        pgettext_lazy("application", "Reject"),
        frozenset({A.APPROVED, A.WAITLISTED}),
        A.REJECTED,
        True,
    ),
    Transition(
        "withdraw",
        pgettext_lazy("application", "Withdraw"),
        frozenset({A.SUBMITTED, A.APPROVED, A.WAITLISTED, A.ACCEPTED}),
        A.WITHDRAWN,
    ),
    Transition(
        "confirm_slot", pgettext_lazy("application", "Take the slot"), frozenset({A.OFFERED}), A.ACCEPTED
    ),
    Transition(
        "decline_slot", pgettext_lazy("application", "Decline the slot"), frozenset({A.OFFERED}), A.WITHDRAWN
    ),
    Transition(
        "complete", pgettext_lazy("application", "Confirm completion"), frozenset({A.ACCEPTED}), A.COMPLETED
    ),
)


class OrderClassStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("order class", "Planned")
    ENROLLING = "enrolling", pgettext_lazy("order class", "Enrolling")
    TRAINING = "training", pgettext_lazy("order class", "Training")
    GRADUATED = "graduated", pgettext_lazy("order class", "Graduated")


class StudentOutcome(models.TextChoices):
    IN_TRAINING = "in_training", _("In training")
    GRADUATED = "graduated", _("Graduated")
    HIRED_BY_SPONSOR = "hired_by_sponsor", _("Hired by the ordering enterprise")
    HIRED_ELSEWHERE = "hired_elsewhere", _("Hired elsewhere")
    LEFT = "left", _("Left the class")


# Students who finished the programme: the denominator of the sponsor-hire rate.
GRADUATE_OUTCOMES = frozenset(
    {StudentOutcome.GRADUATED, StudentOutcome.HIRED_BY_SPONSOR, StudentOutcome.HIRED_ELSEWHERE}
)
