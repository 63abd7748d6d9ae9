"""The pages of shared training bases: browse and register bases, see each base's calendar of
confirmed bookings and free places, book one, and the owner's decisions on bookings.

Every change goes through ``training.services.bases`` or ``training.services.bookings``."""

import calendar
from datetime import date, timedelta
from functools import partial

from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

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
)
from training import exports
from training.choices import BOOKING_STATUS, BookingStatus
from training.filtersets.bases import BaseBookingFilterSet, TrainingBaseFilterSet
from training.forms.bases import BookingForm, RoomCheckForm, TrainingBaseForm, TrainingBasePhotoForm
from training.models import BaseBooking, TrainingBase, TrainingBasePhoto
from training.querysets.bases import booking_days
from training.services import bases as base_services
from training.services import bookings as booking_services
from training.tables.bases import BaseBookingTable, FreeTrainingBaseTable, TrainingBaseTable


def _month_from(value: str | None) -> date:
    """The first day of the month named ``YYYY-MM``, or of this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def month_calendar(base: TrainingBase, first: date) -> dict:
    """The weeks of the month starting ``first`` (Monday first), each day with the base's confirmed
    bookings and the places left throughout it; days of the neighbouring months are None."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    days = booking_days(base, first, last)
    lead = [None] * first.weekday()
    cells = lead + days + [None] * (-(len(lead) + len(days)) % 7)
    return {
        "first": first,
        "weeks": [cells[i : i + 7] for i in range(0, len(cells), 7)],
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + timedelta(days=1)).strftime("%Y-%m"),
        "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
        "today": timezone.localdate(),
        "capacity": base.capacity,
    }


# Bases


class TrainingBaseListView(ObjectListView):
    model = TrainingBase
    filterset_class = TrainingBaseFilterSet
    table_class = TrainingBaseTable
    template_name = "training/base_list.html"
    add_url_name = "training:base_add"
    export_url_name = "training:base_export"

    def get_queryset(self):
        return TrainingBase.objects.visible_to(self.request.user).with_list_related()

    def get_table_class(self):
        # Filtered by a day, the list says how many places each base has free that day.
        filtered = getattr(self, "filterset", None)
        if filtered is not None and filtered.is_valid() and filtered.form.cleaned_data.get("free_on"):
            return FreeTrainingBaseTable
        return TrainingBaseTable


class TrainingBaseExportView(ObjectExportMixin, TrainingBaseListView):
    export = exports.TRAINING_BASES


class TrainingBaseDetailView(ObjectDetailView):
    model = TrainingBase
    template_name = "training/base_detail.html"

    def get_queryset(self):
        return (
            TrainingBase.objects.visible_to(self.request.user)
            .select_related("unit", "agreement")
            .prefetch_related("majors_served", "co_builders", "open_to", "photos")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        base = self.object
        may = partial(permissions.can, user)
        unit_id = user.unit_id
        may_book = (
            unit_id is not None
            and may("add", BaseBooking(unit_id=unit_id))
            and TrainingBase.objects.bookable_by(unit_id).filter(pk=base.pk).exists()
        )
        requests = []
        if may("decide", BaseBooking(base=base)):
            requests = list(
                base.bookings.filter(status=BookingStatus.REQUESTED, ends_at__gt=timezone.now())
                .select_related("unit", "requested_by")
                .order_by("starts_at")
            )
        return super().get_context_data(
            calendar=month_calendar(base, _month_from(self.request.GET.get("month"))),
            actions={
                "edit": may("change", base),
                "book": may_book,
                "add_photo": may("add", TrainingBasePhoto(base=base)),
            },
            requests=requests,
            may_view_agreement=base.agreement is not None and may("view", base.agreement),
            history=history_of(base) if may("change", base) else None,
            **kwargs,
        )


class TrainingBaseFormMixin:
    model = TrainingBase
    form_class = TrainingBaseForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["with_owner"] = (
            permissions.scope(self.request.user, self.action, TrainingBase) == permissions.ALL
        )
        return kwargs

    def relations(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in ("majors_served", "co_builders", "open_to")}


class TrainingBaseCreateView(TrainingBaseFormMixin, ObjectCreateView):
    success_message = _("The training base was registered; member units can now book it.")
    cancel_url = reverse_lazy("training:base_list")

    def get_initial_instance(self):
        user = self.request.user
        if permissions.scope(user, "add", TrainingBase) == permissions.OWN:
            return TrainingBase(unit=user.unit, province=user.unit.province, city=user.unit.city)
        return TrainingBase()

    def save(self, form):
        return base_services.register_base(form.instance, self.request.user, **self.relations(form))


class TrainingBaseEditView(TrainingBaseFormMixin, ObjectEditView):
    queryset = TrainingBase.objects.select_related("unit")
    success_message = _("The training base was saved.")

    def save(self, form):
        return base_services.update_base(form.instance, self.request.user, **self.relations(form))


class TrainingBasePhotoCreateView(ParentObjectMixin, ObjectCreateView):
    model = TrainingBasePhoto
    form_class = TrainingBasePhotoForm
    parent_model = TrainingBase
    parent_kwarg = "pk"
    success_message = _("The photo was added.")

    def get_initial_instance(self):
        return TrainingBasePhoto(base=self.parent)

    def save(self, form):
        data = form.cleaned_data
        return base_services.add_photo(self.parent, self.request.user, data["image"], data["caption"])

    def get_success_url(self):
        return self.parent.get_absolute_url() + "#photos"


class TrainingBasePhotoView(PermissionMixin, SingleObjectMixin, View):
    """Photos are served through the base's visibility, not from MEDIA."""

    model = TrainingBasePhoto

    def get_queryset(self):
        visible = TrainingBase.objects.visible_to(self.request.user)
        return TrainingBasePhoto.objects.filter(base__in=visible.values("pk"))

    def get(self, request, *args, **kwargs):
        photo = self.get_object()
        response = file_response(photo.image, content_type=photo.content_type)
        response["Cache-Control"] = "private, max-age=3600"
        return response


class TrainingBasePhotoRemoveView(ObjectActionView):
    model = TrainingBasePhoto
    queryset = TrainingBasePhoto.objects.select_related("base")
    action = "delete"
    form_class = ConfirmForm
    title = _("Remove this photo")
    button_label = _("Remove the photo")
    button_class = "btn-danger"
    success_message = _("The photo was removed.")
    service = base_services.remove_photo

    def get_success_url(self):
        return self.object.base.get_absolute_url() + "#photos"


# Bookings


class BaseBookingListView(ObjectListView):
    """A unit's bookings of other bases and the bookings of its own bases; all for the group."""

    model = BaseBooking
    queryset = BaseBooking.objects.with_list_related()
    filterset_class = BaseBookingFilterSet
    table_class = BaseBookingTable
    template_name = "training/booking_list.html"
    export_url_name = "training:booking_export"

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.filters["base"].queryset = TrainingBase.objects.visible_to(self.request.user)
        return filterset


class BaseBookingExportView(ObjectExportMixin, BaseBookingListView):
    export = exports.BASE_BOOKINGS


class BaseBookingCreateView(ObjectCreateView):
    """A unit books a base it may book. Before submitting, "Check room" (the same form sent with
    GET) shows the places left for the chosen time, beside the base's calendar."""

    model = BaseBooking
    form_class = BookingForm
    template_name = "training/booking_form.html"
    success_message = _("Your booking was sent to the base's owner for confirmation.")

    def check_access(self, request, *args, **kwargs):
        super().check_access(request, *args, **kwargs)
        bases = TrainingBase.objects.visible_to(request.user).select_related("unit")
        self.parent = get_object_or_404(bases, pk=kwargs["pk"])

    def get_initial_instance(self):
        return BaseBooking(base=self.parent, unit=self.request.user.unit)

    def get_initial(self):
        return self.request.GET.dict() if "starts_at" in self.request.GET else super().get_initial()

    def room_check(self):
        check = RoomCheckForm(self.request.GET if "starts_at" in self.request.GET else None)
        if not check.is_bound:
            return None
        if not check.is_valid():
            return {"errors": check.errors}
        data = check.cleaned_data
        return {
            "left": booking_services.room_left(self.parent, data["starts_at"], data["ends_at"]),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }

    def get_context_data(self, **kwargs):
        room = self.room_check() if self.request.method == "GET" else None
        first = room["starts_at"].date() if room and "starts_at" in room else timezone.localdate()
        return super().get_context_data(
            parent=self.parent,
            room=room,
            days=booking_days(self.parent, first, first + timedelta(days=13)),
            **kwargs,
        )

    def get_cancel_url(self):
        return self.parent.get_absolute_url()

    def save(self, form):
        return booking_services.request_booking(form.instance, by=self.request.user)


class BaseBookingDetailView(ObjectDetailView):
    model = BaseBooking
    queryset = BaseBooking.objects.with_list_related()
    template_name = "training/booking_detail.html"

    def get_context_data(self, **kwargs):
        booking = self.object
        may = partial(permissions.can, self.request.user)
        steps = {t.name for t in BOOKING_STATUS.available(booking)}
        not_over = booking.ends_at > timezone.now()
        return super().get_context_data(
            actions={
                "confirm": "confirm" in steps and not_over and may("decide", booking),
                "decline": "decline" in steps and may("decide", booking),
                "cancel": "cancel" in steps and not_over and may("cancel", booking),
            },
            room_left=booking_services.room_left(
                booking.base, booking.starts_at, booking.ends_at, exclude=booking
            )
            if booking.status == BookingStatus.REQUESTED
            else None,
            history=history_of(booking),
            **kwargs,
        )


class BaseBookingActionView(ObjectActionView):
    model = BaseBooking
    queryset = BaseBooking.objects.with_list_related()
    form_class = ConfirmForm


class BaseBookingConfirmView(BaseBookingActionView):
    action = "decide"
    service = booking_services.confirm_booking
    title = BOOKING_STATUS.transitions["confirm"].label
    button_label = _("Confirm the booking")
    button_class = "btn-success"
    success_message = _("The booking is confirmed and the booker informed.")


class BaseBookingDeclineView(BaseBookingActionView):
    action = "decide"
    form_class = ReasonForm
    service = booking_services.decline_booking
    title = BOOKING_STATUS.transitions["decline"].label
    button_label = _("Decline the booking")
    button_class = "btn-outline-danger"
    success_message = _("The booking was declined and the booker told why.")


class BaseBookingCancelView(BaseBookingActionView):
    action = "cancel"
    service = booking_services.cancel_booking
    title = _("Cancel this booking")
    button_label = _("Cancel the booking")
    button_class = "btn-outline-danger"
    success_message = _("The booking was cancelled; its places are free again.")
