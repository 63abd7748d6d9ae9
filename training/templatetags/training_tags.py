"""Training on other apps' pages: a member unit's page lists the skill masters it sends or hosts and
the order classes it ordered or runs, without the members app knowing about training."""

from django import template

from portal.core import permissions
from training.models import OrderClass, SkillMaster

register = template.Library()

UNIT_PEOPLE_SHOWN = 10


@register.simple_tag
def unit_skill_masters_and_order_classes(unit, user):
    """``{% unit_skill_masters_and_order_classes unit user as people %}``: the latest skill masters
    and order classes of ``unit`` that ``user`` may see (one query each), as ``skill_masters`` and
    ``order_classes``, each None when they may see none of that kind; None when neither."""
    found = {"skill_masters": None, "order_classes": None}
    if permissions.can(user, "view", SkillMaster):
        found["skill_masters"] = list(
            SkillMaster.objects.visible_to(user).for_unit(unit).with_list_related()[:UNIT_PEOPLE_SHOWN]
        )
    if permissions.can(user, "view", OrderClass):
        found["order_classes"] = list(
            OrderClass.objects.visible_to(user).for_unit(unit).with_list_related()[:UNIT_PEOPLE_SHOWN]
        )
    return found if any(value is not None for value in found.values()) else None
