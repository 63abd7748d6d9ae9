from django.urls import path

from portal.core import views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/", views.ExportJobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/progress/", views.ExportJobProgressView.as_view(), name="job_progress"),
    path("<int:pk>/file/", views.ExportJobFileView.as_view(), name="job_file"),
]
