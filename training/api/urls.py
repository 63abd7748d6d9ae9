from rest_framework.routers import SimpleRouter

from training.api import bases, people, placements

app_name = "training-api"

router = SimpleRouter()
# Training bases and bookings
router.register("bases", bases.TrainingBaseViewSet, basename="base")
router.register("bookings", bases.BaseBookingViewSet, basename="booking")
# Placement offers and applications
router.register("placement-offers", placements.PlacementOfferViewSet, basename="placement-offer")
router.register(
    "placement-applications", placements.PlacementApplicationViewSet, basename="placement-application"
)
router.register("practice-days", placements.TeacherPracticeViewSet, basename="practice-days")
router.register("practice-schools", placements.SchoolPracticeViewSet, basename="practice-schools")
# Skill masters and order classes
router.register("skill-masters", people.SkillMasterViewSet, basename="skill-master")
router.register("order-classes", people.OrderClassViewSet, basename="order-class")
router.register("order-class-students", people.OrderClassStudentViewSet, basename="order-class-student")

urlpatterns = router.urls
