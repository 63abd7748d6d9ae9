"""The API of teachers' enterprise practice: placement offers, applications and the practice days
against the requirement. The same filters, rules and services as the pages; input a service
refuses is a 400 on its field, any other refusal of the workflow a 409."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from members.models import MajorCategory, MemberUnit
from portal.core import permissions
from portal.core.api.access import permission_action
from portal.core.api.viewsets import PortalViewSet
from portal.core.serializers import PortalModelSerializer
from training.filtersets.placements import (
    PlacementApplicationFilterSet,
    PlacementOfferFilterSet,
    TeacherPracticeFilterSet,
)
from training.models import PlacementApplication, PlacementOffer
from training.querysets.placements import required_practice_days, schools_by_practice, teachers_by_practice
from training.services import placements as services


class PlacementOfferSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="training-api:placement-offer-detail")
    unit = serializers.PrimaryKeyRelatedField(
        queryset=MemberUnit.objects.all(),
        required=False,
        help_text=_("The enterprise: named by the secretariat; others post for their own unit."),
    )
    unit_name = serializers.CharField(source="unit.name_zh", read_only=True)
    major_category = serializers.SlugRelatedField(slug_field="code", queryset=MajorCategory.objects.all())
    days = serializers.IntegerField(
        read_only=True, help_text=_("Days from the first to the last, both counted.")
    )
    slots_held = serializers.IntegerField(
        read_only=True,
        help_text=_("Slots taken by accepted teachers and by slots offered from the waiting list."),
    )

    class Meta:
        model = PlacementOffer
        fields = [
            "id",
            "url",
            "unit",
            "unit_name",
            "title",
            "description",
            "major_category",
            "place",
            "province",
            "starts_on",
            "ends_on",
            "days",
            "slots",
            "slots_held",
            "apply_by",
            "status",
            "created",
            "modified",
        ]
        read_only_fields = ["status", "created", "modified"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["unit"].read_only = True  # an offer stays with the enterprise that posted it
        return fields


class PlacementApplicationSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="training-api:placement-application-detail")
    offer = serializers.PrimaryKeyRelatedField(queryset=PlacementOffer.objects.all())
    offer_title = serializers.CharField(source="offer.title", read_only=True)
    enterprise = serializers.IntegerField(source="offer.unit_id", read_only=True)
    enterprise_name = serializers.CharField(source="offer.unit.name_zh", read_only=True)
    starts_on = serializers.DateField(source="offer.starts_on", read_only=True)
    ends_on = serializers.DateField(source="offer.ends_on", read_only=True)
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    school_name = serializers.CharField(source="school.name_zh", read_only=True)

    class Meta:
        model = PlacementApplication
        fields = [
            "id",
            "url",
            "offer",
            "offer_title",
            "enterprise",
            "enterprise_name",
            "starts_on",
            "ends_on",
            "teacher",
            "teacher_name",
            "school",
            "school_name",
            "statement",
            "status",
            "school_decided_at",
            "enterprise_decided_at",
            "decision_note",
            "waitlisted_at",
            "offer_expires_at",
            "withdrawn_at",
            "days_completed",
            "evaluation",
            "completed_at",
            "created",
            "modified",
        ]
        read_only_fields = [f for f in fields if f not in ("offer", "statement")]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:  # one applies only for an offer one can see
            fields["offer"].queryset = PlacementOffer.objects.visible_to(request.user)
        return fields


class PlacementReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Told to the teacher."))


class PlacementCompletionSerializer(serializers.Serializer):
    days_completed = serializers.IntegerField(min_value=1)
    evaluation = serializers.CharField(max_length=5000)


class TeacherPracticeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    school = serializers.IntegerField(source="unit_id", read_only=True)
    school_name = serializers.CharField(source="unit.name_zh", read_only=True)
    practice_days = serializers.IntegerField(
        read_only=True, help_text=_("Days of completed enterprise practice in the last five years.")
    )
    required_days = serializers.SerializerMethodField()
    days_lacking = serializers.IntegerField(read_only=True)

    def get_required_days(self, teacher) -> int:
        return required_practice_days()


class SchoolPracticeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="name_zh", read_only=True)
    teachers = serializers.IntegerField(read_only=True, help_text=_("Active teachers."))
    teachers_meeting = serializers.IntegerField(
        read_only=True, help_text=_("Teachers with the required days in the last five years.")
    )
    practice_days = serializers.IntegerField(
        read_only=True, help_text=_("All their teachers' days together.")
    )


class PlacementOfferViewSet(PortalViewSet):
    queryset = PlacementOffer.objects.with_list_related()
    serializer_class = PlacementOfferSerializer
    filterset_class = PlacementOfferFilterSet
    ordering_fields = ["title", "starts_on", "ends_on", "apply_by", "slots", "status", "created"]
    ordering = ["-starts_on", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Reading is "browse", as on the pages: open offers are public in summary; an enterprise's
    # people and the group see the rest (PlacementOffer.objects.visible_to).
    permission_actions = {"list": "browse", "retrieve": "browse", "close": "close", "cancel": "cancel"}

    def get_queryset(self):
        if permission_action(self, self.request) == "browse":
            return PlacementOffer.objects.visible_to(self.request.user).with_list_related()
        return super().get_queryset()

    def check_object_permissions(self, request, obj):
        if permission_action(self, request) == "browse":
            return  # the queryset is the scope: another enterprise's open offer is there to apply for
        super().check_object_permissions(request, obj)

    def fresh(self, offer):
        return self.queryset.all().get(pk=offer.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        given = data.get("unit")
        if permissions.scope(user, "add", PlacementOffer) == permissions.ALL:
            if given is None:
                raise exceptions.ValidationError({"unit": [_("Name the member unit.")]})
        elif given is not None and given.pk != user.unit_id:
            raise exceptions.ValidationError({"unit": [_("You can only act for your own unit.")]})
        else:
            data["unit"] = user.unit
        offer = services.post_offer(PlacementOffer(**data), by=user)
        serializer.instance = self.fresh(offer)

    def perform_update(self, serializer):
        offer = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(offer, name, value)
        serializer.instance = self.fresh(services.update_offer(offer, by=self.request.user))

    @extend_schema(request=None, responses=PlacementOfferSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Stop taking applications; the applications in hand go on."""
        offer = services.close_offer(self.get_object(), by=request.user)
        return Response(self.get_serializer(self.fresh(offer)).data)

    @extend_schema(request=PlacementReasonSerializer, responses=PlacementOfferSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Call the placement off: applications in play are rejected with the reason."""
        offer = self.get_object()
        payload = PlacementReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        offer = services.cancel_offer(offer, by=request.user, reason=payload.validated_data["reason"])
        return Response(self.get_serializer(self.fresh(offer)).data)


class PlacementApplicationViewSet(PortalViewSet):
    """A teacher applies (POST with the offer and a statement); their school approves or declines;
    the enterprise accepts or rejects, and confirms the days completed; the teacher may withdraw,
    and confirms or declines a slot offered from the waiting list."""

    queryset = PlacementApplication.objects.with_list_related()
    serializer_class = PlacementApplicationSerializer
    filterset_class = PlacementApplicationFilterSet
    ordering_fields = ["created", "status", "school_decided_at", "waitlisted_at"]
    ordering = ["-created", "-pk"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {
        "approve": "approve",
        "decline": "approve",
        "accept": "decide",
        "reject": "decide",
        "withdraw": "withdraw",
        "confirm_slot": "respond",
        "decline_slot": "respond",
        "complete": "complete",
    }

    def get_queryset(self):
        # What the user sees, narrowed to what they may do for a step: another unit's application
        # does not exist for them (404), as on the pages.
        visible = PlacementApplication.objects.visible_to(self.request.user).with_list_related()
        action = permission_action(self, self.request)
        return visible if action == "view" else permissions.restrict(visible, self.request.user, action)

    def perform_create(self, serializer):
        data = serializer.validated_data
        application = services.apply_for_placement(data["offer"], self.request.user, data["statement"])
        serializer.instance = self.queryset.all().get(pk=application.pk)

    def _answer(self, application):
        return Response(self.get_serializer(self.queryset.all().get(pk=application.pk)).data)

    def _reason(self, request) -> str:
        payload = PlacementReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data["reason"]

    @extend_schema(request=None, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The teacher's school approves; when the slots are all held, the application waits on the list."""
        return self._answer(services.approve_application(self.get_object(), by=request.user))

    @extend_schema(request=PlacementReasonSerializer, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The teacher's school declines, with a reason."""
        application = self.get_object()
        return self._answer(services.decline_application(application, request.user, self._reason(request)))

    @extend_schema(request=None, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The enterprise takes the teacher on a slot: refused (409) when the slots are all held or
        the teacher has an overlapping placement."""
        return self._answer(services.accept_application(self.get_object(), by=request.user))

    @extend_schema(request=PlacementReasonSerializer, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """The enterprise turns the teacher down, with a reason; the teacher may apply again."""
        application = self.get_object()
        return self._answer(services.reject_application(application, request.user, self._reason(request)))

    @extend_schema(request=None, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The teacher withdraws before the placement ends; a slot they held goes to the waiting list."""
        return self._answer(services.withdraw_application(self.get_object(), by=request.user))

    @extend_schema(request=None, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-slot")
    def confirm_slot(self, request, pk=None):
        """The teacher takes the slot offered from the waiting list, before its deadline."""
        return self._answer(services.confirm_slot_offer(self.get_object(), by=request.user))

    @extend_schema(request=None, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="decline-slot")
    def decline_slot(self, request, pk=None):
        """The teacher turns the offered slot down; it passes to the next on the list."""
        return self._answer(services.decline_slot_offer(self.get_object(), by=request.user))

    @extend_schema(request=PlacementCompletionSerializer, responses=PlacementApplicationSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The enterprise confirms the days completed and evaluates the placement."""
        application = self.get_object()
        payload = PlacementCompletionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            services.complete_placement(application, by=request.user, **payload.validated_data)
        )


class _MayViewPractice:
    """Practice figures are ruled by "view_practice" on applications, whatever the rows are."""

    def check_permissions(self, request):
        super().check_permissions(request)
        if not permissions.can(request.user, "view_practice", PlacementApplication):
            self.permission_denied(request)

    def practice_scope(self):
        return permissions.scope(self.request.user, "view_practice", PlacementApplication)


class TeacherPracticeViewSet(_MayViewPractice, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each teacher's enterprise-practice days in the last five years against the requirement,
    those lacking most first: a teacher sees their own, a school's administrator their school's
    teachers, the group every teacher."""

    queryset = get_user_model().objects.none()  # for the schema; get_queryset gives the rows
    serializer_class = TeacherPracticeSerializer
    filterset_class = TeacherPracticeFilterSet
    ordering_fields = ["name", "practice_days", "days_lacking"]
    ordering = ["-days_lacking", "name", "pk"]
    permission_classes = []  # check_permissions above

    def get_queryset(self):
        user = self.request.user
        if self.practice_scope() == permissions.ALL:
            return teachers_by_practice()
        teachers = teachers_by_practice([user.unit_id])
        if permissions.role_of(user) == permissions.TEACHER:
            return teachers.filter(pk=user.pk)
        return teachers


class SchoolPracticeViewSet(_MayViewPractice, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every member school's teachers, how many meet the requirement and their days together: for
    the group."""

    queryset = MemberUnit.objects.none()  # for the schema; get_queryset gives the rows
    serializer_class = SchoolPracticeSerializer
    ordering_fields = ["name_zh", "teachers", "teachers_meeting", "practice_days"]
    ordering = ["name_zh", "pk"]
    permission_classes = []

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.practice_scope() != permissions.ALL:
            self.permission_denied(request)

    def get_queryset(self):
        return schools_by_practice()
