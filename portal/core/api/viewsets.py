"""Base viewsets for the REST API: the same permission rules and scoped querysets as the pages."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from portal.core import permissions
from portal.core.api.access import permission_action
from portal.core.workflow import InvalidInput, WorkflowError


class PortalViewSet(viewsets.ModelViewSet):
    """A model's API: list/retrieve in the user's scope, writes through the permission rules."""

    permission_actions: dict[str, str] = {}

    def get_queryset(self):
        return permissions.restrict(
            self.queryset.all(), self.request.user, permission_action(self, self.request)
        )

    def perform_create(self, serializer):
        model = self.queryset.model
        fields = {k: v for k, v in serializer.validated_data.items() if not _is_many(model, k)}
        if not permissions.can(self.request.user, "add", model(**fields)):
            raise exceptions.PermissionDenied
        serializer.save()


class PortalReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return permissions.restrict(self.queryset.all(), self.request.user, "view")


def _is_many(model, name) -> bool:
    try:
        return model._meta.get_field(name).many_to_many
    except FieldDoesNotExist:
        return False


def exception_handler(exc, context):
    """Refused input becomes 400 on its fields, other domain errors 409 Conflict, model validation
    errors 400; never a 500."""
    if isinstance(exc, InvalidInput):
        exc = exceptions.ValidationError(
            {
                api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
                for field, messages in exc.errors.items()
            }
        )
    elif isinstance(exc, WorkflowError):
        return Response({"detail": str(exc.message)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
