from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from members.choices import UnitKind
from members.models import Committee, Major, MemberUnit
from portal.core.permissions import role_of
from portal.core.roles import GROUP_ROLES, Role
from portal.dashboard import queries


class HomeView(TemplateView):
    """The public front page: what the group is and who is in it."""

    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        units = MemberUnit.objects.public()
        by_kind = dict(units.values_list("kind").annotate(n=Count("pk")))
        return super().get_context_data(
            unit_count=sum(by_kind.values()),
            kinds=[(label, by_kind.get(value, 0)) for value, label in UnitKind.choices if by_kind.get(value)],
            committee_count=Committee.objects.count(),
            major_count=Major.objects.filter(unit__status="active").count(),
            leading_school=units.filter(is_leading_school=True).first(),
            council=units.exclude(council_role="member").order_by("council_role", "name_zh")[:12],
            **kwargs,
        )


def chart(key: str, kind: str, title, labels, datasets, **options) -> dict:
    """A chart for static/js/dashboard.js: the page renders ``config`` with json_script under
    ``id`` and a canvas that names it; the script draws it with Chart.js. ``datasets`` are
    (label, numbers) pairs."""
    datasets = [(label, list(data)) for label, data in datasets]
    return {
        "id": f"chart-{key}",
        "title": title,
        "empty": not any(any(data) for _label, data in datasets),
        "config": {
            "type": kind,
            "labels": [str(label) for label in labels],
            "datasets": [{"label": str(label), "data": data} for label, data in datasets],
            **options,
        },
    }


def _pairs_chart(key, kind, title, pairs, series_label, **options):
    return chart(
        key, kind, title, [label for label, _ in pairs], [(series_label, [n for _, n in pairs])], **options
    )


class DashboardView(LoginRequiredMixin, TemplateView):
    """Where a person lands after logging in: the group's figures and chain map for the
    secretariat and the supervisor, a unit's own figures and what waits for its people, or a
    teacher's applications and practice days."""

    def get_template_names(self):
        return [f"dashboard/{self.kind}.html"]

    @property
    def kind(self) -> str:
        role = role_of(self.request.user)
        if role in GROUP_ROLES or self.request.user.unit_id is None:
            return "group"
        return "teacher" if role == Role.TEACHER else "unit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(getattr(self, f"{self.kind}_context")(), expiring_days=queries.EXPIRING_DAYS)
        return context

    def group_context(self) -> dict:
        figures = queries.group_figures()
        months = [month.strftime("%Y-%m") for month in figures["months"]]
        outcomes = figures["outcomes"]["by_outcome"]
        return {
            "figures": figures,
            "chain": queries.chain_map(),
            "charts": [
                _pairs_chart(
                    "members", "doughnut", _("Member units by kind"), figures["units_by_kind"], _("Units")
                ),
                chart("trends", "line", _("The last twelve months"), months, figures["trends"]),
                _pairs_chart(
                    "classes", "bar", _("Order classes by status"), figures["classes"], _("Classes")
                ),
                _pairs_chart(
                    "outcomes",
                    "bar",
                    _("Order-class students by outcome"),
                    outcomes,
                    _("Students"),
                    horizontal=True,
                ),
            ],
        }

    def unit_context(self) -> dict:
        figures = queries.unit_figures(self.request.user)
        return {
            "figures": figures,
            "charts": [
                _pairs_chart(
                    "applications",
                    "doughnut",
                    _("Placement applications by status"),
                    figures["applications_by_status"],
                    _("Placement applications"),
                ),
                _pairs_chart(
                    "outcomes",
                    "bar",
                    _("Order-class students by outcome"),
                    figures["outcomes"]["by_outcome"],
                    _("Students"),
                    horizontal=True,
                ),
            ],
        }

    def teacher_context(self) -> dict:
        figures = queries.teacher_figures(self.request.user)
        return {
            "figures": figures,
            "charts": [
                chart(
                    "practice",
                    "bar",
                    _("Enterprise-practice days by year"),
                    figures["years"],
                    [(_("Days completed"), figures["days_by_year"])],
                ),
                _pairs_chart(
                    "applications",
                    "doughnut",
                    _("My applications by status"),
                    figures["applications_by_status"],
                    _("Placement applications"),
                ),
            ],
        }


landing = DashboardView.as_view()
