from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.core import permissions
from portal.core.api.access import permission_action
from portal.reports import services
from portal.reports.api.serializers import ReportRunSerializer, StartRunSerializer
from portal.reports.filtersets import ReportRunFilterSet
from portal.reports.models import ReportRun
from portal.reports.views import RUN_LIST_RELATED


class ReportRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Report runs: list and read them, start one (the same parameters while one is under way
    answer that run with 200 instead of 201) and retry a failed one."""

    queryset = ReportRun.objects.select_related(*RUN_LIST_RELATED)
    serializer_class = ReportRunSerializer
    filterset_class = ReportRunFilterSet
    ordering_fields = ["requested_at", "starts_on", "status", "kind"]
    ordering = ["-requested_at", "-pk"]
    http_method_names = ["get", "post", "head", "options"]
    permission_actions = {"retry": "retry"}

    def get_queryset(self):
        return permissions.restrict(
            self.queryset.all(), self.request.user, permission_action(self, self.request)
        )

    def _answer(self, run, status_code=status.HTTP_200_OK):
        run = self.queryset.all().get(pk=run.pk)
        return Response(self.get_serializer(run).data, status=status_code)

    @extend_schema(request=StartRunSerializer, responses={201: ReportRunSerializer, 200: ReportRunSerializer})
    def create(self, request, *args, **kwargs):
        payload = StartRunSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        period = services.period_for(
            data["kind"],
            year=data.get("year"),
            month=data.get("month"),
            start=data.get("start"),
            end=data.get("end"),
        )
        run, created = services.start_run(
            data["kind"], period.start, period.end, data["language"], by=request.user
        )
        return self._answer(run, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses=ReportRunSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Queue a failed run again."""
        return self._answer(services.retry_run(self.get_object(), by=request.user))
