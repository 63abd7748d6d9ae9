from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.choices import Province
from members.models import MajorCategory, MemberUnit
from portal.core.models import PortalModel
from training.choices import LIVE_APPLICATION, ApplicationStatus, OfferStatus
from training.querysets.placements import PlacementApplicationQuerySet, PlacementOfferQuerySet


class PlacementOffer(PortalModel):
    """An enterprise's offer of places for teachers' enterprise practice (教师企业实践岗位)."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="placement_offers", verbose_name=_("enterprise")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    major_category = models.ForeignKey(
        MajorCategory,
        on_delete=models.PROTECT,
        related_name="placement_offers",
        verbose_name=_("major category"),
    )
    place = models.CharField(_("place"), max_length=200)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    slots = models.PositiveIntegerField(_("slots"), validators=[MinValueValidator(1)])
    apply_by = models.DateField(_("apply by"), help_text=_("The last day teachers may apply."))
    status = models.CharField(
        _("status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("posted by"),
    )

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = PlacementOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")
        constraints = [
            models.CheckConstraint(condition=models.Q(slots__gte=1), name="placement_offer_slots_positive"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="placement_offer_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:offer_detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The placement must end on or after its first day.")
        if self.apply_by and self.starts_on and self.apply_by > self.starts_on:
            errors["apply_by"] = _("Applications must close by the first day of the placement.")
        if errors:
            raise ValidationError(errors)


class PlacementApplication(PortalModel):
    """A teacher's application for a placement: approved by their school, then accepted or rejected
    by the enterprise, which finally confirms the days completed. See ``services.placements``."""

    offer = models.ForeignKey(
        PlacementOffer,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("placement offer"),
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="placement_applications",
        verbose_name=_("teacher"),
    )
    # The teacher's school when they applied; their school approves.
    school = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="placement_applications", verbose_name=_("school")
    )
    statement = models.TextField(_("statement"))
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    school_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    school_decided_at = models.DateTimeField(_("school decided at"), null=True, blank=True)
    enterprise_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enterprise_decided_at = models.DateTimeField(_("enterprise decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)
    # The order of the waiting list, and the deadline of a slot offered from it.
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("confirm by"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    days_completed = models.PositiveIntegerField(_("days completed"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = PlacementApplicationQuerySet.as_manager()

    # The teacher's school and the offering enterprise both see an application; the school decides
    # first, then the enterprise. A teacher's own applications are narrowed in the queryset.
    unit_lookup = ("school", "offer__unit")
    action_unit_lookups = {
        "approve": "school",
        "decide": "offer__unit",
        "complete": "offer__unit",
        "withdraw": "school",
    }

    class Meta:
        ordering = ["-created", "pk"]
        verbose_name = _("placement application")
        verbose_name_plural = _("placement applications")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "teacher"],
                condition=models.Q(status__in=sorted(LIVE_APPLICATION)),
                name="one_live_application_per_teacher_and_offer",
                violation_error_message=_("You have already applied for this placement."),
            ),
        ]
        indexes = [models.Index(fields=["offer", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.teacher} → {self.offer}"

    def get_absolute_url(self):
        return reverse("training:application_detail", args=[self.pk])
