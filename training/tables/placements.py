import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.models import MemberUnit, User
from portal.core.tables import PortalTable
from training.models import PlacementApplication, PlacementOffer


def _period(starts_on, ends_on):
    return format_html(
        "{} – {}", date_format(starts_on, "SHORT_DATE_FORMAT"), date_format(ends_on, "SHORT_DATE_FORMAT")
    )


class PlacementOfferTable(PortalTable):
    """Offers with the slots their accepted teachers hold (``annotate_slots_held``)."""

    title = tables.Column(linkify=True)
    unit = tables.Column(verbose_name=_("Enterprise"), order_by=("unit__name_zh",))
    major_category = tables.Column(order_by=("major_category__code",))
    place = tables.Column()
    period = tables.Column(accessor="starts_on", verbose_name=_("Period"), order_by=("starts_on", "ends_on"))
    apply_by = tables.DateColumn(short=True)
    slots = tables.Column()
    slots_held = tables.Column(verbose_name=_("Taken"))
    slots_free = tables.Column(accessor="slots", verbose_name=_("Free"), empty_values=())
    status = tables.Column()

    class Meta(PortalTable.Meta):
        model = PlacementOffer
        fields = (
            "title",
            "unit",
            "major_category",
            "place",
            "period",
            "apply_by",
            "slots",
            "slots_held",
            "slots_free",
            "status",
        )
        order_by = ("apply_by",)

    def render_period(self, record):
        return _period(record.starts_on, record.ends_on)

    def render_slots_free(self, record):
        free = max(record.slots - record.slots_held, 0)
        badge = "text-bg-success" if free else "text-bg-secondary"
        return format_html('<span class="badge {}">{}</span>', badge, free)

    def order_slots_free(self, queryset, is_descending):
        free = F("slots") - F("slots_held")
        return queryset.order_by(free.desc() if is_descending else free.asc(), "pk"), True


class PlacementApplicationTable(PortalTable):
    teacher = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("teacher__name",))
    school = tables.Column(order_by=("school__name_zh",))
    offer = tables.Column(verbose_name=_("Placement"), linkify=True, order_by=("offer__title",))
    enterprise = tables.Column(
        accessor="offer__unit", verbose_name=_("Enterprise"), order_by=("offer__unit__name_zh",)
    )
    period = tables.Column(
        accessor="offer__starts_on", verbose_name=_("Period"), order_by=("offer__starts_on", "offer__ends_on")
    )
    status = tables.Column()
    days_completed = tables.Column()
    created = tables.DateColumn(short=True, verbose_name=_("Applied"))

    class Meta(PortalTable.Meta):
        model = PlacementApplication
        fields = ("teacher", "school", "offer", "enterprise", "period", "status", "days_completed", "created")
        order_by = ("-created",)

    def render_period(self, record):
        return _period(record.offer.starts_on, record.offer.ends_on)


class ProgressColumn(tables.Column):
    """Days against the requirement (the table's ``required``) as a native progress bar: no inline
    style, which the Content-Security-Policy forbids."""

    def __init__(self, **kwargs):
        super().__init__(accessor="practice_days", orderable=False, empty_values=(), **kwargs)

    def render(self, record, table):
        return format_html(
            '<progress class="w-100" max="{}" value="{}" aria-label="{}">{}</progress>',
            table.required,
            min(record.practice_days, table.required),
            _("Enterprise-practice days"),
            record.practice_days,
        )


class TeacherPracticeTable(PortalTable):
    """Teachers annotated by ``teachers_by_practice``: their days in the last five years and what
    they still lack against ``required``."""

    name = tables.Column(verbose_name=_("Teacher"), order_by=("name", "username"))
    unit = tables.Column(verbose_name=_("School"), order_by=("unit__name_zh",))
    practice_days = tables.Column(verbose_name=_("Days in the last 5 years"))
    progress = ProgressColumn(verbose_name=_("Progress"))
    days_lacking = tables.Column(verbose_name=_("Days still lacking"))

    class Meta(PortalTable.Meta):
        model = User
        fields = ("name", "unit", "practice_days", "progress", "days_lacking")
        order_by = ("-days_lacking",)

    def __init__(self, *args, required: int, **kwargs):
        self.required = required
        super().__init__(*args, **kwargs)

    def render_days_lacking(self, value):
        if not value:
            return format_html('<span class="badge text-bg-success">{}</span>', _("Requirement met"))
        return value


class SchoolPracticeTable(PortalTable):
    """Schools annotated by ``schools_by_practice``; each links to its teachers' figures."""

    name_zh = tables.Column(
        verbose_name=_("School"),
        linkify=lambda record: reverse("training:practice_teachers") + f"?school={record.pk}",
    )
    teachers = tables.Column(verbose_name=_("Teachers"))
    teachers_meeting = tables.Column(verbose_name=_("Meeting the requirement"))
    share = tables.Column(
        accessor="teachers_meeting", verbose_name=_("Share"), orderable=False, empty_values=()
    )
    practice_days = tables.Column(verbose_name=_("Days in the last 5 years"))

    class Meta(PortalTable.Meta):
        model = MemberUnit
        fields = ("name_zh", "teachers", "teachers_meeting", "share", "practice_days")
        order_by = ("name_zh",)

    def render_name_zh(self, record):
        return str(record)

    def render_share(self, record):
        if not record.teachers:
            return "—"
        return f"{100 * record.teachers_meeting / record.teachers:.0f}%"
