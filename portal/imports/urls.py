from django.urls import path

from portal.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportJobListView.as_view(), name="job_list"),
    path("new/<str:kind>/", views.UploadView.as_view(), name="upload"),
    path("templates/<str:language>/<str:kind>.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("<int:pk>/", views.ImportJobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/progress/", views.ImportJobProgressView.as_view(), name="job_progress"),
    path("<int:pk>/columns/", views.ColumnMappingView.as_view(), name="job_columns"),
    path("<int:pk>/confirm/", views.ImportJobConfirmView.as_view(), name="job_confirm"),
    path("<int:pk>/check/", views.ImportJobRecheckView.as_view(), name="job_recheck"),
    path("<int:pk>/discard/", views.ImportJobDiscardView.as_view(), name="job_discard"),
    path("<int:pk>/file/", views.ImportJobFileView.as_view(), name="job_file"),
]
