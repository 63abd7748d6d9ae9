from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cooperation import services
from cooperation.api.serializers import (
    AgreementDocumentSerializer,
    AgreementSerializer,
    AmendmentSerializer,
    DocumentUploadSerializer,
    PaperSigningSerializer,
    ProposalSerializer,
    ReasonSerializer,
    SignatureSerializer,
    TrainingNeedSerializer,
)
from cooperation.filtersets import AgreementFilterSet, ProposalFilterSet, TrainingNeedFilterSet
from cooperation.models import Agreement, Proposal, TrainingNeed
from portal.core import permissions
from portal.core.api.access import permission_action
from portal.core.api.viewsets import PortalViewSet
from portal.core.workflow import InvalidInput


class CooperationViewSet(PortalViewSet):
    """Every write goes through a service function of ``cooperation.services``: input it refuses
    is a 400 on the field concerned (InvalidInput), any other refusal of the workflow a 409."""

    def fresh(self, obj):
        """``obj`` read again as the list shows it, after a service changed it."""
        return self.queryset.all().get(pk=obj.pk)

    def acting_unit(self, given, model, action="add"):
        """The unit the user acts for: their own, or the one the secretariat names."""
        user = self.request.user
        if permissions.scope(user, action, model) == permissions.ALL:
            if given is None:
                raise exceptions.ValidationError({"unit": [_("Name the member unit.")]})
            return given
        if given is not None and given.pk != user.unit_id:
            raise exceptions.ValidationError({"unit": [_("You can only act for your own unit.")]})
        return user.unit


class AgreementViewSet(CooperationViewSet):
    queryset = Agreement.objects.with_list_related().prefetch_related("documents")
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["number", "title", "kind", "status", "signed_on", "starts_on", "ends_on", "created"]
    ordering = ["-created", "-pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_actions = {
        "submit": "change",
        "sign": "sign",
        "record_paper_signing": "sign",
        "terminate": "terminate",
        "renew": "change",
        "amend": "change",
        "documents": "change",
    }

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        parties = data.pop("parties")
        agreement = services.register_agreement(Agreement(**data), parties, by=self.request.user)
        serializer.instance = self.fresh(agreement)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        agreement = serializer.instance
        parties = data.pop("parties", None)
        if parties is None:  # the parties as they are
            parties = [
                {"unit": party.unit, "role": party.role, "obligations": party.obligations}
                for party in agreement.parties.all()
            ]
        for name, value in data.items():
            setattr(agreement, name, value)
        agreement = services.update_agreement(agreement, parties, by=self.request.user)
        serializer.instance = self.fresh(agreement)

    def _answer(self, agreement, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.fresh(agreement)).data, status=status_code)

    @extend_schema(request=None, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft to its parties for signature."""
        return self._answer(services.submit_for_signature(self.get_object(), by=request.user))

    @extend_schema(request=SignatureSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Confirm the agreement in the portal for the user's unit (the secretariat names the unit)."""
        agreement = self.get_object()
        payload = SignatureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        unit = self.acting_unit(payload.validated_data.get("unit"), Agreement, "sign")
        return self._answer(services.sign_agreement(agreement, unit.pk, by=request.user))

    @extend_schema(request=PaperSigningSerializer, responses=AgreementSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="record-paper-signing",
        parser_classes=[MultiPartParser, FormParser],
    )
    def record_paper_signing(self, request, pk=None):
        """All parties signed on paper: upload the scan and the date; the agreement takes effect."""
        agreement = self.get_object()
        payload = PaperSigningSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            agreement = services.record_paper_signing(agreement, by=request.user, **payload.validated_data)
        except InvalidInput as error:  # the document's file is the scan here
            error.errors = {"scan" if f == "file" else f: m for f, m in error.errors.items()}
            raise
        return self._answer(agreement)

    @extend_schema(request=ReasonSerializer, responses=AgreementSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        agreement = self.get_object()
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            services.terminate_agreement(agreement, by=request.user, reason=payload.validated_data["reason"])
        )

    @extend_schema(request=None, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """A new draft for the next period with the same parties, linked to this one."""
        renewal = services.renew_agreement(self.get_object(), by=request.user)
        return self._answer(renewal, status.HTTP_201_CREATED)

    @extend_schema(request=AmendmentSerializer, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """An amendment (补充协议): a draft under this agreement, signed by the same parties."""
        agreement = self.get_object()
        payload = AmendmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        amendment = services.add_amendment(agreement, by=request.user, **payload.validated_data)
        return self._answer(amendment, status.HTTP_201_CREATED)

    @extend_schema(request=DocumentUploadSerializer, responses={201: AgreementDocumentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        """Upload a document (a signed scan or an attachment) to the agreement."""
        agreement = self.get_object()
        payload = DocumentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.add_document(agreement, by=request.user, **payload.validated_data)
        return Response(
            AgreementDocumentSerializer(document, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class TrainingNeedViewSet(CooperationViewSet):
    queryset = TrainingNeed.objects.with_list_related()
    serializer_class = TrainingNeedSerializer
    filterset_class = TrainingNeedFilterSet
    ordering_fields = ["title", "kind", "headcount", "starts_on", "deadline", "status", "created"]
    ordering = ["-created", "-pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Reading is "browse", as on the pages: open needs are public in summary, the rest is there
    # for its own unit and the group (TrainingNeed.objects.visible_to).
    permission_actions = {
        "list": "browse",
        "retrieve": "browse",
        "close": "close",
        "draft_agreement": "draft_agreement",
    }

    def get_queryset(self):
        if permission_action(self, self.request) == "browse":
            return TrainingNeed.objects.visible_to(self.request.user).with_list_related()
        return super().get_queryset()

    def check_object_permissions(self, request, obj):
        if permission_action(self, request) == "browse":
            return  # the queryset above is the scope: another unit's open need is there to answer
        super().check_object_permissions(request, obj)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        major_categories = data.pop("major_categories", [])
        data["unit"] = self.acting_unit(data.get("unit"), TrainingNeed)
        need = services.post_need(TrainingNeed(**data), major_categories, by=self.request.user)
        serializer.instance = self.fresh(need)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        need = serializer.instance
        major_categories = data.pop("major_categories", None)
        if major_categories is None:
            major_categories = list(need.major_categories.all())
        for name, value in data.items():
            setattr(need, name, value)
        need = services.update_need(need, major_categories, by=self.request.user)
        serializer.instance = self.fresh(need)

    @extend_schema(request=None, responses=TrainingNeedSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the need; proposals still waiting are declined, politely."""
        need = services.close_need(self.get_object(), by=request.user)
        return Response(self.get_serializer(self.fresh(need)).data)

    @extend_schema(request=None, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"], url_path="draft-agreement")
    def draft_agreement(self, request, pk=None):
        """Turn the match into a draft agreement between the enterprise and the chosen school."""
        agreement = services.draft_agreement_from_match(self.get_object(), by=request.user)
        agreement = AgreementViewSet.queryset.all().get(pk=agreement.pk)
        return Response(
            AgreementSerializer(agreement, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class ProposalViewSet(CooperationViewSet):
    queryset = Proposal.objects.with_list_related()
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilterSet
    ordering_fields = ["created", "status"]
    ordering = ["-created", "-pk"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"accept": "decide", "withdraw": "withdraw"}

    def perform_create(self, serializer):
        proposal = Proposal(unit=self.request.user.unit, **serializer.validated_data)
        serializer.instance = self.fresh(services.submit_proposal(proposal, by=self.request.user))

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The enterprise picks this proposal: the need is matched and the other schools are told."""
        proposal = services.accept_proposal(self.get_object(), by=request.user)
        return Response(self.get_serializer(self.fresh(proposal)).data)

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        proposal = services.withdraw_proposal(self.get_object(), by=request.user)
        return Response(self.get_serializer(self.fresh(proposal)).data)
