import django_filters
from django.utils.translation import gettext_lazy as _

from members.choices import ApplicationStatus, CouncilRole, Province, UnitKind, UnitStatus
from members.models import Committee, Industry, Major, MajorCategory, MembershipApplication, MemberUnit
from portal.core.filtersets import CodeMultipleChoiceFilter, ModelMultipleChoiceFilter, PortalFilterSet


class MemberUnitFilterSet(PortalFilterSet):
    search_fields = ("name_zh", "name_en", "short_name", "credit_code")

    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=UnitStatus.choices, label=_("Status"))
    council_role = django_filters.MultipleChoiceFilter(choices=CouncilRole.choices, label=_("Council role"))
    province = django_filters.MultipleChoiceFilter(choices=Province.choices, label=_("Province"))
    industry = CodeMultipleChoiceFilter(
        field_name="industries__code", queryset=Industry.objects.all(), label=_("Industry"), distinct=True
    )
    committee = ModelMultipleChoiceFilter(
        field_name="committees", queryset=Committee.objects.all(), label=_("Committee"), distinct=True
    )

    class Meta:
        model = MemberUnit
        fields = ["q", "kind", "status", "council_role", "province", "industry", "committee"]


class DirectoryFilterSet(PortalFilterSet):
    """The public directory's filters: public fields only."""

    search_fields = ("name_zh", "name_en", "short_name")

    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices, label=_("Kind"))
    province = django_filters.MultipleChoiceFilter(choices=Province.choices, label=_("Province"))
    industry = CodeMultipleChoiceFilter(
        field_name="industries__code", queryset=Industry.objects.all(), label=_("Industry"), distinct=True
    )

    class Meta:
        model = MemberUnit
        fields = ["q", "kind", "province", "industry"]


class CommitteeFilterSet(PortalFilterSet):
    search_fields = ("name_zh", "name_en")

    class Meta:
        model = Committee
        fields = ["q", "chair_unit", "members"]


class IndustryFilterSet(PortalFilterSet):
    search_fields = ("code", "name_zh", "name_en")

    class Meta:
        model = Industry
        fields = ["q", "code"]


class MajorCategoryFilterSet(PortalFilterSet):
    search_fields = ("code", "name_zh", "name_en")

    class Meta:
        model = MajorCategory
        fields = ["q", "code", "industries"]


class MajorFilterSet(PortalFilterSet):
    search_fields = ("code", "name", "unit__name_zh")

    category = ModelMultipleChoiceFilter(queryset=MajorCategory.objects.all(), label=_("Major category"))

    class Meta:
        model = Major
        fields = ["q", "unit", "category", "level"]


class MembershipApplicationFilterSet(PortalFilterSet):
    search_fields = ("name_zh", "name_en", "short_name", "credit_code", "contact_name")

    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))
    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices, label=_("Kind"))

    class Meta:
        model = MembershipApplication
        fields = ["q", "status", "kind", "province"]
