"""The API's permission class and pagination, kept apart from the viewsets so that DRF's settings
can import them without an import cycle."""

from django.conf import settings
from rest_framework import pagination
from rest_framework import permissions as drf_permissions

from portal.core import permissions

_METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class PortalPagination(pagination.PageNumberPagination):
    page_size = settings.PAGINATE_BY
    page_size_query_param = "page_size"
    max_page_size = settings.MAX_PAGE_SIZE


def permission_action(view, request) -> str:
    """The portal action a request asks for: a viewset's extra action names its own."""
    extra = getattr(view, "permission_actions", {}).get(getattr(view, "action", None))
    return extra or _METHOD_ACTIONS.get(request.method, "change")


class PortalPermission(drf_permissions.BasePermission):
    """Allows a request when the user's role may do its action on the model at all; object scope
    is applied by the viewset's queryset, and checked again for objects being created."""

    def has_permission(self, request, view):
        if request.method.lower() not in view.http_method_names:
            return True  # let the view answer 405 rather than a misleading 403
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return True
        return permissions.can(request.user, permission_action(view, request), model)

    def has_object_permission(self, request, view, obj):
        return permissions.can(request.user, permission_action(view, request), obj)
