from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.choices import (
    SCHOOL_KINDS,
    ApplicationStatus,
    CouncilRole,
    MajorLevel,
    Province,
    UnitKind,
    UnitStatus,
)
from members.querysets import (
    CommitteeQuerySet,
    MajorQuerySet,
    MembershipApplicationQuerySet,
    MemberUnitQuerySet,
)
from members.validators import normalize_code, validate_credit_code, validate_major_code, validate_phone
from portal.core.models import PortalModel
from portal.core.permissions import PortalQuerySet
from portal.core.roles import GROUP_ROLES, Role


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


class BilingualName(models.Model):
    """A name kept in Chinese and English; ``name`` is the one for the active language."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if _chinese() or not self.name_en else self.name_en


class Industry(BilingualName):
    """A section (门类) of the national industry classification GB/T 4754-2017."""

    code = models.CharField(_("code"), max_length=1, unique=True)

    objects = PortalQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return f"{self.code} {self.name}"


class MajorCategory(BilingualName):
    """A major category (专业大类) of the 2021 national vocational major catalogue, by its
    higher-vocational code (41–59), with the industries it mainly serves."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    industries = models.ManyToManyField(
        Industry, related_name="major_categories", blank=True, verbose_name=_("industries served")
    )

    objects = PortalQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("major category")
        verbose_name_plural = _("major categories")

    def __str__(self):
        return f"{self.code} {self.name}"


class MemberUnit(BilingualName, PortalModel):
    """An organisation in the group: a school, enterprise, association, institute or agency."""

    unit_lookup = "pk"

    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, as on the business licence or registration certificate."),
        error_messages={"unique": _("A member unit with this unified social credit code already exists.")},
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=60)
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("introduction"), blank=True)
    industries = models.ManyToManyField(
        Industry, related_name="units", blank=True, verbose_name=_("industries served")
    )
    council_role = models.CharField(
        _("council role"), max_length=16, choices=CouncilRole.choices, default=CouncilRole.MEMBER
    )
    is_leading_school = models.BooleanField(_("leading school"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    joined_on = models.DateField(_("date joined"), default=timezone.localdate)
    left_on = models.DateField(_("date withdrawn"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=30, validators=[validate_phone])
    contact_email = models.EmailField(_("contact e-mail"))

    objects = MemberUnitQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[industries])

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        constraints = [
            models.UniqueConstraint(
                fields=["is_leading_school"],
                condition=models.Q(is_leading_school=True),
                name="one_leading_school",
                violation_error_message=_("Another unit is already marked as the leading school."),
            )
        ]

    def get_absolute_url(self):
        return reverse("members:unit_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("members:directory_detail", args=[self.pk])

    @property
    def is_school(self) -> bool:
        return self.kind in SCHOOL_KINDS

    def clean(self):
        super().clean()
        self.credit_code = normalize_code(self.credit_code)
        if self.is_leading_school and self.kind not in SCHOOL_KINDS:
            raise ValidationError({"is_leading_school": _("Only a school can be the leading school.")})
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A unit cannot leave before it joined.")})


class Committee(BilingualName, PortalModel):
    """A professional committee (专业委员会) of the group."""

    unit_lookup = "chair_unit"

    chair_unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="chaired_committees", verbose_name=_("chair unit")
    )
    members = models.ManyToManyField(
        MemberUnit, related_name="committees", blank=True, verbose_name=_("member units")
    )
    description = models.TextField(_("remit"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def get_absolute_url(self):
        return reverse("members:committee_detail", args=[self.pk])


def major_level_and_category(code: str) -> tuple[str, str]:
    """The level and higher-vocational category code that a six-digit major code begins with:
    categories are 41–59 at higher level, 61–79 at secondary level and 21–39 at bachelor level."""
    prefix = int(code[:2])
    if 41 <= prefix <= 59:
        return MajorLevel.HIGHER, str(prefix)
    if 61 <= prefix <= 79:
        return MajorLevel.SECONDARY, str(prefix - 20)
    if 21 <= prefix <= 39:
        return MajorLevel.BACHELOR, str(prefix + 20)
    raise ValidationError(
        {"code": _("A major code begins with its category: 21–39, 41–59 or 61–79.")}, code="category"
    )


class Major(PortalModel):
    """A programme a member school offers, from the 2021 national vocational major catalogue."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.CASCADE, related_name="majors", verbose_name=_("school")
    )
    code = models.CharField(_("catalogue code"), max_length=6, validators=[validate_major_code])
    name = models.CharField(_("name"), max_length=100)
    category = models.ForeignKey(
        MajorCategory,
        on_delete=models.PROTECT,
        related_name="majors",
        verbose_name=_("major category"),
        editable=False,
    )
    level = models.CharField(_("level"), max_length=16, choices=MajorLevel.choices, editable=False)
    yearly_intake = models.PositiveIntegerField(
        _("yearly intake"), default=0, validators=[MinValueValidator(0)]
    )

    objects = MajorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name_zh", "code"]
        verbose_name = _("major")
        verbose_name_plural = _("majors")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"],
                name="unique_major_per_school",
                violation_error_message=_("This school already offers a major with this code."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("members:unit_detail", args=[self.unit_id]) + "#majors"

    def clean(self):
        super().clean()
        if self.unit_id and self.unit.kind not in SCHOOL_KINDS:
            raise ValidationError({"unit": _("Only schools offer majors.")})
        if self.code and validate_major_code.regex.match(self.code):
            self.level, category_code = major_level_and_category(self.code)
            category = MajorCategory.objects.filter(code=category_code).first()
            if category is None:
                raise ValidationError({"code": _("No major category has this code.")})
            self.category = category


class MembershipApplication(BilingualName, PortalModel):
    """A would-be member's application, filled in without logging in."""

    unit_lookup = "unit"

    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=60)
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    industries = models.ManyToManyField(Industry, blank=True, verbose_name=_("industries served"))
    description = models.TextField(_("introduction"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=30, validators=[validate_phone])
    contact_email = models.EmailField(
        _("contact e-mail"), help_text=_("The unit's administrator account is sent to this address.")
    )
    motivation = models.TextField(_("why join the group"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "members.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    unit = models.OneToOneField(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("member unit created"),
    )

    objects = MembershipApplicationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[industries])

    class Meta:
        ordering = ["-created"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def get_absolute_url(self):
        return reverse("members:application_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.credit_code = normalize_code(self.credit_code)
        if self.status == ApplicationStatus.PENDING:
            if MemberUnit.objects.filter(credit_code=self.credit_code).exists():
                raise ValidationError(
                    {"credit_code": _("A member unit with this unified social credit code already exists.")}
                )
            waiting = (
                MembershipApplication.objects.pending()
                .filter(credit_code=self.credit_code)
                .exclude(pk=self.pk)
            )
            if waiting.exists():
                raise ValidationError(
                    {"credit_code": _("An application with this code is already waiting for a decision.")}
                )


class User(AbstractUser):
    """A person: a member of the secretariat or supervision office, or of one member unit."""

    unit_lookup = "unit"

    name = models.CharField(_("full name"), max_length=60)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.TEACHER)
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("member unit"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=sorted(GROUP_ROLES)) | models.Q(unit__isnull=False),
                name="unit_role_has_unit",
                violation_error_message=_("A unit administrator, staff member or teacher belongs to a unit."),
            ),
        ]

    def __str__(self):
        return self.name or self.username

    def get_absolute_url(self):
        if self.unit_id:
            return reverse("members:unit_detail", args=[self.unit_id]) + "#people"
        return reverse("core:landing")

    def save(self, *args, **kwargs):
        # The secretariat and the supervision office reach the admin; its pages still ask the
        # permissions module, so a supervisor there only reads.
        if self.is_superuser and self.role not in GROUP_ROLES:
            self.role = Role.SECRETARIAT
        self.is_staff = self.is_superuser or self.role in GROUP_ROLES
        if self.role in GROUP_ROLES:
            self.unit = None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.role not in GROUP_ROLES and self.unit_id is None:
            raise ValidationError({"unit": _("Choose the member unit this person belongs to.")})
        if self.role == Role.TEACHER and self.unit_id and not self.unit.is_school:
            raise ValidationError({"role": _("Only a school has teachers.")})
        if self.email:
            clash = User.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"email": _("Another person already uses this e-mail address.")})
