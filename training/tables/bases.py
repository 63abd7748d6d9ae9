import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from training.models import BaseBooking, TrainingBase


class TrainingBaseTable(PortalTable):
    name = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("Owner"), order_by=("unit__name_zh",))
    kind = tables.Column()
    place = tables.Column(accessor="city", verbose_name=_("Place"), order_by=("province", "city"))
    capacity = tables.Column()
    majors_served = tables.ManyToManyColumn(verbose_name=_("Major categories"), orderable=False)

    class Meta(PortalTable.Meta):
        model = TrainingBase
        fields = ("name", "unit", "kind", "place", "capacity", "majors_served")

    def render_place(self, record):
        return f"{record.get_province_display()} {record.city}"


class FreeTrainingBaseTable(TrainingBaseTable):
    """The list filtered by a day: how many places each base has free throughout it."""

    room = tables.Column(verbose_name=_("Places free that day"))

    class Meta(TrainingBaseTable.Meta):
        fields = (*TrainingBaseTable.Meta.fields, "room")


class BaseBookingTable(PortalTable):
    base = tables.Column(linkify=True, order_by=("base__name",))
    unit = tables.Column(verbose_name=_("Booked by"), order_by=("unit__name_zh",))
    purpose = tables.Column()
    starts_at = tables.DateTimeColumn(short=True, linkify=True)
    ends_at = tables.DateTimeColumn(short=True)
    headcount = tables.Column()
    status = tables.Column()

    class Meta(PortalTable.Meta):
        model = BaseBooking
        fields = ("starts_at", "ends_at", "base", "unit", "purpose", "headcount", "status")

    def render_status(self, record, value):
        colour = {
            "confirmed": "success",
            "requested": "warning",
            "declined": "secondary",
            "cancelled": "light",
        }
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', colour.get(record.status, "light"), value
        )
