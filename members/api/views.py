from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from members import services
from members.api.serializers import (
    CommitteeSerializer,
    IndustrySerializer,
    MajorCategorySerializer,
    MajorSerializer,
    MembershipApplicationSerializer,
    MemberUnitSerializer,
    StatusChangeSerializer,
)
from members.filtersets import (
    CommitteeFilterSet,
    IndustryFilterSet,
    MajorCategoryFilterSet,
    MajorFilterSet,
    MembershipApplicationFilterSet,
    MemberUnitFilterSet,
)
from members.models import Committee, Industry, Major, MajorCategory, MembershipApplication, MemberUnit
from portal.core.api.viewsets import PortalReadOnlyViewSet, PortalViewSet


class IndustryViewSet(PortalReadOnlyViewSet):
    queryset = Industry.objects.all()
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    ordering_fields = ["code"]


class MajorCategoryViewSet(PortalReadOnlyViewSet):
    queryset = MajorCategory.objects.prefetch_related("industries")
    serializer_class = MajorCategorySerializer
    filterset_class = MajorCategoryFilterSet
    ordering_fields = ["code"]


class MemberUnitViewSet(PortalViewSet):
    queryset = MemberUnit.objects.with_list_related()
    serializer_class = MemberUnitSerializer
    filterset_class = MemberUnitFilterSet
    ordering_fields = ["name_zh", "name_en", "kind", "province", "joined_on", "status"]
    ordering = ["name_zh"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    permission_actions = {
        "suspend": "change_status",
        "withdraw": "change_status",
        "reinstate": "change_status",
    }

    def _change_status(self, request, service):
        unit = self.get_object()
        payload = StatusChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        unit = service(unit, by=request.user, reason=payload.validated_data["reason"])
        return Response(self.get_serializer(unit).data)

    @extend_schema(request=StatusChangeSerializer, responses=MemberUnitSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._change_status(request, services.suspend_unit)

    @extend_schema(request=StatusChangeSerializer, responses=MemberUnitSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._change_status(request, services.withdraw_unit)

    @extend_schema(request=StatusChangeSerializer, responses=MemberUnitSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        return self._change_status(request, services.reinstate_unit)


class CommitteeViewSet(PortalViewSet):
    queryset = Committee.objects.select_related("chair_unit").prefetch_related("members")
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilterSet
    ordering_fields = ["name_zh", "founded_on"]
    ordering = ["name_zh"]


class MajorViewSet(PortalViewSet):
    queryset = Major.objects.with_list_related()
    serializer_class = MajorSerializer
    filterset_class = MajorFilterSet
    ordering_fields = ["code", "name", "yearly_intake"]
    ordering = ["unit__name_zh", "code"]


class MembershipApplicationViewSet(PortalViewSet):
    queryset = MembershipApplication.objects.with_list_related()
    serializer_class = MembershipApplicationSerializer
    filterset_class = MembershipApplicationFilterSet
    ordering_fields = ["created", "name_zh", "status"]
    ordering = ["-created"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"approve": "decide", "reject": "decide"}

    def perform_create(self, serializer):
        industries = serializer.validated_data.pop("industries", [])
        serializer.instance = services.submit_application(
            MembershipApplication(**serializer.validated_data), industries
        )

    @extend_schema(request=None, responses=MemberUnitSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        unit = services.approve_application(self.get_object(), by=request.user)
        return Response(
            MemberUnitSerializer(unit, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=StatusChangeSerializer, responses=MembershipApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        payload = StatusChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = services.reject_application(
            self.get_object(), by=request.user, reason=payload.validated_data["reason"]
        )
        return Response(self.get_serializer(application).data)
