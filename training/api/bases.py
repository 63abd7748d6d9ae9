"""The API of shared training bases and their bookings: the same filters, rules and services as
the pages."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from members.models import MajorCategory, MemberUnit
from portal.core import permissions
from portal.core.api.access import permission_action
from portal.core.api.viewsets import PortalViewSet
from portal.core.serializers import PortalModelSerializer
from training.filtersets.bases import BaseBookingFilterSet, TrainingBaseFilterSet
from training.models import BaseBooking, TrainingBase
from training.querysets.bases import booking_days
from training.services import bases as base_services
from training.services import bookings as booking_services


class TrainingBaseSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="training-api:base-detail")
    unit = serializers.PrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), required=False)
    unit_name = serializers.CharField(source="unit.name_zh", read_only=True)
    majors_served = serializers.SlugRelatedField(
        slug_field="code", queryset=MajorCategory.objects.all(), many=True, required=False
    )
    co_builders = serializers.PrimaryKeyRelatedField(
        queryset=MemberUnit.objects.all(), many=True, required=False
    )
    open_to = serializers.PrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), many=True, required=False)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = TrainingBase
        fields = [
            "id",
            "url",
            "unit",
            "unit_name",
            "name",
            "kind",
            "capacity",
            "province",
            "city",
            "address",
            "majors_served",
            "equipment",
            "description",
            "co_builders",
            "agreement",
            "open_to_all",
            "open_to",
            "photos",
            "created",
            "modified",
        ]
        read_only_fields = ["created", "modified"]

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_photos(self, base):
        request = self.context.get("request")
        return [request.build_absolute_uri(photo.get_absolute_url()) for photo in base.photos.all()]


class BaseBookingSerializer(PortalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="training-api:booking-detail")
    base_name = serializers.CharField(source="base.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name_zh", read_only=True)

    class Meta:
        model = BaseBooking
        fields = [
            "id",
            "url",
            "base",
            "base_name",
            "unit",
            "unit_name",
            "purpose",
            "starts_at",
            "ends_at",
            "headcount",
            "note",
            "status",
            "requested_by",
            "decided_by",
            "decided_at",
            "decline_reason",
            "created",
        ]
        read_only_fields = [
            "unit",
            "status",
            "requested_by",
            "decided_by",
            "decided_at",
            "decline_reason",
            "created",
        ]


class RoomSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()

    def validate(self, attrs):
        if attrs["ends_at"] <= attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": [_("The booking must end after it starts.")]})
        return attrs


class CalendarSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=62, default=31)

    def get_fields(self):
        # "from" is a Python keyword, so the field is declared by name.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, help_text=_("First day (default today)"))
        return fields


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


_RELATIONS = ("majors_served", "co_builders", "open_to")


class TrainingBaseViewSet(PortalViewSet):
    queryset = TrainingBase.objects.with_list_related().prefetch_related("co_builders", "open_to", "photos")
    serializer_class = TrainingBaseSerializer
    filterset_class = TrainingBaseFilterSet
    ordering_fields = ["name", "capacity", "province", "created"]
    ordering = ["name", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_actions = {"room": "view", "calendar": "view"}

    def get_queryset(self):
        queryset = super().get_queryset()
        if permission_action(self, self.request) == "view":
            return queryset.filter(pk__in=TrainingBase.objects.visible_to(self.request.user).values("pk"))
        return queryset

    def _save(self, base, data):
        relations = {name: data.pop(name) for name in _RELATIONS if name in data}
        for name, value in data.items():
            setattr(base, name, value)
        return base, relations

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        if permissions.scope(user, "add", TrainingBase) == permissions.OWN:
            given = data.get("unit")
            if given is not None and given.pk != user.unit_id:
                raise exceptions.ValidationError(
                    {"unit": [_("You can only register bases of your own unit.")]}
                )
            data["unit"] = user.unit
        elif data.get("unit") is None:
            raise exceptions.ValidationError({"unit": [_("Name the member unit.")]})
        base, relations = self._save(TrainingBase(), data)
        base = base_services.register_base(base, user, **relations)
        serializer.instance = self.queryset.all().get(pk=base.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "unit" in data and data["unit"].pk != serializer.instance.unit_id:
            raise exceptions.ValidationError({"unit": [_("A base's owner does not change.")]})
        base, relations = self._save(serializer.instance, data)
        base = base_services.update_base(base, self.request.user, **relations)
        serializer.instance = self.queryset.all().get(pk=base.pk)

    @extend_schema(
        parameters=[RoomSerializer],
        responses=inline_serializer(
            "RoomLeft",
            {
                "starts_at": serializers.DateTimeField(),
                "ends_at": serializers.DateTimeField(),
                "capacity": serializers.IntegerField(),
                "room_left": serializers.IntegerField(),
                "message": serializers.CharField(),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def room(self, request, pk=None):
        """How many more people the base takes throughout a time range, from its confirmed bookings."""
        base = self.get_object()
        query = RoomSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        starts_at, ends_at = query.validated_data["starts_at"], query.validated_data["ends_at"]
        left = booking_services.room_left(base, starts_at, ends_at)
        message = (
            ngettext("%(left)d place is left at that time.", "%(left)d places are left at that time.", left)
            % {"left": left}
            if left
            else _("The base is fully booked at that time.")
        )
        return Response(
            {
                "starts_at": starts_at,
                "ends_at": ends_at,
                "capacity": base.capacity,
                "room_left": left,
                "message": message,
            }
        )

    @extend_schema(
        parameters=[CalendarSerializer],
        responses=inline_serializer(
            "BaseDay",
            {
                "day": serializers.DateField(),
                "room": serializers.IntegerField(),
                "bookings": serializers.ListField(child=serializers.IntegerField()),
            },
            many=True,
        ),
    )
    @action(detail=True, methods=["get"])
    def calendar(self, request, pk=None):
        """Each day's confirmed bookings (ids) and the places free throughout it."""
        base = self.get_object()
        query = CalendarSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        first = query.validated_data.get("from") or timezone.localdate()
        days = query.validated_data["days"]
        rows = booking_days(base, first, first + timedelta(days=days - 1))
        return Response(
            [
                {"day": row["day"], "room": row["room"], "bookings": [b.pk for b in row["bookings"]]}
                for row in rows
            ]
        )


class BaseBookingViewSet(PortalViewSet):
    queryset = BaseBooking.objects.with_list_related()
    serializer_class = BaseBookingSerializer
    filterset_class = BaseBookingFilterSet
    ordering_fields = ["starts_at", "ends_at", "headcount", "status", "created"]
    ordering = ["starts_at", "pk"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"confirm": "decide", "decline": "decide", "cancel": "cancel"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        visible = TrainingBase.objects.visible_to(user)
        if not visible.filter(pk=data["base"].pk).exists():
            raise exceptions.ValidationError({"base": [_("This training base is not open to your unit.")]})
        booking = booking_services.request_booking(BaseBooking(unit=user.unit, **data), by=user)
        serializer.instance = self.queryset.all().get(pk=booking.pk)

    def _answer(self, booking):
        return Response(self.get_serializer(self.queryset.all().get(pk=booking.pk)).data)

    @extend_schema(request=None, responses=BaseBookingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The base's owner confirms: refused (409) if the base no longer has room at that time."""
        return self._answer(booking_services.confirm_booking(self.get_object(), by=request.user))

    @extend_schema(request=DeclineSerializer, responses=BaseBookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        booking = self.get_object()
        payload = DeclineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._answer(
            booking_services.decline_booking(booking, request.user, payload.validated_data["reason"])
        )

    @extend_schema(request=None, responses=BaseBookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The booker cancels a request or a confirmed booking that has not ended."""
        return self._answer(booking_services.cancel_booking(self.get_object(), by=request.user))
