from django.contrib import admin

from portal.core.admin import PortalModelAdmin
from portal.reports.models import ReportDraft, ReportRun, TypicalCase


class TypicalCaseInline(admin.StackedInline):
    model = TypicalCase
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(ReportDraft)
class ReportDraftAdmin(PortalModelAdmin):
    list_display = ["year", "modified"]
    filter_horizontal = ["agreements"]
    inlines = [TypicalCaseInline]


@admin.register(ReportRun)
class ReportRunAdmin(PortalModelAdmin):
    """Runs are read here; they are started and retried through the pages and the API, which keep
    one run per set of parameters under way and queue the build."""

    list_display = ["pk", "kind", "starts_on", "ends_on", "language", "status", "progress", "requested_at"]
    list_filter = ["status", "kind", "language"]
    list_select_related = ["requested_by"]
    date_hierarchy = "requested_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
