import django_filters
from django.utils.translation import gettext_lazy as _

from members.choices import SCHOOL_KINDS, UnitKind
from members.models import MajorCategory, MemberUnit
from portal.core.filtersets import CodeMultipleChoiceFilter, ModelMultipleChoiceFilter, PortalFilterSet
from training.choices import OrderClassStatus, StudentOutcome
from training.models import OrderClass, OrderClassStudent, SkillMaster


def _enterprises(request=None):
    return MemberUnit.objects.filter(kind=UnitKind.ENTERPRISE)


def _schools(request=None):
    return MemberUnit.objects.filter(kind__in=SCHOOL_KINDS)


class SkillMasterFilterSet(PortalFilterSet):
    search_fields = (
        "name",
        "position",
        "course",
        "major__name",
        "enterprise__name_zh",
        "enterprise__name_en",
        "school__name_zh",
        "school__name_en",
    )

    enterprise = ModelMultipleChoiceFilter(queryset=_enterprises, label=_("Enterprise"))
    school = ModelMultipleChoiceFilter(queryset=_schools, label=_("School"))
    major_category = CodeMultipleChoiceFilter(
        field_name="major__category__code", queryset=MajorCategory.objects.all(), label=_("Major category")
    )
    year = django_filters.NumberFilter(
        method="filter_year", label=_("Teaching in year"), min_value=2000, max_value=2100
    )

    class Meta:
        model = SkillMaster
        fields = ["q", "enterprise", "school", "major_category", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.active_in(int(value))


class OrderClassFilterSet(PortalFilterSet):
    search_fields = (
        "name",
        "major__name",
        "enterprise__name_zh",
        "enterprise__name_en",
        "school__name_zh",
        "school__name_en",
    )

    enterprise = ModelMultipleChoiceFilter(queryset=_enterprises, label=_("Enterprise"))
    school = ModelMultipleChoiceFilter(queryset=_schools, label=_("School"))
    major_category = CodeMultipleChoiceFilter(
        field_name="major__category__code", queryset=MajorCategory.objects.all(), label=_("Major category")
    )
    cohort_year = django_filters.NumberFilter(label=_("Cohort year"), min_value=2000, max_value=2100)
    status = django_filters.MultipleChoiceFilter(choices=OrderClassStatus.choices, label=_("Status"))

    class Meta:
        model = OrderClass
        fields = ["q", "enterprise", "school", "major_category", "cohort_year", "status"]


class OrderClassStudentFilterSet(PortalFilterSet):
    search_fields = ("student_number", "name", "employer")

    order_class = ModelMultipleChoiceFilter(queryset=OrderClass.objects.all(), label=_("Order class"))
    outcome = django_filters.MultipleChoiceFilter(choices=StudentOutcome.choices, label=_("Outcome"))

    class Meta:
        model = OrderClassStudent
        fields = ["q", "order_class", "outcome"]
