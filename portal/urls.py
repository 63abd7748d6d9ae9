from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portal.dashboard.urls")),
    path("members/", include("members.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("portal.reports.urls")),
    path("imports/", include("portal.imports.urls")),
    path("notifications/", include("portal.core.urls")),
    path("exports/", include("portal.core.export_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("portal.api_urls")),
    path("admin/", admin.site.urls),
]
