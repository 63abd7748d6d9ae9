from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from members import services
from members.models import Committee, Industry, Major, MajorCategory, MembershipApplication, MemberUnit, User
from portal.core import permissions
from portal.core.admin import PortalModelAdmin
from portal.core.workflow import WorkflowError


@admin.register(Industry)
class IndustryAdmin(PortalModelAdmin):
    list_display = ["code", "name_zh", "name_en"]


@admin.register(MajorCategory)
class MajorCategoryAdmin(PortalModelAdmin):
    list_display = ["code", "name_zh", "name_en"]
    filter_horizontal = ["industries"]


@admin.register(MemberUnit)
class MemberUnitAdmin(PortalModelAdmin):
    list_display = ["name_zh", "kind", "province", "city", "council_role", "status", "joined_on"]
    list_filter = ["kind", "status", "council_role", "province"]
    search_fields = ["name_zh", "name_en", "short_name", "credit_code"]
    filter_horizontal = ["industries"]
    readonly_fields = ["status", "left_on"]


@admin.register(Committee)
class CommitteeAdmin(PortalModelAdmin):
    list_display = ["name_zh", "chair_unit", "founded_on"]
    filter_horizontal = ["members"]


@admin.register(Major)
class MajorAdmin(PortalModelAdmin):
    list_display = ["code", "name", "unit", "category", "level", "yearly_intake"]
    list_filter = ["level", "category"]
    search_fields = ["code", "name", "unit__name_zh"]
    list_select_related = ["unit", "category"]


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(PortalModelAdmin):
    list_display = ["name_zh", "kind", "credit_code", "status", "created"]
    list_filter = ["status", "kind"]
    actions = ["approve"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve the selected applications"))
    def approve(self, request, queryset):
        if not permissions.can(request.user, "decide", self.model):
            return
        for application in queryset:
            try:
                services.approve_application(application, by=request.user)
            except WorkflowError as error:
                self.message_user(request, f"{application}: {error.message}", messages.ERROR)


@admin.register(User)
class PersonAdmin(UserAdmin, PortalModelAdmin):
    list_display = ["username", "name", "email", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "name", "email"]
    list_select_related = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["name", "email", "phone", "role", "unit", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "name", "email", "role", "unit", "password1", "password2"]})
    ]
    history_list_display = ["role", "is_active"]
