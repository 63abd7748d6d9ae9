from rest_framework.routers import SimpleRouter

from portal.reports.api import views

app_name = "reports-api"

router = SimpleRouter()
router.register("report-runs", views.ReportRunViewSet, basename="report-run")

urlpatterns = router.urls
