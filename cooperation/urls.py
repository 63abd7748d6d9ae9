from django.urls import path

from cooperation import views

app_name = "cooperation"

urlpatterns = [
    # Agreements
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/add/", views.AgreementCreateView.as_view(), name="agreement_add"),
    path("agreements/export/<str:fmt>/", views.AgreementExportView.as_view(), name="agreement_export"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.AgreementEditView.as_view(), name="agreement_edit"),
    path("agreements/<int:pk>/submit/", views.AgreementSubmitView.as_view(), name="agreement_submit"),
    path("agreements/<int:pk>/sign/", views.AgreementSignView.as_view(), name="agreement_sign"),
    path(
        "agreements/<int:pk>/paper/", views.AgreementRecordPaperView.as_view(), name="agreement_record_paper"
    ),
    path(
        "agreements/<int:pk>/terminate/", views.AgreementTerminateView.as_view(), name="agreement_terminate"
    ),
    path("agreements/<int:pk>/renew/", views.AgreementRenewView.as_view(), name="agreement_renew"),
    path("agreements/<int:pk>/amend/", views.AgreementAmendView.as_view(), name="agreement_amend"),
    path(
        "agreements/<int:pk>/documents/add/",
        views.AgreementDocumentCreateView.as_view(),
        name="agreement_document_add",
    ),
    path("documents/<int:pk>/", views.AgreementDocumentDownloadView.as_view(), name="agreement_document"),
    # Training needs
    path("needs/", views.TrainingNeedListView.as_view(), name="need_list"),
    path("needs/unanswered/", views.UnansweredNeedListView.as_view(), name="need_unanswered"),
    path("needs/add/", views.TrainingNeedCreateView.as_view(), name="need_add"),
    path("needs/export/<str:fmt>/", views.TrainingNeedExportView.as_view(), name="need_export"),
    path("needs/<int:pk>/", views.TrainingNeedDetailView.as_view(), name="need_detail"),
    path("needs/<int:pk>/edit/", views.TrainingNeedEditView.as_view(), name="need_edit"),
    path("needs/<int:pk>/close/", views.TrainingNeedCloseView.as_view(), name="need_close"),
    path(
        "needs/<int:pk>/agreement/",
        views.TrainingNeedDraftAgreementView.as_view(),
        name="need_draft_agreement",
    ),
    path("needs/<int:need_pk>/propose/", views.ProposalCreateView.as_view(), name="proposal_add"),
    path("proposals/<int:pk>/withdraw/", views.ProposalWithdrawView.as_view(), name="proposal_withdraw"),
    path("proposals/<int:pk>/accept/", views.ProposalAcceptView.as_view(), name="proposal_accept"),
]
