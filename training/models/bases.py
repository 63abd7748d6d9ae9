from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models import Agreement
from members.choices import Province
from members.models import MajorCategory, MemberUnit
from portal.core.files import FileContentValidator
from portal.core.models import PortalModel
from training.choices import BaseKind, BookingPurpose, BookingStatus
from training.querysets.bases import BaseBookingQuerySet, TrainingBaseQuerySet


class TrainingBase(PortalModel):
    """A shared training base (共享实训基地) owned by a member unit, open to all members or to the
    units it lists; ``capacity`` is how many people it takes at once."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="training_bases", verbose_name=_("owner unit")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=BaseKind.choices)
    address = models.CharField(_("address"), max_length=200)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=60)
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1)], help_text=_("How many people at once.")
    )
    majors_served = models.ManyToManyField(
        MajorCategory, related_name="training_bases", blank=True, verbose_name=_("major categories served")
    )
    equipment = models.TextField(_("equipment"), blank=True)
    co_builders = models.ManyToManyField(
        MemberUnit, related_name="co_built_bases", blank=True, verbose_name=_("co-building units")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_bases",
        verbose_name=_("agreement"),
    )
    open_to_all = models.BooleanField(
        _("open to all members"), default=True, help_text=_("Otherwise only the units listed may book it.")
    )
    open_to = models.ManyToManyField(
        MemberUnit, related_name="bases_open_to", blank=True, verbose_name=_("open to")
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = TrainingBaseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="training_base_capacity_positive"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:base_detail", args=[self.pk])


def _photo_path(photo, filename):
    # The stored name never comes from the upload: it is the base and a timestamp.
    return f"bases/{photo.base_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class TrainingBasePhoto(models.Model):
    base = models.ForeignKey(
        TrainingBase, on_delete=models.CASCADE, related_name="photos", verbose_name=_("training base")
    )
    image = models.FileField(
        _("photo"),
        upload_to=_photo_path,
        validators=[FileContentValidator(content_types=("image/png", "image/jpeg"))],
        help_text=_("PNG or JPEG."),
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content_type = models.CharField(max_length=40, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    unit_lookup = "base__unit"
    objects = models.Manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or f"{self.base} #{self.pk}"

    def get_absolute_url(self):
        return reverse("training:base_photo", args=[self.pk])


class BaseBooking(PortalModel):
    """A unit's booking of a base for a time range and a headcount. Confirmed bookings that overlap
    in time never hold more places than the base's capacity: see ``services.confirm_booking``."""

    base = models.ForeignKey(
        TrainingBase, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("training base")
    )
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="base_bookings", verbose_name=_("booking unit")
    )
    purpose = models.CharField(_("purpose"), max_length=24, choices=BookingPurpose.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("to"))
    headcount = models.PositiveIntegerField(_("headcount"), validators=[MinValueValidator(1)])
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = BaseBookingQuerySet.as_manager()

    # The booker owns its booking; the base's owner sees it and decides on it.
    unit_lookup = ("unit", "base__unit")
    action_unit_lookups = {"add": "unit", "decide": "base__unit", "cancel": "unit"}

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("base booking")
        verbose_name_plural = _("base bookings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="base_booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="base_booking_headcount_positive"
            ),
        ]
        indexes = [models.Index(fields=["base", "status", "starts_at"])]

    def __str__(self):
        return f"{self.unit} @ {self.base} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("training:booking_detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The booking must end after it starts.")})
