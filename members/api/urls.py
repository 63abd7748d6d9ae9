from rest_framework.routers import SimpleRouter

from members.api import views

app_name = "members-api"

router = SimpleRouter()
router.register("units", views.MemberUnitViewSet, basename="unit")
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("major-categories", views.MajorCategoryViewSet, basename="majorcategory")
router.register("majors", views.MajorViewSet, basename="major")
router.register("applications", views.MembershipApplicationViewSet, basename="application")

urlpatterns = router.urls
