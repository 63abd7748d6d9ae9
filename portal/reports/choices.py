from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.workflow import StateMachine, Transition


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    MONTHLY = "monthly", _("Monthly summary")
    RANGE = "range", _("Report for a date range")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


# A run with these statuses is under way: the same parameters do not start a second one.
ACTIVE = frozenset({RunStatus.QUEUED, RunStatus.RUNNING})

RUN_STATUS = StateMachine(
    "status",
    Transition("retry", _("Retry"), frozenset({RunStatus.FAILED}), RunStatus.QUEUED),
)

# The languages a report is written in are the portal's.
LANGUAGE_CHOICES = settings.LANGUAGES
