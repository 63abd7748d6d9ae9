import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from training.models import OrderClass, SkillMaster


def percent(rate) -> str:
    """A rate from 0 to 1 as a whole percentage, or a dash while there is nothing to divide."""
    return "—" if rate is None else f"{round(rate * 100)}%"


class SkillMasterTable(PortalTable):
    name = tables.Column(linkify=True)
    enterprise = tables.Column(order_by=("enterprise__name_zh",))
    school = tables.Column(order_by=("school__name_zh",))
    course = tables.Column()
    major = tables.Column(order_by=("major__code",))
    period = tables.Column(accessor="starts_on", verbose_name=_("Period"), order_by=("starts_on", "ends_on"))
    hours = tables.Column()

    class Meta(PortalTable.Meta):
        model = SkillMaster
        fields = ("name", "enterprise", "school", "course", "major", "period", "hours")

    def render_period(self, record):
        return format_html(
            "{} – {}",
            date_format(record.starts_on, "SHORT_DATE_FORMAT"),
            date_format(record.ends_on, "SHORT_DATE_FORMAT"),
        )


class OrderClassTable(PortalTable):
    name = tables.Column(linkify=True)
    enterprise = tables.Column(order_by=("enterprise__name_zh",))
    school = tables.Column(order_by=("school__name_zh",))
    major = tables.Column(order_by=("major__code",))
    cohort_year = tables.Column()
    status = tables.Column()
    enrolment = tables.Column(
        accessor="enrolled", verbose_name=_("Enrolled / planned"), order_by=("enrolled",), empty_values=()
    )
    sponsor_hire_rate = tables.Column(verbose_name=_("Sponsor-hire rate"), empty_values=())

    class Meta(PortalTable.Meta):
        model = OrderClass
        fields = (
            "name",
            "enterprise",
            "school",
            "major",
            "cohort_year",
            "status",
            "enrolment",
            "sponsor_hire_rate",
        )

    def render_enrolment(self, record):
        return f"{record.enrolled} / {record.planned_size}"

    def render_sponsor_hire_rate(self, record):
        return percent(record.sponsor_hire_rate)
