from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.choices import DocumentKind
from cooperation.models import Agreement, AgreementDocument, AgreementParty, Proposal, TrainingNeed
from members.models import Industry, MajorCategory, MemberUnit
from portal.core.serializers import PortalModelSerializer


class AgreementPartySerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    unit_name = serializers.CharField(source="unit.name_zh", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["unit", "unit_name", "role", "obligations", "signed_at", "signed_by", "signature_method"]
        read_only_fields = ["signed_at", "signed_by", "signature_method"]


class AgreementDocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = AgreementDocument
        fields = ["id", "kind", "name", "content_type", "size", "uploaded_by", "uploaded_at", "download_url"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, document):
        # Documents are served by the pages, which check who may see them.
        try:
            path = document.get_absolute_url()
        except NoReverseMatch:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class AgreementSerializer(PortalModelSerializer):
    """An agreement with its parties (written together, in one go, while it is a draft) and its
    documents (uploaded separately)."""

    url = serializers.HyperlinkedIdentityField(view_name="cooperation-api:agreement-detail")
    parties = AgreementPartySerializer(many=True)
    documents = AgreementDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "url",
            "number",
            "kind",
            "title",
            "summary",
            "apprentice_name",
            "signed_on",
            "starts_on",
            "ends_on",
            "status",
            "termination_reason",
            "amends",
            "renews",
            "parties",
            "documents",
            "created_by",
            "created",
            "modified",
        ]
        read_only_fields = [
            "number",
            "status",
            "termination_reason",
            "amends",
            "renews",
            "created_by",
            "created",
            "modified",
        ]

    def validate(self, attrs):
        # The model's own rules (dates, the apprentice) run on its fields; the parties' rules are
        # the workflow's, applied when the agreement is saved.
        parties = attrs.pop("parties", None)
        attrs = super().validate(attrs)
        if parties is not None:
            attrs["parties"] = parties
        return attrs


class SignatureSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(
        queryset=MemberUnit.objects.all(),
        required=False,
        help_text=_(
            "The party whose signature the secretariat records; a party's administrator signs for "
            "their own unit and leaves this out."
        ),
    )


class PaperSigningSerializer(serializers.Serializer):
    scan = serializers.FileField(help_text=_("The signed agreement: PDF, PNG or JPEG."))
    signed_on = serializers.DateField()


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.ATTACHMENT)
    file = serializers.FileField(help_text=_("PDF, PNG or JPEG."))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class AmendmentSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class TrainingNeedSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="cooperation-api:need-detail")
    unit = serializers.PrimaryKeyRelatedField(
        queryset=MemberUnit.objects.all(),
        required=False,
        help_text=_("The enterprise: named by the secretariat; others post for their own unit."),
    )
    unit_name = serializers.CharField(source="unit.name_zh", read_only=True)
    industry = serializers.SlugRelatedField(slug_field="code", queryset=Industry.objects.all())
    major_categories = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=MajorCategory.objects.all(), required=False
    )
    proposal_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingNeed
        fields = [
            "id",
            "url",
            "unit",
            "unit_name",
            "kind",
            "title",
            "description",
            "industry",
            "major_categories",
            "headcount",
            "starts_on",
            "ends_on",
            "place",
            "deadline",
            "status",
            "agreement",
            "proposal_count",
            "created",
            "modified",
        ]
        read_only_fields = ["status", "agreement", "created", "modified"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["unit"].read_only = True  # a need stays with the enterprise that posted it
        return fields


class ProposalSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="cooperation-api:proposal-detail")
    need = serializers.PrimaryKeyRelatedField(queryset=TrainingNeed.objects.all())
    need_title = serializers.CharField(source="need.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name_zh", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "need",
            "need_title",
            "unit",
            "unit_name",
            "offer",
            "teachers",
            "schedule",
            "cost_note",
            "status",
            "decided_at",
            "created",
            "modified",
        ]
        read_only_fields = ["unit", "status", "decided_at", "created", "modified"]
