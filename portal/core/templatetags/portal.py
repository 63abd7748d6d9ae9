from django import template
from django.apps import apps

from portal.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, target):
    """``{% can "change" unit as may_edit %}`` — asks the permissions module in a template.

    ``target`` is an object, or a model's label (``"cooperation.agreement"``) to ask whether the
    person may do the action on some object of it, as a menu does before any object is at hand."""
    if isinstance(target, str):
        target = apps.get_model(target)
    return permissions.can(context["request"].user, action, target)
