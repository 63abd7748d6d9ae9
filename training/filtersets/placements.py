"""Filters shared by the placement pages and the placement API."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from members.choices import SCHOOL_KINDS, Province
from members.models import MajorCategory, MemberUnit
from portal.core.filtersets import CodeMultipleChoiceFilter, ModelMultipleChoiceFilter, PortalFilterSet
from training.choices import ApplicationStatus, OfferStatus
from training.models import PlacementApplication, PlacementOffer

_DATE = forms.DateInput(attrs={"type": "date"})


class PlacementOfferFilterSet(PortalFilterSet):
    search_fields = ("title", "description", "place", "unit__name_zh", "unit__name_en", "unit__short_name")

    major_category = CodeMultipleChoiceFilter(
        field_name="major_category__code", queryset=MajorCategory.objects.all(), label=_("Major category")
    )
    province = django_filters.MultipleChoiceFilter(choices=Province.choices, label=_("Province"))
    unit = ModelMultipleChoiceFilter(
        queryset=MemberUnit.objects.exclude(kind__in=sorted(SCHOOL_KINDS)), label=_("Enterprise")
    )
    status = django_filters.MultipleChoiceFilter(choices=OfferStatus.choices, label=_("Status"))
    open_on = django_filters.DateFilter(method="filter_open_on", label=_("Under way on"), widget=_DATE)
    has_free_slots = django_filters.BooleanFilter(
        method="filter_has_free_slots",
        label=_("Has free slots"),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = PlacementOffer
        fields = ["q", "major_category", "province", "unit", "status", "open_on", "has_free_slots"]

    def filter_open_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)

    def filter_has_free_slots(self, queryset, name, value):
        return queryset.with_free_slots() if value else queryset.without_free_slots()


class PlacementApplicationFilterSet(PortalFilterSet):
    search_fields = (
        "teacher__name",
        "offer__title",
        "offer__unit__name_zh",
        "offer__unit__name_en",
        "school__name_zh",
        "school__name_en",
    )

    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    offer = ModelMultipleChoiceFilter(queryset=PlacementOffer.objects.all(), label=_("Placement offer"))
    school = ModelMultipleChoiceFilter(
        queryset=MemberUnit.objects.filter(kind__in=sorted(SCHOOL_KINDS)), label=_("School")
    )

    class Meta:
        model = PlacementApplication
        fields = ["q", "status", "offer", "school"]


class TeacherPracticeFilterSet(PortalFilterSet):
    """Filters the teachers of ``teachers_by_practice`` (annotated with their practice days)."""

    search_fields = ("name", "username", "unit__name_zh", "unit__name_en")

    school = ModelMultipleChoiceFilter(
        field_name="unit",
        queryset=MemberUnit.objects.filter(kind__in=sorted(SCHOOL_KINDS)),
        label=_("School"),
    )
    lacking = django_filters.BooleanFilter(
        method="filter_lacking",
        label=_("Still lacking days"),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "school", "lacking"]

    def filter_lacking(self, queryset, name, value):
        return queryset.filter(days_lacking__gt=0) if value else queryset.filter(days_lacking=0)
