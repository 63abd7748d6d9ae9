from django.urls import path

from portal.reports import views

app_name = "reports"

urlpatterns = [
    # Report runs
    path("", views.ReportRunListView.as_view(), name="run_list"),
    path("runs/add/", views.ReportRunStartView.as_view(), name="run_add"),
    path("runs/<int:pk>/", views.ReportRunDetailView.as_view(), name="run_detail"),
    path("runs/<int:pk>/progress/", views.ReportRunProgressView.as_view(), name="run_progress"),
    path("runs/<int:pk>/retry/", views.ReportRunRetryView.as_view(), name="run_retry"),
    path("runs/<int:pk>/report.xlsx", views.ReportRunWorkbookView.as_view(), name="run_xlsx"),
    path("runs/<int:pk>/report.pdf", views.ReportRunPdfView.as_view(), name="run_pdf"),
    # Drafts of the annual report
    path("drafts/", views.ReportDraftListView.as_view(), name="draft_list"),
    path("drafts/<int:year>/", views.ReportDraftEditView.as_view(), name="draft_edit"),
]
