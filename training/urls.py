from django.urls import path  # noqa: F401

from training.views import bases, people, placements  # noqa: F401

app_name = "training"

urlpatterns = [
    # Training bases and bookings
    # Placement offers, applications and enterprise-practice days
    # Skill masters and order classes
]
