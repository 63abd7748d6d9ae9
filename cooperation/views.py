"""The pages of the cooperation register: agreements with their parties, signatures and documents,
and enterprises' training needs with the schools' proposals.

Every change goes through :mod:`cooperation.services`; the views declare which service, form and
permission applies, and offer only the actions that the state machines and the rules allow.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from cooperation import exports, services
from cooperation.choices import AGREEMENT_STATUS, NEED_STATUS, PROPOSAL_STATUS
from cooperation.filtersets import AgreementFilterSet, TrainingNeedFilterSet
from cooperation.forms import (
    AgreementDocumentForm,
    AgreementForm,
    AmendmentForm,
    GroupTrainingNeedForm,
    PaperSigningForm,
    PartyFormSet,
    ProposalForm,
    TrainingNeedForm,
    party_rows,
)
from cooperation.models import Agreement, AgreementDocument, Proposal, TrainingNeed
from cooperation.tables import AgreementTable, TrainingNeedTable
from members.choices import UnitKind
from portal.core import permissions
from portal.core.exports import ObjectExportMixin
from portal.core.forms import ConfirmForm, ReasonForm
from portal.core.history import history_of
from portal.core.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ParentObjectMixin,
    PermissionMixin,
    file_response,
    show_refusal,
)
from portal.core.workflow import WorkflowError

# Agreements


class AgreementListView(ObjectListView):
    model = Agreement
    queryset = Agreement.objects.with_list_related()
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    template_name = "cooperation/agreement_list.html"
    add_url_name = "cooperation:agreement_add"
    export_url_name = "cooperation:agreement_export"


class AgreementExportView(ObjectExportMixin, AgreementListView):
    export = exports.AGREEMENTS


class AgreementDetailView(ObjectDetailView):
    model = Agreement
    queryset = Agreement.objects.with_detail_related()
    template_name = "cooperation/agreement_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        agreement = self.object
        may = partial(permissions.can, user)
        steps = {t.name for t in AGREEMENT_STATUS.available(agreement)}
        own_party = next((p for p in agreement.parties.all() if p.unit_id == user.unit_id), None)
        actions = {
            "edit": agreement.is_editable() and may("change", agreement),
            "submit": "submit" in steps and may("change", agreement),
            # A party confirms for itself; the others' signatures are theirs to give.
            "sign": "sign" in steps
            and own_party is not None
            and not own_party.has_signed
            and may("sign", agreement),
            "record_paper": "record_paper" in steps and may("sign", agreement),
            "terminate": "terminate" in steps and may("terminate", agreement),
            "renew": agreement.can_renew() and may("change", agreement),
            "amend": agreement.can_amend() and may("change", agreement),
            "upload": may("add", AgreementDocument(agreement=agreement)),
        }
        return super().get_context_data(
            actions=actions,
            steps=AGREEMENT_STATUS.transitions,
            own_party=own_party,
            history=history_of(agreement) if may("view_history", agreement) else None,
            **kwargs,
        )


class AgreementFormMixin:
    """The agreement's form with its parties beside it; the service saves both together."""

    model = Agreement
    form_class = AgreementForm
    template_name = "cooperation/agreement_form.html"

    def get_party_rows(self) -> list[dict]:
        raise NotImplementedError

    def get_parties(self):
        if not hasattr(self, "_parties"):
            data = self.request.POST if self.request.method == "POST" else None
            self._parties = PartyFormSet(data, prefix="parties", initial=self.get_party_rows())
        return self._parties

    def get_context_data(self, **kwargs):
        return super().get_context_data(parties=self.get_parties(), **kwargs)

    def form_valid(self, form):
        # Before it has parties a new agreement belongs to no unit, so the service checks that a
        # unit's administrator registers only agreements their own unit is a party to.
        parties = self.get_parties()
        if not parties.is_valid():
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                self.object = self.save(form, parties.parties())
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.object.get_absolute_url())


class AgreementCreateView(AgreementFormMixin, ObjectCreateView):
    success_message = _("The agreement was registered as a draft.")
    cancel_url = reverse_lazy("cooperation:agreement_list")

    def get_party_rows(self):
        user = self.request.user
        # A unit's administrator registers their own unit's agreements: it is party A to start with.
        own = permissions.scope(user, "add", Agreement) == permissions.OWN
        return party_rows(first_unit=user.unit if own else None)

    def save(self, form, parties):
        return services.register_agreement(form.instance, parties, by=self.request.user)


class AgreementEditView(AgreementFormMixin, ObjectEditView):
    queryset = Agreement.objects.with_list_related()
    success_message = _("The draft was saved.")

    def get_party_rows(self):
        return party_rows(self.object.parties.all())

    def save(self, form, parties):
        return services.update_agreement(form.instance, parties, by=self.request.user)


class AgreementActionView(ObjectActionView):
    model = Agreement
    queryset = Agreement.objects.with_list_related()
    form_class = ConfirmForm
    step = ""

    def get_title(self):
        return self.title or AGREEMENT_STATUS.transitions[self.step].label


class AgreementSubmitView(AgreementActionView):
    action = "change"
    step = "submit"
    service = services.submit_for_signature
    button_label = _("Send to the parties for signature")
    success_message = _("The agreement was sent to the parties for their signatures.")


class AgreementSignView(AgreementActionView):
    action = "sign"
    step = "sign"
    title = _("Confirm your unit's signature")
    button_label = _("Confirm the signature")
    button_class = "btn-success"
    success_message = _("Your unit's signature is recorded.")

    @staticmethod
    def service(agreement, by):
        services.sign_agreement(agreement, by.unit_id, by)


class AgreementRecordPaperView(AgreementActionView):
    action = "sign"
    step = "record_paper"
    form_class = PaperSigningForm
    service = services.record_paper_signing
    button_label = _("Record the signing")
    button_class = "btn-success"
    success_message = _("The signing on paper is recorded and the scan kept with the agreement.")


class AgreementTerminateView(AgreementActionView):
    action = "terminate"
    step = "terminate"
    form_class = ReasonForm
    service = services.terminate_agreement
    button_label = _("Terminate the agreement")
    button_class = "btn-danger"
    success_message = _("The agreement was terminated and the parties informed.")


class AgreementRenewView(AgreementActionView):
    action = "change"
    title = _("Renew this agreement")
    button_label = _("Create the renewal as a draft")
    success_message = _("The renewal was registered as a draft; check its dates and send it for signature.")

    @staticmethod
    def service(agreement, by):
        agreement.follower = services.renew_agreement(agreement, by)

    def get_success_url(self):
        return self.object.follower.get_absolute_url()


class AgreementAmendView(AgreementActionView):
    action = "change"
    form_class = AmendmentForm
    title = _("Add an amendment")
    button_label = _("Create the amendment as a draft")
    success_message = _("The amendment was registered as a draft under its agreement.")

    @staticmethod
    def service(agreement, by, title, summary):
        agreement.follower = services.add_amendment(agreement, by, title, summary)

    def get_success_url(self):
        return self.object.follower.get_absolute_url()


class AgreementDocumentCreateView(ParentObjectMixin, ObjectCreateView):
    model = AgreementDocument
    form_class = AgreementDocumentForm
    parent_model = Agreement
    parent_action = "view"
    parent_kwarg = "pk"
    success_message = _("The document was uploaded.")

    def get_initial_instance(self):
        return AgreementDocument(agreement=self.parent)

    def save(self, form):
        data = form.cleaned_data
        return services.add_document(self.parent, self.request.user, data["kind"], data["file"])

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#documents"


class AgreementDocumentDownloadView(PermissionMixin, SingleObjectMixin, View):
    """Documents are never served from MEDIA: each download asks who may see the agreement."""

    model = AgreementDocument

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        return file_response(
            document.file, as_attachment=True, filename=document.name, content_type=document.content_type
        )


# Training needs


class TrainingNeedListView(ObjectListView):
    """Open needs for everyone (visitors too, in summary); the whole record for its enterprise and
    the group, and to a school the needs it answered."""

    model = TrainingNeed
    action = "browse"
    filterset_class = TrainingNeedFilterSet
    table_class = TrainingNeedTable
    template_name = "cooperation/need_list.html"
    add_url_name = "cooperation:need_add"
    export_url_name = "cooperation:need_export"

    def get_queryset(self):
        return TrainingNeed.objects.visible_to(self.request.user).with_list_related()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        if not permissions.can(self.request.user, "follow_up", TrainingNeed):
            del filterset.filters["unanswered"]  # the group's follow-up is not the schools' business
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Enterprises post needs (a school's administrator may add in principle, the service refuses).
        context["can_add"] = context["can_add"] and (
            permissions.scope(user, "add", TrainingNeed) == permissions.ALL
            or (user.unit is not None and user.unit.kind == UnitKind.ENTERPRISE)
        )
        context["can_follow_up"] = permissions.can(user, "follow_up", TrainingNeed)
        return context


class UnansweredNeedListView(TrainingNeedListView):
    """Open needs that no school answered within 14 days, for the secretariat to follow up."""

    action = "follow_up"
    template_name = "cooperation/need_unanswered.html"
    export_params = {"unanswered": "true"}  # the same needs, through the need list's filter

    def get_queryset(self):
        return TrainingNeed.objects.unanswered().with_list_related()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.filters.pop("unanswered", None)
        return filterset


class TrainingNeedExportView(ObjectExportMixin, TrainingNeedListView):
    export = exports.TRAINING_NEEDS


class TrainingNeedDetailView(ObjectDetailView):
    model = TrainingNeed
    action = "browse"
    template_name = "cooperation/need_detail.html"

    def get_queryset(self):
        return (
            TrainingNeed.objects.visible_to(self.request.user)
            .select_related("unit", "industry", "posted_by", "agreement")
            .prefetch_related("major_categories")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        need = self.object
        may = partial(permissions.can, user)
        proposals = list(
            Proposal.objects.for_user(user).filter(need=need).select_related("need", "unit", "submitted_by")
        )
        for proposal in proposals:
            steps = {t.name for t in PROPOSAL_STATUS.available(proposal)}
            proposal.may_accept = "accept" in steps and may("decide", proposal)
            proposal.may_withdraw = "withdraw" in steps and may("withdraw", proposal)
        unit_id = getattr(user, "unit_id", None)  # a visitor has no unit
        own_proposal = next((p for p in proposals if unit_id and p.unit_id == unit_id), None)
        actions = {
            "edit": need.is_editable() and may("change", need),
            "close": bool(NEED_STATUS.available(need)) and may("close", need),
            "draft_agreement": need.can_become_agreement() and may("draft_agreement", need),
            "propose": own_proposal is None
            and need.accepts_proposals()
            and may("add", Proposal)
            and unit_id is not None
            and user.unit.is_school,
        }
        return super().get_context_data(
            actions=actions,
            proposals=proposals,
            own_proposal=own_proposal,
            full_record=may("view", need),
            may_view_agreement=need.agreement is not None and may("view", need.agreement),
            history=history_of(need) if may("view_history", need) else None,
            **kwargs,
        )


class TrainingNeedCreateView(ObjectCreateView):
    model = TrainingNeed
    success_message = _("The need was posted; member schools can now answer it.")
    cancel_url = reverse_lazy("cooperation:need_list")

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        own = permissions.scope(request.user, "add", TrainingNeed) == permissions.OWN
        if own and request.user.unit.kind != UnitKind.ENTERPRISE:
            raise PermissionDenied  # schools answer needs; enterprises post them

    def get_form_class(self):
        # The group posts for an enterprise it chooses; an enterprise posts for itself.
        if permissions.scope(self.request.user, "add", TrainingNeed) == permissions.ALL:
            return GroupTrainingNeedForm
        return TrainingNeedForm

    def get_initial_instance(self):
        user = self.request.user
        if permissions.scope(user, "add", TrainingNeed) == permissions.OWN:
            return TrainingNeed(unit=user.unit)
        return TrainingNeed()

    def save(self, form):
        need = form.instance
        return services.post_need(need, form.cleaned_data["major_categories"], by=self.request.user)


class TrainingNeedEditView(ObjectEditView):
    model = TrainingNeed
    queryset = TrainingNeed.objects.select_related("unit")
    form_class = TrainingNeedForm
    success_message = _("The need was saved.")

    def save(self, form):
        need = form.instance
        return services.update_need(need, form.cleaned_data["major_categories"], by=self.request.user)


class TrainingNeedCloseView(ObjectActionView):
    model = TrainingNeed
    action = "close"
    form_class = ConfirmForm
    service = services.close_need
    title = NEED_STATUS.transitions["close"].label
    button_label = _("Close the need")
    button_class = "btn-warning"
    success_message = _("The need is closed; schools still waiting were told.")


class TrainingNeedDraftAgreementView(ObjectActionView):
    model = TrainingNeed
    action = "draft_agreement"
    form_class = ConfirmForm
    title = _("Create a draft agreement from this match")
    button_label = _("Create the draft agreement")
    success_message = _(
        "The draft agreement was registered with both parties; check it and send it for signature."
    )

    @staticmethod
    def service(need, by):
        need.drafted = services.draft_agreement_from_match(need, by)

    def get_success_url(self):
        return self.object.drafted.get_absolute_url()


# Proposals


class ProposalCreateView(ObjectCreateView):
    """A school answers a need it can see; the need comes from the URL and the school is the
    person's own unit."""

    model = Proposal
    form_class = ProposalForm
    success_message = _("Your proposal was sent to the enterprise.")

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        self.parent = get_object_or_404(TrainingNeed.objects.visible_to(request.user), pk=kwargs["need_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)

    def get_initial_instance(self):
        return Proposal(need=self.parent, unit=self.request.user.unit)

    def save(self, form):
        return services.submit_proposal(form.instance, by=self.request.user)


class ProposalActionView(ObjectActionView):
    model = Proposal
    queryset = Proposal.objects.select_related("need", "unit")
    form_class = ConfirmForm


class ProposalWithdrawView(ProposalActionView):
    action = "withdraw"
    service = services.withdraw_proposal
    title = PROPOSAL_STATUS.transitions["withdraw"].label
    button_label = _("Withdraw the proposal")
    button_class = "btn-outline-danger"
    success_message = _("Your proposal was withdrawn.")


class ProposalAcceptView(ProposalActionView):
    action = "decide"
    service = services.accept_proposal
    title = _("Accept this proposal")
    button_label = _("Accept and inform the schools")
    button_class = "btn-success"
    success_message = _("The proposal was accepted; the school and the secretariat were told.")

    def get_success_url(self):
        return reverse("cooperation:need_detail", args=[self.object.need_id])
