import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cooperation.choices import IN_FORCE
from cooperation.models import Agreement, TrainingNeed
from portal.core import permissions
from portal.core.tables import PortalTable


class PartiesColumn(tables.Column):
    def __init__(self, **kwargs):
        super().__init__(orderable=False, empty_values=(), **kwargs)

    def render(self, record):
        # The prefetched parties, by role: "甲方 苏州工业职院", with the full name on hover.
        return format_html_join(
            mark_safe("<br>"),
            '<span title="{}"><span class="badge text-bg-light">{}</span> {}</span>',
            (
                (p.unit.name_zh, p.get_role_display(), p.unit.short_name or p.unit.name_zh)
                for p in record.parties.all()
            ),
        )


class AgreementTable(PortalTable):
    number = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    kind = tables.Column()
    parties = PartiesColumn(verbose_name=_("Parties"))
    status = tables.Column()
    starts_on = tables.DateColumn(short=True)
    ends_on = tables.DateColumn(short=True)
    days_left = tables.Column(
        accessor="ends_on", order_by=("ends_on",), verbose_name=_("Days left"), empty_values=()
    )

    class Meta(PortalTable.Meta):
        model = Agreement
        fields = ("number", "title", "kind", "parties", "status", "starts_on", "ends_on", "days_left")

    def render_days_left(self, record):
        if record.status not in IN_FORCE:
            return "—"
        return record.days_left


class ProposalCountColumn(tables.Column):
    """How many schools answered: for the enterprise that posted the need and the group only."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), **kwargs)

    def render(self, record, table):
        if not permissions.can(table.request.user, "view", record):
            return "—"
        return record.proposal_count


class TrainingNeedTable(PortalTable):
    title = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("Enterprise"), order_by=("unit__name_zh",))
    kind = tables.Column()
    industry = tables.Column(order_by=("industry__code",))
    headcount = tables.Column()
    period = tables.Column(accessor="starts_on", verbose_name=_("Period"), order_by=("starts_on", "ends_on"))
    place = tables.Column()
    deadline = tables.DateColumn(short=True)
    status = tables.Column()
    proposal_count = ProposalCountColumn(verbose_name=_("Proposals"), order_by=("proposal_count",))

    class Meta(PortalTable.Meta):
        model = TrainingNeed
        fields = (
            "title",
            "unit",
            "kind",
            "industry",
            "headcount",
            "period",
            "place",
            "deadline",
            "status",
            "proposal_count",
        )
        order_by = ("deadline",)

    def render_period(self, record):
        return format_html(
            "{} – {}",
            date_format(record.starts_on, "SHORT_DATE_FORMAT"),
            date_format(record.ends_on, "SHORT_DATE_FORMAT"),
        )
