"""The pages of bulk imports: what can be imported (with templates), the upload, matching the
columns, the preview of every row, confirming, and the history of imports.

Every step goes through :mod:`portal.imports.services`; checking and writing run on Celery and the
job's page follows their progress."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from portal.core.forms import ConfirmForm
from portal.core.imports import RowStatus, missing_columns, template_workbook
from portal.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectListView,
    PermissionMixin,
    file_response,
    show_refusal,
)
from portal.core.workflow import WorkflowError
from portal.imports import services
from portal.imports.choices import ImportStatus
from portal.imports.filtersets import ImportJobFilterSet
from portal.imports.forms import ColumnMappingForm, upload_form
from portal.imports.models import ImportJob
from portal.imports.tables import ImportJobTable

PREVIEW_PAGE_SIZE = 100


def _importer(kind: str):
    importer = services.IMPORTERS.get(kind)
    if importer is None:
        raise Http404
    return importer


def limits() -> dict:
    return {
        "max_size": filesizeformat(settings.IMPORT_MAX_BYTES),
        "max_rows": settings.IMPORT_MAX_ROWS,
    }


class ImportJobListView(ObjectListView):
    """The history of imports, with what can be imported above it."""

    model = ImportJob
    queryset = ImportJob.objects.select_related("created_by", "confirmed_by")
    filterset_class = ImportJobFilterSet
    table_class = ImportJobTable
    template_name = "imports/job_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(importers=list(services.IMPORTERS.values()), **limits(), **kwargs)


class TemplateDownloadView(PermissionMixin, View):
    """An empty workbook to fill in, in either language."""

    model = ImportJob
    action = "add"

    def get(self, request, kind, language):
        importer = _importer(kind)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        response = HttpResponse(
            template_workbook(importer, language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}-template-{language}.xlsx"'
        return response


class UploadView(PermissionMixin, FormView):
    model = ImportJob
    action = "add"
    template_name = "imports/upload.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.importer = _importer(kwargs["kind"])

    def get_form_class(self):
        return upload_form(self.importer)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            importer=self.importer, kind=self.kwargs["kind"], **limits(), **kwargs
        )

    def form_valid(self, form):
        try:
            job = services.upload(
                self.kwargs["kind"],
                form.cleaned_data["file"],
                self.importer.options_from_form(form.cleaned_data),
                by=self.request.user,
            )
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        job.refresh_from_db()
        if job.status == ImportStatus.MAPPING:
            messages.info(self.request, _("Match the file's columns to the fields, then it is checked."))
            return HttpResponseRedirect(reverse("imports:job_columns", args=[job.pk]))
        return HttpResponseRedirect(job.get_absolute_url())


class ImportJobDetailView(ObjectDetailView):
    """The job's progress, then the preview of every row, by status, a page at a time."""

    model = ImportJob
    queryset = ImportJob.objects.select_related("created_by", "confirmed_by")
    template_name = "imports/job_detail.html"

    def get_context_data(self, **kwargs):
        job = self.object
        # The rows in error first, as they are what needs fixing; ?status=all shows every row.
        shown = self.request.GET.get("status") or (RowStatus.ERROR if job.errors else "")
        if shown not in RowStatus.values:
            shown = ""
        rows = job.checked_rows.all()
        if shown:
            rows = rows.filter(status=shown)
        page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(self.request.GET.get("page"))
        counts = {
            RowStatus.NEW: job.new,
            RowStatus.CHANGED: job.changed,
            RowStatus.UNCHANGED: job.unchanged,
            RowStatus.ERROR: job.errors,
        }
        return super().get_context_data(
            importer=services.importer_for(job),
            progress_url=reverse("imports:job_progress", args=[job.pk]),
            page=page,
            shown=shown,
            tabs=[(status, label, counts[status]) for status, label in RowStatus.choices],
            columns=self._columns(job),
            **kwargs,
        )

    @staticmethod
    def _columns(job: ImportJob) -> list[tuple[str, str]]:
        labels = {c.key: c.label for c in services.IMPORTERS[job.kind].columns}
        return [(header, labels.get(key, "")) for header, key in zip(job.header, job.mapping, strict=False)]


class ImportJobProgressView(PermissionMixin, SingleObjectMixin, View):
    model = ImportJob

    def get(self, request, *args, **kwargs):
        response = JsonResponse(services.progress_of(self.get_object()))
        response["Cache-Control"] = "no-store"
        return response


class ImportJobFileView(PermissionMixin, SingleObjectMixin, View):
    """The file as it was uploaded."""

    model = ImportJob

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        return file_response(job.file, as_attachment=True, filename=job.file_name)


class ColumnMappingView(PermissionMixin, SingleObjectMixin, FormView):
    model = ImportJob
    action = "add"
    form_class = ColumnMappingForm
    template_name = "imports/columns.html"

    def check_access(self, request, *args, **kwargs):
        self.object = self.get_object()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "job": self.object}

    def get_context_data(self, **kwargs):
        job = self.object
        return super().get_context_data(
            object=job,
            importer=services.IMPORTERS[job.kind],
            missing=missing_columns(services.IMPORTERS[job.kind], job.mapping),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.set_mapping(self.object, form.mapping(), by=self.request.user)
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.object.get_absolute_url())


class ImportJobConfirmView(ObjectActionView):
    model = ImportJob
    action = "confirm"
    form_class = ConfirmForm
    service = services.confirm
    title = _("Write this import")
    button_label = _("Import")
    success_message = _("The import is being written; this page follows its progress.")


class ImportJobRecheckView(ObjectActionView):
    model = ImportJob
    action = "add"
    form_class = ConfirmForm
    service = services.recheck
    title = _("Check the file again")
    button_label = _("Check again")
    success_message = _("The file is being checked again.")


class ImportJobDiscardView(ObjectActionView):
    model = ImportJob
    action = "add"
    form_class = ConfirmForm
    service = services.discard
    title = _("Discard this import")
    button_label = _("Discard")
    button_class = "btn-outline-danger"
    success_message = _("The import was discarded; nothing was written.")
