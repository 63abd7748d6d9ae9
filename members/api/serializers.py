from rest_framework import serializers

from members.models import Committee, Industry, Major, MajorCategory, MembershipApplication, MemberUnit
from portal.core import permissions
from portal.core.serializers import PortalModelSerializer


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["id", "code", "name_zh", "name_en"]


class MajorCategorySerializer(serializers.ModelSerializer):
    industries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = MajorCategory
        fields = ["id", "code", "name_zh", "name_en", "industries"]


class MemberUnitSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="members-api:unit-detail")
    industries = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Industry.objects.all(), required=False
    )

    # A unit's own administrator keeps its profile; these belong to the secretariat.
    secretariat_fields = ("kind", "credit_code", "province", "council_role", "is_leading_school", "joined_on")

    class Meta:
        model = MemberUnit
        fields = [
            "id",
            "url",
            "name_zh",
            "name_en",
            "short_name",
            "kind",
            "credit_code",
            "province",
            "city",
            "address",
            "website",
            "description",
            "industries",
            "council_role",
            "is_leading_school",
            "status",
            "joined_on",
            "left_on",
            "contact_name",
            "contact_phone",
            "contact_email",
            "created",
            "modified",
        ]
        read_only_fields = ["status", "left_on", "created", "modified"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request and permissions.scope(request.user, "change", MemberUnit) != permissions.ALL:
            for name in self.secretariat_fields:
                fields[name].read_only = True
        return fields


class StatusChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class CommitteeSerializer(PortalModelSerializer):
    class Meta:
        model = Committee
        fields = ["id", "name_zh", "name_en", "chair_unit", "members", "description", "founded_on"]


class MajorSerializer(PortalModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Major
        fields = ["id", "unit", "code", "name", "category", "level", "yearly_intake"]
        read_only_fields = ["level"]
        derived_fields = ["category", "level"]


class MembershipApplicationSerializer(PortalModelSerializer):
    industries = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Industry.objects.all(), required=False
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "id",
            "name_zh",
            "name_en",
            "short_name",
            "kind",
            "credit_code",
            "province",
            "city",
            "address",
            "website",
            "industries",
            "description",
            "contact_name",
            "contact_phone",
            "contact_email",
            "motivation",
            "status",
            "decided_at",
            "rejection_reason",
            "unit",
            "created",
        ]
        read_only_fields = ["status", "decided_at", "rejection_reason", "unit", "created"]
