from django.contrib import admin

from portal.core.admin import PortalModelAdmin
from training.models import BaseBooking, TrainingBase


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
