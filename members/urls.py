from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("directory/", views.DirectoryView.as_view(), name="directory"),
    path("directory/<int:pk>/", views.DirectoryDetailView.as_view(), name="directory_detail"),
    path("apply/", views.ApplyView.as_view(), name="apply"),
    path("apply/done/", views.ApplyDoneView.as_view(), name="apply_done"),
    path("units/", views.MemberUnitListView.as_view(), name="unit_list"),
    path("units/add/", views.MemberUnitCreateView.as_view(), name="unit_add"),
    path("units/export/<str:fmt>/", views.MemberUnitExportView.as_view(), name="unit_export"),
    path("units/<int:pk>/", views.MemberUnitDetailView.as_view(), name="unit_detail"),
    path("units/<int:pk>/edit/", views.MemberUnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/suspend/", views.MemberUnitSuspendView.as_view(), name="unit_suspend"),
    path("units/<int:pk>/withdraw/", views.MemberUnitWithdrawView.as_view(), name="unit_withdraw"),
    path("units/<int:pk>/reinstate/", views.MemberUnitReinstateView.as_view(), name="unit_reinstate"),
    path("units/<int:unit_pk>/people/add/", views.PersonCreateView.as_view(), name="person_add"),
    path("units/<int:unit_pk>/majors/add/", views.MajorCreateView.as_view(), name="major_add"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("majors/", views.MajorListView.as_view(), name="major_list"),
    path("majors/<int:pk>/edit/", views.MajorEditView.as_view(), name="major_edit"),
    path("majors/<int:pk>/delete/", views.MajorDeleteView.as_view(), name="major_delete"),
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/add/", views.CommitteeCreateView.as_view(), name="committee_add"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
    path("committees/<int:pk>/edit/", views.CommitteeEditView.as_view(), name="committee_edit"),
    path("committees/<int:pk>/delete/", views.CommitteeDeleteView.as_view(), name="committee_delete"),
    path("applications/", views.MembershipApplicationListView.as_view(), name="application_list"),
    path(
        "applications/<int:pk>/", views.MembershipApplicationDetailView.as_view(), name="application_detail"
    ),
    path(
        "applications/<int:pk>/approve/",
        views.MembershipApplicationApproveView.as_view(),
        name="application_approve",
    ),
    path(
        "applications/<int:pk>/reject/",
        views.MembershipApplicationRejectView.as_view(),
        name="application_reject",
    ),
]
