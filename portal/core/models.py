"""Base classes for every portal model."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.permissions import PortalQuerySet


class PortalModel(models.Model):
    """A model whose rows carry creation and modification times and a permission-aware manager.

    ``unit_lookup`` names the ORM path from the model to the member unit that owns a row; the
    permissions module uses it to scope ``OWN`` rules.
    """

    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    objects = PortalQuerySet.as_manager()

    unit_lookup: str = "unit"

    class Meta:
        abstract = True


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message for one person, shown under the bell in the header and usually e-mailed too."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """A list too long to export within a request, written by a Celery task for the person who
    asked: which list (its export's URL name), with which filters, format and language."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    title = models.CharField(_("list"), max_length=200)
    url_name = models.CharField(max_length=100)
    fmt = models.CharField(_("format"), max_length=8)
    params = models.TextField(blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    rows = models.PositiveIntegerField(_("rows"))
    status = models.CharField(
        _("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return _("Export #%(number)d") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("exports:job_detail", args=[self.pk])

    @property
    def under_way(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
