from rest_framework.routers import SimpleRouter

from cooperation.api import views

app_name = "cooperation-api"

router = SimpleRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("needs", views.TrainingNeedViewSet, basename="need")
router.register("proposals", views.ProposalViewSet, basename="proposal")

urlpatterns = router.urls
