"""What the lists of training bases, bookings, placements and order classes hold as spreadsheets
(see portal.core.exports)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.exports import Export, ExportColumn, Field
from training.models import BaseBooking, OrderClass, PlacementApplication, PlacementOffer, TrainingBase

TRAINING_BASES = Export(
    TrainingBase,
    "training-bases",
    [
        Field("name", width=36),
        Field("unit", width=36),
        Field("kind", width=18),
        "province",
        "city",
        Field("address", width=40),
        "capacity",
        Field("majors_served", width=36),
        Field("co_builders", width=40),
        "open_to_all",
        Field("open_to", width=40),
        Field("agreement", width=40),
        "equipment",
    ],
    select_related=("agreement",),
    prefetch_related=("co_builders", "open_to"),
)

BASE_BOOKINGS = Export(
    BaseBooking,
    "base-bookings",
    [
        Field("base", width=36),
        ExportColumn(_("Owner"), "base.unit", width=36),
        Field("unit", width=36),
        Field("purpose", width=22),
        "starts_at",
        "ends_at",
        "headcount",
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
        Field("decline_reason", width=40),
        Field("note", width=40),
    ],
)

# The offer's own dates: its fields' names ("starts on") read as an agreement's in Chinese.
FIRST_DAY = pgettext_lazy("placement", "First day")
LAST_DAY = pgettext_lazy("placement", "Last day")

PLACEMENT_OFFERS = Export(
    PlacementOffer,
    "placement-offers",
    [
        Field("title", width=40),
        Field("unit", width=36),
        Field("major_category", width=30),
        Field("place", width=30),
        "province",
        ExportColumn(FIRST_DAY, "starts_on", width=12),
        ExportColumn(LAST_DAY, "ends_on", width=12),
        ExportColumn(pgettext_lazy("placement", "Days"), "days"),
        "slots",
        ExportColumn(_("Taken"), "slots_held"),
        ExportColumn(_("Free"), lambda offer: max(offer.slots - offer.slots_held, 0)),
        "apply_by",
        "status",
        "posted_by",
    ],
    select_related=("posted_by",),
)

PLACEMENT_APPLICATIONS = Export(
    PlacementApplication,
    "placement-applications",
    [
        "teacher",
        Field("school", width=36),
        ExportColumn(_("Placement"), "offer.title", width=40),
        ExportColumn(_("Enterprise"), "offer.unit", width=36),
        ExportColumn(FIRST_DAY, "offer.starts_on", width=12),
        ExportColumn(LAST_DAY, "offer.ends_on", width=12),
        Field("status", width=20),
        ExportColumn(_("Applied"), lambda application: timezone.localdate(application.created), width=12),
        "school_decided_at",
        "enterprise_decided_at",
        "days_completed",
        "evaluation",
    ],
)


def _percent(rate):
    return None if rate is None else round(rate * 100, 1)


ORDER_CLASSES = Export(
    OrderClass,
    "order-classes",
    [
        Field("name", width=36),
        Field("enterprise", width=36),
        Field("school", width=36),
        Field("major", width=30),
        ExportColumn(_("Major category"), "major.category", width=30),
        "cohort_year",
        "planned_size",
        ExportColumn(pgettext_lazy("order class count", "Enrolled"), "enrolled"),
        ExportColumn(pgettext_lazy("order class count", "Left"), "left"),
        ExportColumn(pgettext_lazy("order class count", "Graduates"), "graduates"),
        ExportColumn(
            pgettext_lazy("order class count", "Hired by the ordering enterprise"), "hired_by_sponsor"
        ),
        ExportColumn(pgettext_lazy("order class count", "Hired elsewhere"), "hired_elsewhere"),
        ExportColumn(_("Sponsor-hire rate (%)"), lambda order_class: _percent(order_class.sponsor_hire_rate)),
        Field("status", width=14),
        Field("agreement", width=40),
    ],
)
