from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect
from django.views.generic import TemplateView

from members.choices import UnitKind
from members.models import Committee, Major, MemberUnit
from portal.core.permissions import role_of
from portal.core.roles import GROUP_ROLES


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


@login_required
def landing(request):
    """Where a person lands after logging in: the register for the secretariat and supervisors,
    their own unit's page for everyone else."""
    user = request.user
    if role_of(user) in GROUP_ROLES or user.unit_id is None:
        return redirect("members:unit_list")
    return redirect("members:unit_detail", user.unit_id)
