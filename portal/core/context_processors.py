from django.conf import settings

from portal.core.models import Notification
from portal.core.permissions import role_of


def portal(request):
    user = getattr(request, "user", None)
    return {
        "unread_notifications": _unread_count(request, user),
        "portal_name": settings.GROUP_NAME or settings.SITE_NAME,
        "role": role_of(user),
    }


def _unread_count(request, user) -> int:
    # Templates rendered inside the page (tables, forms) run context processors again: count once.
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.filter(recipient=user).unread().count()
    return request._unread_notifications
