"""Report runs and the parts of the annual report the secretariat writes before a run."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models import Agreement
from members.models import MemberUnit
from portal.core.models import PortalModel
from portal.reports.choices import ACTIVE, LANGUAGE_CHOICES, ReportKind, RunStatus
from portal.reports.content import Case, Narrative


class ReportDraft(PortalModel):
    """The narrative of one year's report (集团年度报告), its representative agreements and its
    typical cases; a run for that year fills the figures in around them."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    overview = models.TextField(
        _("overview of the group"), blank=True, help_text=_("发展概况: how the group developed this year.")
    )
    results = models.TextField(
        _("results of running schools together"),
        blank=True,
        help_text=_("办学成效: what schools and enterprises achieved together."),
    )
    contribution = models.TextField(
        _("service to industry and society"),
        blank=True,
        help_text=_("服务贡献: what the group did for industry, the region and society."),
    )
    suggestions = models.TextField(
        _("suggestions"), blank=True, help_text=_("对策建议: problems found and what to do next.")
    )
    agreements = models.ManyToManyField(
        Agreement, blank=True, related_name="+", verbose_name=_("representative agreements")
    )

    history = HistoricalRecords(excluded_fields=["modified"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")

    def __str__(self):
        return _("Annual report %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("reports:draft_edit", args=[self.year])

    def narrative(self) -> Narrative:
        return Narrative(
            overview=self.overview,
            results=self.results,
            contribution=self.contribution,
            suggestions=self.suggestions,
            agreements=list(self.agreements.order_by("signed_on", "number")),
            cases=[
                Case(title=case.title, unit=str(case.unit) if case.unit else "", text=case.text)
                for case in self.cases.select_related("unit")
            ],
        )


class TypicalCase(models.Model):
    """A typical case (典型案例) the report tells, in the order the secretariat gives."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member unit"),
    )
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def __str__(self):
        return self.title


def _report_file(run: "ReportRun", filename: str) -> str:
    return f"reports/{run.starts_on:%Y}/{filename}"


class ReportRun(PortalModel):
    """One build of a report by Celery: who asked for what, how far it got and what came out."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=16, choices=LANGUAGE_CHOICES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Empty for the runs the schedule starts."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker started building it.")
    )
    xlsx = models.FileField(_("workbook"), upload_to=_report_file, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_report_file, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="report_run_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_run_progress_percent"),
            # Two clicks on "start" cannot queue the same report twice, even at the same moment.
            models.UniqueConstraint(
                fields=["kind", "starts_on", "ends_on", "language"],
                condition=models.Q(status__in=sorted(ACTIVE)),
                name="one_report_run_under_way_per_parameters",
            ),
        ]
        indexes = [models.Index(fields=["status", "modified"])]

    def __str__(self):
        return _("%(kind)s %(period)s (%(language)s)") % {
            "kind": self.get_kind_display(),
            "period": self.period_label,
            "language": self.get_language_display(),
        }

    def get_absolute_url(self):
        return reverse("reports:run_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.kind == ReportKind.ANNUAL:
            return str(self.starts_on.year)
        if self.kind == ReportKind.MONTHLY:
            return f"{self.starts_on:%Y-%m}"
        return f"{self.starts_on.isoformat()} – {self.ends_on.isoformat()}"

    @property
    def is_under_way(self) -> bool:
        return self.status in ACTIVE

    @property
    def duration(self):
        """How long the last build took, or has taken so far."""
        if self.started_at is None:
            return None
        return (self.finished_at or timezone.now()) - self.started_at

    def file_name(self, extension: str) -> str:
        return f"{self.kind}-report-{self.period_label.replace(' – ', '_')}-{self.language}.{extension}"
