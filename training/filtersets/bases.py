import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from members.choices import Province, UnitKind
from members.models import MajorCategory
from portal.core.filtersets import CodeMultipleChoiceFilter, ModelMultipleChoiceFilter, PortalFilterSet
from training.choices import BaseKind, BookingPurpose, BookingStatus
from training.models import BaseBooking, TrainingBase

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingBaseFilterSet(PortalFilterSet):
    search_fields = ("name", "address", "city", "equipment", "unit__name_zh", "unit__name_en")

    kind = django_filters.MultipleChoiceFilter(choices=BaseKind.choices, label=_("Kind"))
    major_category = CodeMultipleChoiceFilter(
        field_name="majors_served__code",
        queryset=MajorCategory.objects.all(),
        label=_("Major category"),
        distinct=True,
    )
    province = django_filters.MultipleChoiceFilter(choices=Province.choices, label=_("Province"))
    owner_kind = django_filters.MultipleChoiceFilter(
        field_name="unit__kind", choices=UnitKind.choices, label=_("Owner kind")
    )
    free_on = django_filters.DateFilter(method="filter_free_on", label=_("Free on"), widget=_DATE)
    places = django_filters.NumberFilter(
        method="filter_places", label=_("Places needed"), min_value=1, max_value=100000
    )

    class Meta:
        model = TrainingBase
        fields = ["q", "kind", "major_category", "province", "owner_kind", "free_on", "places"]

    def filter_free_on(self, queryset, name, value):
        places = self.form.cleaned_data.get("places") or 1
        return queryset.free_on(value, int(places))

    def filter_places(self, queryset, name, value):
        return queryset  # read with "free on": places free throughout that day


class BaseBookingFilterSet(PortalFilterSet):
    search_fields = ("base__name", "unit__name_zh", "unit__name_en", "note")

    status = django_filters.MultipleChoiceFilter(choices=BookingStatus.choices, label=_("Status"))
    purpose = django_filters.MultipleChoiceFilter(choices=BookingPurpose.choices, label=_("Purpose"))
    base = ModelMultipleChoiceFilter(queryset=TrainingBase.objects.all(), label=_("Training base"))
    starts_from = django_filters.DateFilter(
        field_name="ends_at", lookup_expr="date__gte", label=_("Under way from"), widget=_DATE
    )
    starts_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("Under way until"), widget=_DATE
    )

    class Meta:
        model = BaseBooking
        fields = ["q", "status", "purpose", "base", "starts_from", "starts_to"]
