from django.conf import settings

from portal.core.permissions import role_of


def portal(request):
    return {
        "portal_name": settings.GROUP_NAME or settings.SITE_NAME,
        "role": role_of(getattr(request, "user", None)),
    }
