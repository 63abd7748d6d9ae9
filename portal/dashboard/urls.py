from django.urls import path

from portal.dashboard import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/", views.landing, name="landing"),
]
