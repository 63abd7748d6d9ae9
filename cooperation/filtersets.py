from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.choices import AgreementKind, AgreementStatus, NeedKind, NeedStatus, ProposalStatus
from cooperation.models import Agreement, Proposal, TrainingNeed
from members.choices import Province, UnitKind
from members.models import Industry, MajorCategory, MemberUnit
from portal.core.filtersets import CodeMultipleChoiceFilter, ModelMultipleChoiceFilter, PortalFilterSet

_DATE = forms.DateInput(attrs={"type": "date"})


class AgreementFilterSet(PortalFilterSet):
    search_fields = (
        "number",
        "title",
        "parties__unit__name_zh",
        "parties__unit__name_en",
        "parties__unit__short_name",
    )

    kind = django_filters.MultipleChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    party = ModelMultipleChoiceFilter(
        field_name="parties__unit", queryset=MemberUnit.objects.all(), label=_("Party"), distinct=True
    )
    party_kind = django_filters.MultipleChoiceFilter(
        field_name="parties__unit__kind", choices=UnitKind.choices, label=_("Party kind"), distinct=True
    )
    year = django_filters.NumberFilter(field_name="signed_on", lookup_expr="year", label=_("Year signed"))
    expiring_within = django_filters.NumberFilter(
        method="filter_expiring", label=_("Ends within (days)"), min_value=0, max_value=3650
    )

    class Meta:
        model = Agreement
        fields = ["q", "kind", "status", "party", "party_kind", "year", "expiring_within"]

    def filter_expiring(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.in_force().filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=int(value)))


class TrainingNeedFilterSet(PortalFilterSet):
    search_fields = ("title", "description", "place", "unit__name_zh", "unit__name_en")

    kind = django_filters.MultipleChoiceFilter(choices=NeedKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=NeedStatus.choices, label=_("Status"))
    industry = CodeMultipleChoiceFilter(
        field_name="industry__code", queryset=Industry.objects.all(), label=_("Industry")
    )
    major_category = CodeMultipleChoiceFilter(
        field_name="major_categories__code",
        queryset=MajorCategory.objects.all(),
        label=_("Major category"),
        distinct=True,
    )
    province = django_filters.MultipleChoiceFilter(
        field_name="unit__province", choices=Province.choices, label=_("Province")
    )
    deadline_from = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label=_("Answer by, from"), widget=_DATE
    )
    deadline_to = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label=_("Answer by, to"), widget=_DATE
    )
    unanswered = django_filters.BooleanFilter(
        method="filter_unanswered",
        label=_("No proposal after 14 days"),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = TrainingNeed
        fields = [
            "q",
            "kind",
            "status",
            "industry",
            "major_category",
            "province",
            "deadline_from",
            "deadline_to",
        ]

    def filter_unanswered(self, queryset, name, value):
        unanswered = queryset.unanswered()
        return unanswered if value else queryset.exclude(pk__in=unanswered.values("pk"))


class ProposalFilterSet(PortalFilterSet):
    search_fields = ("offer", "need__title", "unit__name_zh", "unit__name_en")

    status = django_filters.MultipleChoiceFilter(choices=ProposalStatus.choices, label=_("Status"))

    class Meta:
        model = Proposal
        fields = ["q", "need", "status"]
