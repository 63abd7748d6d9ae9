from django import template

from portal.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, target):
    """``{% can "change" unit as may_edit %}`` — asks the permissions module in a template."""
    return permissions.can(context["request"].user, action, target)
