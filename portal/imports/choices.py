from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    MEMBER_UNITS = "member_units", _("Member units")
    AGREEMENTS = "agreements", _("Agreements")
    ROSTER = "roster", _("Order-class roster")


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Columns to match")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")
    DISCARDED = "discarded", _("Discarded")
