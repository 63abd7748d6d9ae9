"""Who may do what to which object — the one place the portal answers that question.

Pages, the API and the admin all ask this module. Rules are a table: for each model (by its
``app_label.model_name`` label, so this floor imports no app) and each action, the roles allowed
and their *scope*: ``ALL`` objects, or only the ``OWN`` unit's. A model names the path to its
owning member unit in ``unit_lookup``: ``"unit"``, ``"pk"`` for the unit itself,
``"parties__unit"`` when several units own it, or a tuple of paths. ``action_unit_lookups``
overrides it for an action whose owner differs (the enterprise decides on its needs' proposals).

Querysets are restricted with :func:`restrict` (exposed as ``Model.objects.for_user``), so an
object outside the user's scope is not found (404) rather than forbidden: it does not exist for
them.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Literal

from django.db import models

from portal.core.roles import VISITOR, Role

ALL: Literal["all"] = "all"
OWN: Literal["own"] = "own"
Scope = Literal["all", "own"]

SEC, SUP = Role.SECRETARIAT.value, Role.SUPERVISOR.value
ADMIN, STAFF, TEACHER = Role.UNIT_ADMIN.value, Role.UNIT_STAFF.value, Role.TEACHER.value

_EVERYONE_ALL = {VISITOR: ALL, SEC: ALL, SUP: ALL, ADMIN: ALL, STAFF: ALL, TEACHER: ALL}
_GROUP_ALL = {SEC: ALL, SUP: ALL}
_UNIT_OWN = {ADMIN: OWN, STAFF: OWN, TEACHER: OWN}

RULES: dict[str, dict[str, dict[str, Scope]]] = {
    "members.memberunit": {
        # The public directory shows active units' public fields to everyone.
        "directory": _EVERYONE_ALL,
        "view": {**_GROUP_ALL, **_UNIT_OWN},
        "add": {SEC: ALL},
        "change": {SEC: ALL, ADMIN: OWN},
        "change_status": {SEC: ALL},
        "view_history": {**_GROUP_ALL, ADMIN: OWN},
        "export": _GROUP_ALL,
    },
    "members.user": {
        "view": {**_GROUP_ALL, **_UNIT_OWN},
        "add": {SEC: ALL, ADMIN: OWN},
        "change": {SEC: ALL, ADMIN: OWN},
    },
    "members.committee": {
        "view": _EVERYONE_ALL,
        "add": {SEC: ALL},
        "change": {SEC: ALL},
        "delete": {SEC: ALL},
    },
    "members.industry": {"view": _EVERYONE_ALL},
    "members.majorcategory": {"view": _EVERYONE_ALL},
    "members.major": {
        "view": _EVERYONE_ALL,
        "add": {SEC: ALL, ADMIN: OWN},
        "change": {SEC: ALL, ADMIN: OWN},
        "delete": {SEC: ALL, ADMIN: OWN},
    },
    "cooperation.agreement": {
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "add": {SEC: ALL, ADMIN: OWN},
        "change": {SEC: ALL, ADMIN: OWN},
        "sign": {SEC: ALL, ADMIN: OWN},
        "terminate": {SEC: ALL, ADMIN: OWN},
        "view_history": {**_GROUP_ALL, ADMIN: OWN},
        "export": _GROUP_ALL,
    },
    "cooperation.agreementdocument": {
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "add": {SEC: ALL, ADMIN: OWN},
    },
    "cooperation.trainingneed": {
        # Anyone may browse needs, but only those TrainingNeed.objects.visible_to them: open needs
        # in summary for everyone; "view" is the whole record.
        "browse": _EVERYONE_ALL,
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "add": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "change": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "close": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        # Turning the match into a draft agreement registers an agreement: as "add" on agreements.
        "draft_agreement": {SEC: ALL, ADMIN: OWN},
        # Needs that no school answered, for the group to follow up.
        "follow_up": _GROUP_ALL,
        "view_history": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "export": _GROUP_ALL,
    },
    "cooperation.proposal": {
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "add": {ADMIN: OWN, STAFF: OWN},
        "withdraw": {ADMIN: OWN, STAFF: OWN},
        "decide": {ADMIN: OWN, STAFF: OWN},
    },
    "training.trainingbase": {
        # Every signed-in person may look at bases (TrainingBase.objects.visible_to narrows a unit's
        # people to the bases their unit may book); owners and the secretariat register them.
        "view": {SEC: ALL, SUP: ALL, ADMIN: ALL, STAFF: ALL, TEACHER: ALL},
        "add": {SEC: ALL, ADMIN: OWN},
        "change": {SEC: ALL, ADMIN: OWN},
        "export": _GROUP_ALL,
    },
    "training.basebooking": {
        # The booker and the base's owner both see a booking; the owner decides, the booker cancels.
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "add": {ADMIN: OWN, STAFF: OWN},
        "decide": {SEC: ALL, ADMIN: OWN},
        "cancel": {ADMIN: OWN, STAFF: OWN},
        "export": _GROUP_ALL,
    },
    "training.trainingbasephoto": {
        "view": {SEC: ALL, SUP: ALL, ADMIN: ALL, STAFF: ALL, TEACHER: ALL},
        "add": {SEC: ALL, ADMIN: OWN},
        "delete": {SEC: ALL, ADMIN: OWN},
    },
    "training.placementoffer": {
        # Open offers are public in summary, like needs; "view" is the whole record.
        "browse": _EVERYONE_ALL,
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN, TEACHER: ALL},
        "add": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "change": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "close": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        # Calling a placement off withdraws its teachers: the enterprise's administrator decides.
        "cancel": {SEC: ALL, ADMIN: OWN},
        "view_history": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "export": _GROUP_ALL,
    },
    "training.placementapplication": {
        # The teacher's school and the enterprise see an application; a teacher sees only their
        # own (PlacementApplication.objects.visible_to narrows the unit scope to the person).
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN, TEACHER: OWN},
        "add": {TEACHER: OWN},
        "approve": {ADMIN: OWN},
        "decide": {ADMIN: OWN, STAFF: OWN},
        "complete": {ADMIN: OWN, STAFF: OWN},
        "withdraw": {TEACHER: OWN},
        "respond": {TEACHER: OWN},
        # Enterprise-practice days: a teacher their own, a school's administrator their teachers',
        # the group every school's (training.querysets.placements.teachers_by_practice).
        "view_practice": {**_GROUP_ALL, ADMIN: OWN, TEACHER: OWN},
        "export": _GROUP_ALL,
    },
    "training.skillmaster": {
        # Either the enterprise or the school records its expert; a school's teachers see theirs.
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN, TEACHER: OWN},
        "add": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "change": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "view_history": {**_GROUP_ALL, ADMIN: OWN},
    },
    "training.orderclass": {
        # Either party's administrator registers the class; the school changes it, moves its
        # status and keeps its roster (OrderClass.action_unit_lookups).
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "add": {SEC: ALL, ADMIN: OWN},
        "change": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "change_status": {SEC: ALL, ADMIN: OWN},
        "view_history": {**_GROUP_ALL, ADMIN: OWN},
        "export": _GROUP_ALL,
    },
    "training.orderclassstudent": {
        "view": {**_GROUP_ALL, ADMIN: OWN, STAFF: OWN},
        "add": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "change": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
        "delete": {SEC: ALL, ADMIN: OWN, STAFF: OWN},
    },
    "members.membershipapplication": {
        "add": _EVERYONE_ALL,
        "view": _GROUP_ALL,
        "decide": {SEC: ALL},
    },
    # Reports: the secretariat runs them and writes the annual report's narrative; the supervision
    # office reads both.
    "reports.reportrun": {
        "view": _GROUP_ALL,
        "add": {SEC: ALL},
        "retry": {SEC: ALL},
    },
    # Long exports are written by a worker for the person who asked (the views keep each to its own).
    "core.exportjob": {"view": _GROUP_ALL},
    # Bulk imports write many records at once: the secretariat's alone (portal.imports).
    "imports.importjob": {
        "view": {SEC: ALL},
        "add": {SEC: ALL},
        "confirm": {SEC: ALL},
    },
    "reports.reportdraft": {
        "view": _GROUP_ALL,
        "add": {SEC: ALL},
        "change": {SEC: ALL},
    },
}


def role_of(user) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return VISITOR
    if user.is_superuser:
        return SEC
    return user.role


def _label(model_or_obj) -> str:
    return model_or_obj._meta.label_lower


def scope(user, action: str, model_or_obj) -> Scope | None:
    """The scope in which ``user`` may do ``action`` on this model, or None when not at all."""
    return RULES.get(_label(model_or_obj), {}).get(action, {}).get(role_of(user))


def can(user, action: str, model_or_obj) -> bool:
    """May ``user`` do ``action``: on this object when given one, on some object of the model when
    given the class (used to offer a page or a button before an object exists)."""
    granted = scope(user, action, model_or_obj)
    if granted is None:
        return False
    if granted == ALL or isinstance(model_or_obj, type):
        return True
    return user.unit_id is not None and user.unit_id in owner_unit_ids(model_or_obj, action)


def unit_lookups(model, action: str = "view") -> tuple[str, ...]:
    lookup = getattr(model, "action_unit_lookups", {}).get(action, model.unit_lookup)
    return (lookup,) if isinstance(lookup, str) else tuple(lookup)


def owner_unit_ids(obj, action: str = "view") -> set[int]:
    """The ids of the member units that own ``obj`` for ``action``, following each lookup path
    through foreign keys and, for several owners, through (prefetched) reverse relations."""
    owners = set()
    for lookup in unit_lookups(type(obj), action):
        if lookup == "pk":
            owners.add(obj.pk)
            continue
        *path, last = lookup.split("__")
        objects = [obj]
        for part in path:
            following = []
            for current in objects:
                related = getattr(current, part, None)
                if isinstance(related, models.Manager):
                    following.extend(related.all())
                elif related is not None:
                    following.append(related)
            objects = following
        owners.update(getattr(current, f"{last}_id") for current in objects)
    return owners - {None}


def restrict(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """The part of ``queryset`` that ``user`` may ``action``."""
    granted = scope(user, action, queryset.model)
    if granted == ALL:
        return queryset
    if granted == OWN and user.unit_id is not None:
        lookups = unit_lookups(queryset.model, action)
        if len(lookups) == 1 and "__" not in lookups[0]:
            return queryset.filter(**{lookups[0]: user.unit_id})
        # A path through a to-many relation could repeat rows; a subquery cannot.
        owned = reduce(or_, (models.Q(**{lookup: user.unit_id}) for lookup in lookups))
        return queryset.filter(pk__in=queryset.model._default_manager.filter(owned).values("pk"))
    return queryset.none()


class PortalQuerySet(models.QuerySet):
    """Base queryset of every portal model: ``Model.objects.for_user(user, action)``."""

    def for_user(self, user, action: str = "view"):
        return restrict(self, user, action)
