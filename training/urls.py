from django.urls import path  # noqa: F401

from training.views import bases, people, placements  # noqa: F401

app_name = "training"

urlpatterns = [
    # Training bases and bookings
    path("bases/", bases.TrainingBaseListView.as_view(), name="base_list"),
    path("bases/add/", bases.TrainingBaseCreateView.as_view(), name="base_add"),
    path("bases/export/<str:fmt>/", bases.TrainingBaseExportView.as_view(), name="base_export"),
    path("bases/<int:pk>/", bases.TrainingBaseDetailView.as_view(), name="base_detail"),
    path("bases/<int:pk>/edit/", bases.TrainingBaseEditView.as_view(), name="base_edit"),
    path("bases/<int:pk>/photos/add/", bases.TrainingBasePhotoCreateView.as_view(), name="base_photo_add"),
    path("bases/<int:pk>/book/", bases.BaseBookingCreateView.as_view(), name="booking_add"),
    path("photos/<int:pk>/", bases.TrainingBasePhotoView.as_view(), name="base_photo"),
    path("photos/<int:pk>/remove/", bases.TrainingBasePhotoRemoveView.as_view(), name="base_photo_remove"),
    path("bookings/", bases.BaseBookingListView.as_view(), name="booking_list"),
    path("bookings/export/<str:fmt>/", bases.BaseBookingExportView.as_view(), name="booking_export"),
    path("bookings/<int:pk>/", bases.BaseBookingDetailView.as_view(), name="booking_detail"),
    path("bookings/<int:pk>/confirm/", bases.BaseBookingConfirmView.as_view(), name="booking_confirm"),
    path("bookings/<int:pk>/decline/", bases.BaseBookingDeclineView.as_view(), name="booking_decline"),
    path("bookings/<int:pk>/cancel/", bases.BaseBookingCancelView.as_view(), name="booking_cancel"),
    # Placement offers, applications and enterprise-practice days
    path("placements/", placements.PlacementOfferListView.as_view(), name="offer_list"),
    path("placements/add/", placements.PlacementOfferCreateView.as_view(), name="offer_add"),
    path("placements/export/<str:fmt>/", placements.PlacementOfferExportView.as_view(), name="offer_export"),
    path("placements/<int:pk>/", placements.PlacementOfferDetailView.as_view(), name="offer_detail"),
    path("placements/<int:pk>/edit/", placements.PlacementOfferEditView.as_view(), name="offer_edit"),
    path("placements/<int:pk>/close/", placements.PlacementOfferCloseView.as_view(), name="offer_close"),
    path("placements/<int:pk>/cancel/", placements.PlacementOfferCancelView.as_view(), name="offer_cancel"),
    path(
        "placements/<int:pk>/apply/", placements.PlacementApplicationCreateView.as_view(), name="offer_apply"
    ),
    path("applications/", placements.PlacementApplicationListView.as_view(), name="application_list"),
    path(
        "applications/export/<str:fmt>/",
        placements.PlacementApplicationExportView.as_view(),
        name="application_export",
    ),
    path(
        "applications/<int:pk>/",
        placements.PlacementApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<int:pk>/approve/",
        placements.ApplicationApproveView.as_view(),
        name="application_approve",
    ),
    path(
        "applications/<int:pk>/decline/",
        placements.ApplicationDeclineView.as_view(),
        name="application_decline",
    ),
    path(
        "applications/<int:pk>/accept/", placements.ApplicationAcceptView.as_view(), name="application_accept"
    ),
    path(
        "applications/<int:pk>/reject/", placements.ApplicationRejectView.as_view(), name="application_reject"
    ),
    path(
        "applications/<int:pk>/withdraw/",
        placements.ApplicationWithdrawView.as_view(),
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/confirm-slot/",
        placements.ApplicationConfirmSlotView.as_view(),
        name="application_confirm_slot",
    ),
    path(
        "applications/<int:pk>/decline-slot/",
        placements.ApplicationDeclineSlotView.as_view(),
        name="application_decline_slot",
    ),
    path(
        "applications/<int:pk>/complete/",
        placements.ApplicationCompleteView.as_view(),
        name="application_complete",
    ),
    path("practice/", placements.MyPracticeView.as_view(), name="practice_mine"),
    path("practice/teachers/", placements.TeacherPracticeListView.as_view(), name="practice_teachers"),
    path("practice/schools/", placements.SchoolPracticeListView.as_view(), name="practice_schools"),
    # Skill masters and order classes
    path("skill-masters/", people.SkillMasterListView.as_view(), name="master_list"),
    path("skill-masters/add/", people.SkillMasterCreateView.as_view(), name="master_add"),
    path("skill-masters/<int:pk>/", people.SkillMasterDetailView.as_view(), name="master_detail"),
    path("skill-masters/<int:pk>/edit/", people.SkillMasterEditView.as_view(), name="master_edit"),
    path("order-classes/", people.OrderClassListView.as_view(), name="order_class_list"),
    path("order-classes/add/", people.OrderClassCreateView.as_view(), name="order_class_add"),
    path("order-classes/export/<str:fmt>/", people.OrderClassExportView.as_view(), name="order_class_export"),
    path("order-classes/<int:pk>/", people.OrderClassDetailView.as_view(), name="order_class_detail"),
    path("order-classes/<int:pk>/edit/", people.OrderClassEditView.as_view(), name="order_class_edit"),
    path(
        "order-classes/<int:pk>/status/<slug:step>/",
        people.OrderClassStepView.as_view(),
        name="order_class_step",
    ),
    path("order-classes/<int:pk>/roster/", people.RosterUploadView.as_view(), name="order_class_roster"),
    path("order-classes/<int:pk>/students/add/", people.StudentCreateView.as_view(), name="student_add"),
    path("students/<int:pk>/edit/", people.StudentEditView.as_view(), name="student_edit"),
    path("students/<int:pk>/remove/", people.StudentRemoveView.as_view(), name="student_remove"),
]
