from rest_framework.routers import SimpleRouter

app_name = "training-api"

router = SimpleRouter()
# Training bases and bookings
# Placement offers and applications
# Skill masters and order classes

urlpatterns = router.urls
