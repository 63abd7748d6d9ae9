"""Reading the change history that django-simple-history keeps for tracked models.

A tracked model declares ``history = HistoricalRecords(...)``; every save through a page, the API,
the admin or a service is then recorded with the user (from the request) and an optional reason.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

_KIND = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
_SKIP = {"modified", "created"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def history_of(obj, limit: int = 50) -> list[HistoryEntry]:
    """The latest changes to ``obj``, newest first, each with the fields it changed."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = obj._meta.model
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in _SKIP:
                    continue
                changes.append(_describe(model, change.field, change.old, change.new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=_KIND.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _describe(model, name: str, old, new) -> FieldChange:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return FieldChange(name, str(old), str(new))
    return FieldChange(str(model_field.verbose_name), _display(model_field, old), _display(model_field, new))


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ManyToManyField):
        target = model_field.related_model
        key = target._meta.model_name
        ids = [row.get(key) for row in value]
        return ", ".join(str(o) for o in target._default_manager.filter(pk__in=ids)) or "—"
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)
