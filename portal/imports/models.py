"""Every bulk import the secretariat makes: the file, who and when, the check of every row that
the preview shows, and the counts of what was written."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.imports import RowStatus
from portal.core.models import PortalModel
from portal.imports.choices import ImportKind, ImportStatus


class ImportJob(PortalModel):
    kind = models.CharField(_("what is imported"), max_length=32, choices=ImportKind.choices)
    options = models.JSONField(default=dict, blank=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    # Which column each header position is ("" for a column left out).
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("rows in error"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return _("Import #%(number)d") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def can_confirm(self) -> bool:
        return self.status == ImportStatus.CHECKED and not self.errors and (self.new or self.changed)

    @property
    def under_way(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ImportRow(models.Model):
    """One row of the file as the check found it."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="checked_rows")
    row = models.PositiveIntegerField(_("row"))
    status = models.CharField(_("status"), max_length=16, choices=RowStatus.choices)
    key = models.CharField(_("key"), max_length=200, blank=True)
    label = models.CharField(_("name"), max_length=200, blank=True)
    changes = models.JSONField(default=list)
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["row"]
        indexes = [models.Index(fields=["job", "status", "row"])]

    def __str__(self):
        return f"{self.job} · {self.row}"


class ColumnMemory(models.Model):
    """A header the secretariat once mapped by hand, offered again for the next file of the kind."""

    kind = models.CharField(max_length=32, choices=ImportKind.choices)
    header = models.CharField(max_length=200)
    column = models.CharField(max_length=64)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "header"], name="one_column_per_header")]

    def __str__(self):
        return f"{self.header} → {self.column}"
