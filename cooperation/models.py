from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.choices import (
    IN_FORCE,
    AgreementKind,
    AgreementStatus,
    DocumentKind,
    NeedKind,
    NeedStatus,
    PartyRole,
    ProposalStatus,
    SignatureMethod,
)
from cooperation.querysets import AgreementQuerySet, ProposalQuerySet, TrainingNeedQuerySet
from members.models import Industry, MajorCategory, MemberUnit
from portal.core.files import FileContentValidator
from portal.core.models import PortalModel


class AgreementNumber(models.Model):
    """The last number given for a year and kind; numbers only ever go up, so none is reused."""

    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=32, choices=AgreementKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="unique_agreement_number_series")
        ]

    def __str__(self):
        return f"{self.year}-{self.kind}: {self.last}"


class Agreement(PortalModel):
    """A cooperation agreement (合作协议) between two or more member units, or an amendment
    (补充协议) to one when ``amends`` is set."""

    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    apprentice_name = models.CharField(
        _("apprentice"),
        max_length=60,
        blank=True,
        help_text=_("A modern-apprenticeship agreement is tripartite: the student signs too."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    renews = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renews"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = AgreementQuerySet.as_manager()

    unit_lookup = "parties__unit"

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="agreement_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("cooperation:agreement_detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The agreement cannot end before it starts.")})
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
        if self.kind == AgreementKind.APPRENTICESHIP and not self.apprentice_name.strip():
            raise ValidationError(
                {"apprentice_name": _("A modern-apprenticeship agreement names the student.")}
            )

    @property
    def days_left(self) -> int:
        return (self.ends_on - timezone.localdate()).days

    def is_editable(self) -> bool:
        """Only a draft is changed; once sent for signature, changes are amendments."""
        return self.status == AgreementStatus.DRAFT

    def can_renew(self) -> bool:
        return self.status in IN_FORCE or self.status == AgreementStatus.EXPIRED

    def can_amend(self) -> bool:
        """An agreement in force takes amendments; an amendment itself does not."""
        return self.amends_id is None and self.status in IN_FORCE


class AgreementParty(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="agreement_parties", verbose_name=_("member unit")
    )
    role = models.CharField(_("role"), max_length=1, choices=PartyRole.choices)
    obligations = models.TextField(_("obligations"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature recorded by"),
    )
    signature_method = models.CharField(
        _("how signed"), max_length=16, choices=SignatureMethod.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["role"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "unit"], name="unique_party_unit"),
            models.UniqueConstraint(fields=["agreement", "role"], name="unique_party_role"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.unit}"

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None


def _document_path(document, filename):
    # The stored name never comes from the upload: it is the agreement and a timestamp.
    return f"agreements/{document.agreement_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(
        _("file"),
        upload_to=_document_path,
        validators=[FileContentValidator()],
        help_text=_("PDF, PNG or JPEG."),
    )
    name = models.CharField(_("file name"), max_length=200, editable=False)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(_("size"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    unit_lookup = "agreement__parties__unit"
    objects = models.Manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cooperation:agreement_document", args=[self.pk])


class AgreementReminder(models.Model):
    """That the reminder N days before an agreement's end went out: each is sent once."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    ends_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "days_before", "ends_on"], name="unique_agreement_reminder"
            )
        ]

    def __str__(self):
        return f"{self.agreement_id}: {self.days_before}"


class TrainingNeed(PortalModel):
    """What an enterprise needs trained (企业培训需求); schools answer with proposals."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="training_needs", verbose_name=_("enterprise")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NeedKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    industry = models.ForeignKey(
        Industry, on_delete=models.PROTECT, related_name="training_needs", verbose_name=_("industry")
    )
    major_categories = models.ManyToManyField(
        MajorCategory, related_name="training_needs", blank=True, verbose_name=_("major categories")
    )
    headcount = models.PositiveIntegerField(_("headcount"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=200)
    deadline = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_needs",
        verbose_name=_("agreement"),
    )

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = TrainingNeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("training need")
        verbose_name_plural = _("training needs")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cooperation:need_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The period cannot end before it starts.")
        if self.deadline and self.starts_on and self.deadline > self.starts_on:
            errors["deadline"] = _("Schools must be able to answer before the training starts.")
        if errors:
            raise ValidationError(errors)

    def is_editable(self) -> bool:
        """A need is changed while schools may still answer it."""
        return self.status == NeedStatus.OPEN

    def accepts_proposals(self) -> bool:
        """Schools answer while the need is open and the date to answer by has not passed (the
        daily job closes it the day after)."""
        return self.status == NeedStatus.OPEN and self.deadline >= timezone.localdate()

    def can_become_agreement(self) -> bool:
        return self.status == NeedStatus.MATCHED and self.agreement_id is None

    @property
    def accepted_proposal(self):
        return next((p for p in self.proposals.all() if p.status == ProposalStatus.ACCEPTED), None)


class Proposal(PortalModel):
    """A school's answer to a training need: what it offers, who teaches, when, at what cost."""

    need = models.ForeignKey(
        TrainingNeed, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("training need")
    )
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("school")
    )
    offer = models.TextField(_("what we offer"))
    teachers = models.TextField(_("who teaches"))
    schedule = models.CharField(_("when"), max_length=200)
    cost_note = models.CharField(_("cost"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["modified"])
    objects = ProposalQuerySet.as_manager()

    # The school owns its proposal; the enterprise that posted the need sees and decides on it.
    unit_lookup = ("unit", "need__unit")
    action_unit_lookups = {"decide": "need__unit", "withdraw": "unit"}

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [models.UniqueConstraint(fields=["need", "unit"], name="one_proposal_per_school")]

    def __str__(self):
        return f"{self.unit} → {self.need}"

    def get_absolute_url(self):
        return f"{self.need.get_absolute_url()}#proposal-{self.pk}"
