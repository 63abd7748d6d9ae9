from django import forms
from django.contrib import admin

from portal.core import permissions
from portal.core.admin import PortalModelAdmin
from portal.core.workflow import InvalidInput
from training.models import (
    BaseBooking,
    OrderClass,
    OrderClassStudent,
    PlacementApplication,
    PlacementOffer,
    SkillMaster,
    TrainingBase,
)
from training.services import placements as placement_services


@admin.register(TrainingBase)
class TrainingBaseAdmin(PortalModelAdmin):
    list_display = ["name", "unit", "kind", "province", "city", "capacity", "open_to_all"]
    list_filter = ["kind", "province", "open_to_all"]
    search_fields = ["name", "unit__name_zh", "address"]
    list_select_related = ["unit"]
    filter_horizontal = ["majors_served", "co_builders", "open_to"]
    autocomplete_fields = ["unit"]


@admin.register(BaseBooking)
class BaseBookingAdmin(PortalModelAdmin):
    """Bookings are read here; they change only through the workflow (the pages and the API), which
    keeps confirmed headcounts within each base's capacity."""

    list_display = ["base", "unit", "purpose", "starts_at", "ends_at", "headcount", "status"]
    list_filter = ["status", "purpose"]
    search_fields = ["base__name", "unit__name_zh"]
    list_select_related = ["base", "unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Skill masters and order classes


@admin.register(SkillMaster)
class SkillMasterAdmin(PortalModelAdmin):
    """Read here; recorded through the pages and the API, which keep a unit to its own records."""

    list_display = ["name", "enterprise", "school", "course", "starts_on", "ends_on", "hours"]
    search_fields = ["name", "course", "enterprise__name_zh", "school__name_zh"]
    list_select_related = ["enterprise", "school"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderClassStudentInline(admin.TabularInline):
    model = OrderClassStudent
    fields = ["student_number", "name", "outcome", "employer"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return permissions.can(request.user, "view", OrderClassStudent)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OrderClass)
class OrderClassAdmin(PortalModelAdmin):
    """Read here with the roster; the status moves one step at a time and outcomes follow it only
    through the workflow (the pages and the API)."""

    list_display = ["name", "enterprise", "school", "major", "cohort_year", "planned_size", "status"]
    list_filter = ["status", "cohort_year"]
    search_fields = ["name", "enterprise__name_zh", "school__name_zh"]
    list_select_related = ["enterprise", "school", "major"]
    inlines = [OrderClassStudentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Placement offers and applications


class PlacementOfferAdminForm(forms.ModelForm):
    class Meta:
        model = PlacementOffer
        fields = [
            "unit",
            "title",
            "description",
            "major_category",
            "place",
            "province",
            "starts_on",
            "ends_on",
            "slots",
            "apply_by",
        ]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            placement_services.check_offer(self.instance)
        except InvalidInput as error:
            for field, messages in error.errors.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)


@admin.register(PlacementOffer)
class PlacementOfferAdmin(PortalModelAdmin):
    """Offers are posted and changed through the workflow's rules, here as on the pages; closing
    and cancelling are steps of the workflow (the pages and the API)."""

    form = PlacementOfferAdminForm
    list_display = ["title", "unit", "major_category", "starts_on", "ends_on", "slots", "apply_by", "status"]
    list_filter = ["status", "province", "major_category"]
    search_fields = ["title", "unit__name_zh", "place"]
    list_select_related = ["unit", "major_category"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["status", "posted_by"]

    def get_readonly_fields(self, request, obj=None):
        # An offer stays with the enterprise that posted it.
        return [*self.readonly_fields, "unit"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            placement_services.update_offer(obj, request.user)
        else:
            placement_services.post_offer(obj, request.user)


@admin.register(PlacementApplication)
class PlacementApplicationAdmin(PortalModelAdmin):
    """Applications are read here; they move only through the workflow (the pages and the API),
    which keeps the slots and the waiting list right."""

    list_display = ["teacher", "school", "offer", "status", "days_completed", "created"]
    list_filter = ["status"]
    search_fields = ["teacher__name", "offer__title", "school__name_zh", "offer__unit__name_zh"]
    list_select_related = ["teacher", "school", "offer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
