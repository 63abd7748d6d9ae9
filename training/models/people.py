from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models import Agreement
from members.models import Major, MemberUnit
from portal.core.models import PortalModel
from training.choices import OrderClassStatus, StudentOutcome
from training.querysets.people import OrderClassQuerySet, OrderClassStudentQuerySet, SkillMasterQuerySet


class SkillMaster(PortalModel):
    """An enterprise expert teaching at a member school (产业导师)."""

    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("position at the enterprise"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="skill_masters_sent", verbose_name=_("enterprise")
    )
    school = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="skill_masters_hosted", verbose_name=_("school")
    )
    course = models.CharField(_("course"), max_length=200)
    major = models.ForeignKey(
        Major,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skill_masters",
        verbose_name=_("major"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    hours = models.PositiveIntegerField(_("teaching hours"), validators=[MinValueValidator(1)])

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = SkillMasterQuerySet.as_manager()

    unit_lookup = ("enterprise", "school")

    class Meta:
        ordering = ["-starts_on", "name", "pk"]
        verbose_name = _("skill master")
        verbose_name_plural = _("skill masters")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="skill_master_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:master_detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The period must end on or after it starts.")})
        if self.major_id and self.school_id and self.major.unit_id != self.school_id:
            raise ValidationError({"major": _("Choose one of the school's own majors.")})


class OrderClass(PortalModel):
    """A class a school trains for an enterprise (订单班), with its roster and their outcomes."""

    name = models.CharField(_("name"), max_length=200)
    enterprise = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        related_name="order_classes_ordered",
        verbose_name=_("enterprise"),
    )
    school = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="order_classes_run", verbose_name=_("school")
    )
    major = models.ForeignKey(
        Major, on_delete=models.PROTECT, related_name="order_classes", verbose_name=_("major")
    )
    cohort_year = models.PositiveIntegerField(
        _("cohort year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    planned_size = models.PositiveIntegerField(_("planned size"), validators=[MinValueValidator(1)])
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_classes",
        verbose_name=_("agreement"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OrderClassStatus.choices, default=OrderClassStatus.PLANNED
    )

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = OrderClassQuerySet.as_manager()

    unit_lookup = ("enterprise", "school")
    # Either party may register the class it orders or runs (never one between two other units);
    # the school runs it and keeps its record and roster.
    action_unit_lookups = {"change": "school", "change_status": "school"}

    class Meta:
        ordering = ["-cohort_year", "name", "pk"]
        verbose_name = _("order class")
        verbose_name_plural = _("order classes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_size__gte=1), name="order_class_planned_size_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("training:order_class_detail", args=[self.pk])

    def clean(self):
        if self.major_id and self.school_id and self.major.unit_id != self.school_id:
            raise ValidationError({"major": _("Choose one of the school's own majors.")})


class OrderClassStudent(PortalModel):
    order_class = models.ForeignKey(
        OrderClass, on_delete=models.CASCADE, related_name="students", verbose_name=_("order class")
    )
    name = models.CharField(_("name"), max_length=60)
    student_number = models.CharField(_("student number"), max_length=32)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=StudentOutcome.choices, default=StudentOutcome.IN_TRAINING
    )
    employer = models.CharField(
        _("employer"), max_length=200, blank=True, help_text=_("For a student hired elsewhere.")
    )

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = OrderClassStudentQuerySet.as_manager()

    unit_lookup = ("order_class__enterprise", "order_class__school")
    action_unit_lookups = {
        "add": "order_class__school",
        "change": "order_class__school",
        "delete": "order_class__school",
    }

    class Meta:
        ordering = ["student_number", "pk"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(
                fields=["order_class", "student_number"],
                name="unique_student_number_per_order_class",
                violation_error_message=_("This student number is already on the roster."),
            ),
        ]

    def __str__(self):
        return f"{self.student_number} {self.name}"

    def get_absolute_url(self):
        return reverse("training:order_class_detail", args=[self.order_class_id]) + "#roster"
