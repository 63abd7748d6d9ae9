"""Cooperation on other apps' pages: a member unit's page lists its agreements without the members
app knowing about agreements."""

from django import template

from cooperation.models import Agreement, AgreementParty
from portal.core import permissions

register = template.Library()

UNIT_AGREEMENTS_SHOWN = 10


@register.simple_tag
def unit_agreements(unit, user):
    """``{% unit_agreements unit user as agreements %}``: the latest agreements ``unit`` is a party
    to that ``user`` may see, with their parties (two queries); None when they may see none."""
    if not permissions.can(user, "view", Agreement):
        return None
    return list(
        Agreement.objects.for_user(user)
        .filter(pk__in=AgreementParty.objects.filter(unit=unit).values("agreement"))
        .with_list_related()[:UNIT_AGREEMENTS_SHOWN]
    )
