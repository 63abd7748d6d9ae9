from simple_history.admin import SimpleHistoryAdmin

from portal.core import permissions


class PortalModelAdmin(SimpleHistoryAdmin):
    """Admin pages that ask the permissions module, not Django's per-model permission table:
    the secretariat edits, the supervision office only reads, and querysets are scoped the same
    way as the pages and the API."""

    def get_queryset(self, request):
        return permissions.restrict(super().get_queryset(request), request.user, "view")

    def has_module_permission(self, request):
        return permissions.can(request.user, "view", self.model)

    def has_view_permission(self, request, obj=None):
        return permissions.can(request.user, "view", obj or self.model)

    def has_add_permission(self, request):
        return permissions.can(request.user, "add", self.model)

    def has_change_permission(self, request, obj=None):
        return permissions.can(request.user, "change", obj or self.model)

    def has_delete_permission(self, request, obj=None):
        return permissions.can(request.user, "delete", obj or self.model)
