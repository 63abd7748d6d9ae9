"""Base classes for every portal model."""

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
