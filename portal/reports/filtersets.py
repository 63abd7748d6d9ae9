import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.filtersets import PortalFilterSet
from portal.reports.choices import LANGUAGE_CHOICES, ReportKind, RunStatus
from portal.reports.models import ReportRun

_DATE = forms.DateInput(attrs={"type": "date"})


class ReportRunFilterSet(PortalFilterSet):
    search_fields = ("requested_by__name", "requested_by__username", "error", "stage")

    kind = django_filters.MultipleChoiceFilter(choices=ReportKind.choices, label=_("Report"))
    status = django_filters.MultipleChoiceFilter(choices=RunStatus.choices, label=_("Status"))
    language = django_filters.ChoiceFilter(choices=LANGUAGE_CHOICES, label=_("Language"))
    year = django_filters.NumberFilter(field_name="starts_on", lookup_expr="year", label=_("Year"))
    requested_from = django_filters.DateFilter(
        field_name="requested_at", lookup_expr="date__gte", label=_("Requested from"), widget=_DATE
    )
    requested_to = django_filters.DateFilter(
        field_name="requested_at", lookup_expr="date__lte", label=_("Requested to"), widget=_DATE
    )

    class Meta:
        model = ReportRun
        fields = ["q", "kind", "status", "language", "year", "requested_from", "requested_to"]
