"""Base classes for every portal model."""

from django.conf import settings
from django.db import models
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
