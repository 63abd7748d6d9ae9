"""The API of skill masters, order classes and their rosters: the same filters, rules and services
as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cooperation.models import Agreement
from portal.core.api.viewsets import PortalViewSet
from portal.core.serializers import PortalModelSerializer
from training.filtersets.people import OrderClassFilterSet, OrderClassStudentFilterSet, SkillMasterFilterSet
from training.models import OrderClass, OrderClassStudent, SkillMaster
from training.services import people as services
from training.services.people import ORDER_CLASS_STATUS, RosterError


class SkillMasterSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="training-api:skill-master-detail")
    enterprise_name = serializers.CharField(source="enterprise.name_zh", read_only=True)
    school_name = serializers.CharField(source="school.name_zh", read_only=True)

    class Meta:
        model = SkillMaster
        fields = [
            "id",
            "url",
            "name",
            "position",
            "enterprise",
            "enterprise_name",
            "school",
            "school_name",
            "course",
            "major",
            "starts_on",
            "ends_on",
            "hours",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]


class OrderClassSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="training-api:order-class-detail")
    enterprise_name = serializers.CharField(source="enterprise.name_zh", read_only=True)
    school_name = serializers.CharField(source="school.name_zh", read_only=True)
    enrolled = serializers.IntegerField(read_only=True, help_text=_("On the roster and not left."))
    left = serializers.IntegerField(read_only=True)
    graduates = serializers.IntegerField(read_only=True, help_text=_("Finished the class, hired or not."))
    hired_by_sponsor = serializers.IntegerField(read_only=True)
    hired_elsewhere = serializers.IntegerField(read_only=True)
    sponsor_hire_rate = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Graduates hired by the ordering enterprise, of all graduates (0 to 1); null before any."
        ),
    )

    class Meta:
        model = OrderClass
        fields = [
            "id",
            "url",
            "name",
            "enterprise",
            "enterprise_name",
            "school",
            "school_name",
            "major",
            "cohort_year",
            "planned_size",
            "agreement",
            "status",
            "enrolled",
            "left",
            "graduates",
            "hired_by_sponsor",
            "hired_elsewhere",
            "sponsor_hire_rate",
            "created",
            "modified",
        ]
        read_only_fields = ["status", "created", "modified"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "agreement" in fields and not fields["agreement"].read_only:
            fields["agreement"].queryset = Agreement.objects.for_user(request.user)
        return fields


class OrderClassStudentSerializer(serializers.ModelSerializer):
    """A student on a roster. The roster's rules (outcomes by the class's status, a number once
    per class) are the service's, which answers 400 on the field concerned."""

    url = serializers.HyperlinkedIdentityField(view_name="training-api:order-class-student-detail")

    class Meta:
        model = OrderClassStudent
        fields = [
            "id",
            "url",
            "order_class",
            "student_number",
            "name",
            "outcome",
            "employer",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]
        extra_kwargs = {"outcome": {"required": False}}
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if self.instance is not None:
            fields["order_class"].read_only = True  # a student stays on their class's roster
        elif request is not None:
            # Students are added to the rosters the person keeps.
            fields["order_class"].queryset = OrderClass.objects.for_user(request.user, "change")
        return fields


class StepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=[(t.name, t.label) for t in ORDER_CLASS_STATUS.transitions.values()],
        help_text=_(
            "open_enrolment (planned → enrolling), start_training (→ training), graduate (→ graduated)."
        ),
    )


class RosterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_(
            "CSV (UTF-8 or GB18030) or XLSX: student number and name, optionally outcome and employer; "
            "added all or nothing."
        )
    )


RosterProblemsSerializer = inline_serializer(
    "RosterProblems",
    {
        "file": serializers.ListField(child=serializers.CharField()),
        "problems": serializers.ListField(
            child=inline_serializer(
                "RosterProblem",
                {"row": serializers.IntegerField(allow_null=True), "message": serializers.CharField()},
            )
        ),
    },
)


class SkillMasterViewSet(PortalViewSet):
    queryset = SkillMaster.objects.with_list_related()
    serializer_class = SkillMasterSerializer
    filterset_class = SkillMasterFilterSet
    ordering_fields = ["name", "starts_on", "ends_on", "hours", "created"]
    ordering = ["-starts_on", "name", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        master = services.register_skill_master(
            SkillMaster(**serializer.validated_data), by=self.request.user
        )
        serializer.instance = self.queryset.all().get(pk=master.pk)

    def perform_update(self, serializer):
        master = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(master, name, value)
        master = services.update_skill_master(master, by=self.request.user)
        serializer.instance = self.queryset.all().get(pk=master.pk)


class OrderClassViewSet(PortalViewSet):
    queryset = OrderClass.objects.with_list_related()
    serializer_class = OrderClassSerializer
    filterset_class = OrderClassFilterSet
    ordering_fields = [
        "name",
        "cohort_year",
        "planned_size",
        "status",
        "enrolled",
        "sponsor_hire_rate",
        "created",
    ]
    ordering = ["-cohort_year", "name", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_actions = {"advance": "change_status", "roster": "change"}

    def fresh(self, order_class):
        return self.queryset.all().get(pk=order_class.pk)

    def perform_create(self, serializer):
        order_class = services.register_order_class(
            OrderClass(**serializer.validated_data), by=self.request.user
        )
        serializer.instance = self.fresh(order_class)

    def perform_update(self, serializer):
        order_class = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(order_class, name, value)
        order_class = services.update_order_class(order_class, by=self.request.user)
        serializer.instance = self.fresh(order_class)

    @extend_schema(request=StepSerializer, responses=OrderClassSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Move the class one step forward: planned → enrolling → training → graduated."""
        order_class = self.get_object()
        payload = StepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order_class = services.advance_order_class(
            order_class, payload.validated_data["step"], by=request.user
        )
        return Response(self.get_serializer(self.fresh(order_class)).data)

    @extend_schema(
        request=RosterUploadSerializer,
        responses={201: OrderClassStudentSerializer(many=True), 400: RosterProblemsSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def roster(self, request, pk=None):
        """Add the students of a CSV or XLSX file to the roster, all or nothing: a file with any bad
        row is refused with the problems of every row."""
        order_class = self.get_object()
        payload = RosterUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            added = services.import_roster(order_class, payload.validated_data["file"], by=request.user)
        except RosterError as error:
            return Response(
                {
                    "file": [str(error.message)],
                    "problems": [{"row": p.row, "message": str(p.message)} for p in error.problems],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        context = self.get_serializer_context()
        return Response(
            OrderClassStudentSerializer(added, many=True, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class OrderClassStudentViewSet(PortalViewSet):
    queryset = OrderClassStudent.objects.with_list_related()
    serializer_class = OrderClassStudentSerializer
    filterset_class = OrderClassStudentFilterSet
    ordering_fields = ["student_number", "name", "outcome"]
    ordering = ["order_class", "student_number", "pk"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        order_class = data.pop("order_class")
        student = services.add_student(order_class, by=self.request.user, **data)
        serializer.instance = student

    def perform_update(self, serializer):
        student = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(student, name, value)
        serializer.instance = services.update_student(student, by=self.request.user)

    def perform_destroy(self, instance):
        services.remove_student(instance, by=self.request.user)
