import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.filtersets import PortalFilterSet
from portal.imports.choices import ImportKind, ImportStatus
from portal.imports.models import ImportJob

_DATE = forms.DateInput(attrs={"type": "date"})


class ImportJobFilterSet(PortalFilterSet):
    search_fields = ("file_name", "created_by__name", "created_by__username")

    kind = django_filters.MultipleChoiceFilter(choices=ImportKind.choices, label=_("What is imported"))
    status = django_filters.MultipleChoiceFilter(choices=ImportStatus.choices, label=_("Status"))
    uploaded_from = django_filters.DateFilter(
        field_name="created", lookup_expr="date__gte", label=_("Uploaded from"), widget=_DATE
    )
    uploaded_to = django_filters.DateFilter(
        field_name="created", lookup_expr="date__lte", label=_("Uploaded to"), widget=_DATE
    )

    class Meta:
        model = ImportJob
        fields = ["q", "kind", "status", "uploaded_from", "uploaded_to"]
