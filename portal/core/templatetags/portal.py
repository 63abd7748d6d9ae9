from django import template

from portal.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, target):
    """``{% can "change" unit as may_edit %}`` — asks the permissions module in a template."""
    return permissions.can(context["request"].user, action, target)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for sort and page links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
