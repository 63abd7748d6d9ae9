"""The pages of teachers' enterprise practice: enterprises' placement offers, teachers'
applications with the school's and the enterprise's decisions, and the practice days against the
requirement for a teacher, a school and the whole group.

Every change goes through :mod:`training.services.placements`; the views declare which service,
form and permission applies, and offer only the actions that the state machine and the rules
allow.
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from members.choices import UnitKind
from portal.core import permissions
from portal.core.exports import ObjectExportMixin
from portal.core.forms import ConfirmForm, ReasonForm
from portal.core.history import history_of
from portal.core.roles import Role
from portal.core.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PermissionMixin,
)
from training import exports
from training.choices import (
    APPLICATION_STATUS,
    LIVE_APPLICATION,
    OFFER_STATUS,
    ApplicationStatus,
    OfferStatus,
)
from training.filtersets.placements import (
    PlacementApplicationFilterSet,
    PlacementOfferFilterSet,
    TeacherPracticeFilterSet,
)
from training.forms.placements import (
    CompletionForm,
    GroupPlacementOfferForm,
    PlacementApplicationForm,
    PlacementOfferForm,
)
from training.models import PlacementApplication, PlacementOffer
from training.querysets.placements import (
    practice_days,
    practice_window_start,
    required_practice_days,
    schools_by_practice,
    teachers_by_practice,
)
from training.services import placements as services
from training.tables.placements import (
    PlacementApplicationTable,
    PlacementOfferTable,
    SchoolPracticeTable,
    TeacherPracticeTable,
)

# The permission each transition of an application asks for, by its name in APPLICATION_STATUS.
_ACTION_OF_STEP = {
    "approve": "approve",
    "decline": "approve",
    "accept": "decide",
    "reject": "decide",
    "withdraw": "withdraw",
    "confirm_slot": "respond",
    "decline_slot": "respond",
    "complete": "complete",
}


def application_actions(user, application: PlacementApplication) -> dict[str, bool]:
    """The transitions ``user`` may take on ``application`` now: those its state allows and the
    permissions grant. The service still checks everything when one is taken."""
    steps = {t.name for t in APPLICATION_STATUS.available(application)}
    # The dates the services check too: a teacher withdraws until the placement ends, and the
    # enterprise confirms completion once it has started.
    today, offer = timezone.localdate(), application.offer
    if today > offer.ends_on:
        steps.discard("withdraw")
    if today < offer.starts_on:
        steps.discard("complete")
    return {
        step: step in steps and permissions.can(user, action, application)
        for step, action in _ACTION_OF_STEP.items()
    }


def waiting_positions(offer) -> dict[int, int]:
    """The place of each application on the offer's waiting list, the first being 1."""
    waiting = PlacementApplication.objects.filter(offer=offer).waiting_list().values_list("pk", flat=True)
    return {pk: position for position, pk in enumerate(waiting, start=1)}


def _offered_by_enterprise(user, model) -> bool:
    """Enterprises post offers; the group may post one for an enterprise it chooses."""
    if permissions.scope(user, "add", model) == permissions.ALL:
        return True
    return user.unit_id is not None and user.unit.kind == UnitKind.ENTERPRISE


# Offers


class PlacementOfferListView(ObjectListView):
    """Open offers for everyone (visitors too, in summary), with the slots taken and free."""

    model = PlacementOffer
    action = "browse"
    filterset_class = PlacementOfferFilterSet
    table_class = PlacementOfferTable
    template_name = "training/offer_list.html"
    add_url_name = "training:offer_add"
    export_url_name = "training:offer_export"

    def get_queryset(self):
        return PlacementOffer.objects.visible_to(self.request.user).with_list_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = context["can_add"] and _offered_by_enterprise(self.request.user, PlacementOffer)
        context["can_view_applications"] = permissions.can(self.request.user, "view", PlacementApplication)
        return context


class PlacementOfferExportView(ObjectExportMixin, PlacementOfferListView):
    export = exports.PLACEMENT_OFFERS


class PlacementOfferDetailView(ObjectDetailView):
    model = PlacementOffer
    action = "browse"
    template_name = "training/offer_detail.html"

    def get_queryset(self):
        return (
            PlacementOffer.objects.visible_to(self.request.user)
            .with_list_related()
            .select_related("posted_by")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        offer = self.object
        may = partial(permissions.can, user)
        applications = list(
            PlacementApplication.objects.visible_to(user).filter(offer=offer).with_list_related()
        )
        positions = waiting_positions(offer)
        for application in applications:
            application.actions = application_actions(user, application)
            application.waiting_position = positions.get(application.pk)
        own = [a for a in applications if a.teacher_id == user.pk]
        others = [a for a in applications if a.teacher_id != user.pk]
        is_teacher = permissions.role_of(user) == Role.TEACHER
        is_open = offer.status == OfferStatus.OPEN
        steps = {t.name for t in OFFER_STATUS.available(offer)}
        in_time = timezone.localdate() <= offer.apply_by
        actions = {
            "edit": offer.status != OfferStatus.CANCELLED and may("change", offer),
            "close": "close" in steps and may("close", offer),
            "cancel": "cancel" in steps and may("cancel", offer),
            "apply": is_open
            and in_time
            and may("add", PlacementApplication)
            and not any(a.status in LIVE_APPLICATION for a in own),
        }
        return super().get_context_data(
            actions=actions,
            applications=others,
            own_applications=own,
            # The enterprise and the group see the card even when it is empty; a school sees its own.
            show_applications=bool(others) or (may("view", offer) and not is_teacher),
            apply_closed=is_open and not in_time and is_teacher,
            slots_free=max(offer.slots - offer.slots_held, 0),
            apply_form=PlacementApplicationForm() if actions["apply"] else None,
            full_record=may("view", offer),
            history=history_of(offer) if may("view_history", offer) else None,
            **kwargs,
        )


class PlacementOfferCreateView(ObjectCreateView):
    model = PlacementOffer
    success_message = _("The offer was posted; teachers of member schools can now apply.")
    cancel_url = reverse_lazy("training:offer_list")

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        if not _offered_by_enterprise(request.user, PlacementOffer):
            raise PermissionDenied  # enterprises offer placements; schools send teachers

    def get_form_class(self):
        if permissions.scope(self.request.user, "add", PlacementOffer) == permissions.ALL:
            return GroupPlacementOfferForm
        return PlacementOfferForm

    def get_initial_instance(self):
        user = self.request.user
        if permissions.scope(user, "add", PlacementOffer) == permissions.OWN:
            return PlacementOffer(unit=user.unit)
        return PlacementOffer()

    def save(self, form):
        return services.post_offer(form.instance, by=self.request.user)


class PlacementOfferEditView(ObjectEditView):
    model = PlacementOffer
    queryset = PlacementOffer.objects.select_related("unit")
    form_class = PlacementOfferForm
    success_message = _("The offer was saved.")

    def save(self, form):
        return services.update_offer(form.instance, by=self.request.user)


class PlacementOfferCancelView(ObjectActionView):
    model = PlacementOffer
    action = "cancel"
    form_class = ReasonForm
    service = services.cancel_offer
    title = _("Call off this placement")
    button_label = _("Cancel the offer")
    button_class = "btn-danger"
    success_message = _("The offer is cancelled; the teachers who applied were told why.")


class PlacementOfferCloseView(ObjectActionView):
    model = PlacementOffer
    action = "close"
    form_class = ConfirmForm
    service = services.close_offer
    title = _("Close this offer")
    button_label = _("Close the offer")
    button_class = "btn-warning"
    success_message = _("The offer is closed; no more teachers can apply.")


# Applications


class PlacementApplicationCreateView(ObjectCreateView):
    """A teacher applies for an offer they can see, with a statement; their school is told."""

    model = PlacementApplication
    form_class = PlacementApplicationForm
    template_name = "training/application_form.html"
    success_message = _("Your application was sent to your school for approval.")

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        offers = PlacementOffer.objects.visible_to(request.user).with_list_related()
        self.parent = get_object_or_404(offers, pk=kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)

    def get_initial_instance(self):
        user = self.request.user
        return PlacementApplication(offer=self.parent, teacher=user, school_id=user.unit_id)

    def save(self, form):
        return services.apply_for_placement(self.parent, self.request.user, form.cleaned_data["statement"])


class PlacementApplicationListView(ObjectListView):
    """A teacher's own applications, a school's teachers', those to an enterprise's offers once
    the school approved them, and all of them for the group."""

    model = PlacementApplication
    filterset_class = PlacementApplicationFilterSet
    table_class = PlacementApplicationTable
    template_name = "training/application_list.html"
    export_url_name = "training:application_export"

    def get_queryset(self):
        return PlacementApplication.objects.visible_to(self.request.user).with_list_related()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # Offer among those the person may see, not every enterprise's closed ones.
        filterset.filters["offer"].queryset = PlacementOffer.objects.visible_to(self.request.user)
        if permissions.role_of(self.request.user) == Role.TEACHER:
            del filterset.filters["school"]  # their own school's, always
        return filterset


class PlacementApplicationExportView(ObjectExportMixin, PlacementApplicationListView):
    export = exports.PLACEMENT_APPLICATIONS


class ApplicationScopeMixin:
    """An application is looked up among those the person sees (a teacher: only their own), then
    restricted to those they may take the view's action on."""

    def get_queryset(self):
        user = self.request.user
        visible = PlacementApplication.objects.visible_to(user).with_list_related()
        return permissions.restrict(visible, user, self.action)


class PlacementApplicationDetailView(ApplicationScopeMixin, ObjectDetailView):
    model = PlacementApplication
    template_name = "training/application_detail.html"

    def get_context_data(self, **kwargs):
        application = self.object
        application.actions = application_actions(self.request.user, application)
        waiting = application.status == ApplicationStatus.WAITLISTED
        return super().get_context_data(
            waiting_position=waiting_positions(application.offer).get(application.pk) if waiting else None,
            history=history_of(application),
            **kwargs,
        )


class PlacementApplicationActionView(ApplicationScopeMixin, ObjectActionView):
    model = PlacementApplication
    template_name = "training/application_action.html"
    form_class = ConfirmForm
    step = ""

    def get_title(self):
        return self.title or APPLICATION_STATUS.transitions[self.step].label


class ApplicationApproveView(PlacementApplicationActionView):
    action = "approve"
    step = "approve"
    service = services.approve_application
    title = _("Approve this application")
    button_label = _("Approve and send to the enterprise")
    button_class = "btn-success"
    success_message = _("The application was approved and sent to the enterprise.")


class ApplicationDeclineView(PlacementApplicationActionView):
    action = "approve"
    step = "decline"
    form_class = ReasonForm
    service = services.decline_application
    title = _("Decline this application")
    button_label = _("Decline the application")
    button_class = "btn-outline-danger"
    success_message = _("The application was declined; the teacher was told why.")


class ApplicationAcceptView(PlacementApplicationActionView):
    action = "decide"
    step = "accept"
    service = services.accept_application
    title = _("Accept this teacher")
    button_label = _("Accept and take a slot")
    button_class = "btn-success"
    success_message = _("The teacher was accepted and holds a slot.")


class ApplicationRejectView(PlacementApplicationActionView):
    action = "decide"
    step = "reject"
    form_class = ReasonForm
    service = services.reject_application
    title = _("Reject this application")
    button_label = _("Reject the application")
    button_class = "btn-outline-danger"
    success_message = _("The application was rejected; the teacher and the school were told why.")


class ApplicationWithdrawView(PlacementApplicationActionView):
    action = "withdraw"
    step = "withdraw"
    service = services.withdraw_application
    title = _("Withdraw your application")
    button_label = pgettext_lazy("placement application", "Withdraw")
    button_class = "btn-outline-danger"
    success_message = _("Your application was withdrawn.")


class ApplicationConfirmSlotView(PlacementApplicationActionView):
    action = "respond"
    step = "confirm_slot"
    service = services.confirm_slot_offer
    title = _("Take the slot offered to you")
    button_label = _("Take the slot")
    button_class = "btn-success"
    success_message = _("You took the slot; the enterprise and your school were told.")


class ApplicationDeclineSlotView(PlacementApplicationActionView):
    action = "respond"
    step = "decline_slot"
    service = services.decline_slot_offer
    title = _("Decline the slot offered to you")
    button_label = _("Decline the slot")
    button_class = "btn-outline-danger"
    success_message = _("You declined the slot; it passes to the next teacher on the waiting list.")


class ApplicationCompleteView(PlacementApplicationActionView):
    action = "complete"
    step = "complete"
    form_class = CompletionForm
    service = services.complete_placement
    title = _("Confirm the completed placement")
    button_label = _("Confirm the days and the evaluation")
    button_class = "btn-success"
    success_message = _("The placement is recorded as completed; the days count for the teacher.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "days": self.object.offer.days}


# Enterprise-practice days


class PracticeMixin(PermissionMixin):
    model = PlacementApplication
    action = "view_practice"

    def get_context_data(self, **kwargs):
        return super().get_context_data(required=required_practice_days(), **kwargs)


class MyPracticeView(PracticeMixin, TemplateView):
    """A teacher's own enterprise-practice days in the last five years against the requirement,
    with the placements they completed."""

    template_name = "training/practice_mine.html"

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        if permissions.role_of(request.user) != Role.TEACHER:
            raise PermissionDenied  # the page is a teacher's own figure

    def get_context_data(self, **kwargs):
        user = self.request.user
        days = practice_days(user)
        since = practice_window_start()
        completed = list(
            PlacementApplication.objects.filter(teacher=user, status=ApplicationStatus.COMPLETED)
            .with_list_related()
            .order_by("-offer__ends_on", "pk")
        )
        for placement in completed:
            placement.counts = placement.offer.ends_on >= since
        return super().get_context_data(
            days=days,
            lacking=max(required_practice_days() - days, 0),
            percent=min(100, round(100 * days / required_practice_days())),
            since=since,
            completed=completed,
            **kwargs,
        )


class TeacherPracticeListView(PracticeMixin, ObjectListView):
    """A school's teachers, those who still lack most first; the group sees every school's and
    may narrow them with the same filters as the API."""

    filterset_class = TeacherPracticeFilterSet
    table_class = TeacherPracticeTable
    template_name = "training/practice_teachers.html"

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        if permissions.role_of(request.user) == Role.TEACHER:
            raise PermissionDenied  # a teacher sees their own figure, not their colleagues'
        self.group = permissions.scope(request.user, self.action, self.model) == permissions.ALL
        if not self.group and not request.user.unit.is_school:
            raise PermissionDenied  # only a school has teachers

    def get_queryset(self):
        return teachers_by_practice(school_ids=None if self.group else [self.request.user.unit_id])

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        if not self.group:
            del filterset.filters["school"]  # their own school's teachers, always
        return filterset

    def get_table_kwargs(self):
        return {"required": required_practice_days()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_see_schools=self.group, **kwargs)


class SchoolPracticeListView(PracticeMixin, SingleTableMixin, TemplateView):
    """Every member school's figures, for the secretariat and the supervisor."""

    template_name = "training/practice_schools.html"
    table_class = SchoolPracticeTable

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        if permissions.scope(request.user, self.action, self.model) != permissions.ALL:
            raise PermissionDenied  # a school sees its own teachers, not the other schools

    def get_queryset(self):
        return schools_by_practice()

    def get_table_pagination(self, table):
        return {"per_page": settings.PAGINATE_BY}
