from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.reports.choices import LANGUAGE_CHOICES, ReportKind
from portal.reports.models import ReportRun


class ReportRunSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reports-api:report-run-detail")
    page_url = serializers.SerializerMethodField()
    requested_by_name = serializers.CharField(source="requested_by.name", read_only=True, default=None)
    duration = serializers.SerializerMethodField(
        help_text=_("Seconds the last build took, or has taken so far.")
    )
    xlsx_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "url",
            "page_url",
            "kind",
            "starts_on",
            "ends_on",
            "language",
            "status",
            "progress",
            "stage",
            "error",
            "requested_by",
            "requested_by_name",
            "requested_at",
            "started_at",
            "finished_at",
            "duration",
            "attempts",
            "xlsx_url",
            "pdf_url",
        ]
        read_only_fields = fields

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(serializers.URLField())
    def get_page_url(self, run):
        return self._absolute(run.get_absolute_url())

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_duration(self, run):
        duration = run.duration
        return None if duration is None else round(duration.total_seconds(), 1)

    # The files are served by the pages, which check who may see the run.
    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_xlsx_url(self, run):
        return self._absolute(reverse("reports:run_xlsx", args=[run.pk])) if run.xlsx else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, run):
        return self._absolute(reverse("reports:run_pdf", args=[run.pk])) if run.pdf else None


class StartRunSerializer(serializers.Serializer):
    """What to report on: ``year`` for an annual report, ``month`` (YYYY-MM) for a monthly
    summary, ``start`` and ``end`` for a date range."""

    kind = serializers.ChoiceField(choices=ReportKind.choices)
    year = serializers.IntegerField(required=False, min_value=1949, max_value=9999)
    month = serializers.DateField(required=False, input_formats=["%Y-%m", "%Y-%m-%d"])
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
