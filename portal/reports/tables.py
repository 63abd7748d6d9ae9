import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from portal.reports.models import ReportRun

_STATUS_BADGES = {"queued": "secondary", "running": "info", "succeeded": "success", "failed": "danger"}


class ReportRunTable(PortalTable):
    id = tables.Column(linkify=True, verbose_name="#")
    kind = tables.Column(linkify=True)
    period = tables.Column(
        accessor="starts_on", verbose_name=_("Period"), order_by=("starts_on", "ends_on"), empty_values=()
    )
    language = tables.Column()
    status = tables.Column()
    progress = tables.Column()
    requested_by = tables.Column(order_by=("requested_by__name",), default=_("Schedule"))
    requested_at = tables.DateTimeColumn(short=True)
    duration = tables.Column(verbose_name=_("Duration"), orderable=False, empty_values=())

    class Meta(PortalTable.Meta):
        model = ReportRun
        fields = (
            "id",
            "kind",
            "period",
            "language",
            "status",
            "progress",
            "requested_by",
            "requested_at",
            "duration",
        )

    def render_period(self, record):
        return record.period_label

    def render_status(self, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            _STATUS_BADGES[record.status],
            record.get_status_display(),
        )

    def render_progress(self, value):
        return f"{value} %"

    def render_duration(self, record):
        duration = record.duration
        return "—" if duration is None else f"{duration.total_seconds():.1f} s"
