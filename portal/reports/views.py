"""The pages of report runs and of the annual report's draft.

Starting and retrying go through :mod:`portal.reports.services`; the run's page polls a small JSON
view for its progress, and its files are served only through a view that asks the rules."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from portal.core import permissions
from portal.core.forms import ConfirmForm
from portal.core.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PermissionMixin,
    file_response,
    show_refusal,
)
from portal.core.workflow import WorkflowError
from portal.reports import services
from portal.reports.choices import RUN_STATUS, RunStatus
from portal.reports.filtersets import ReportRunFilterSet
from portal.reports.forms import ReportDraftForm, StartRunForm, TypicalCaseFormSet
from portal.reports.models import ReportDraft, ReportRun
from portal.reports.tables import ReportRunTable

# Report runs

RUN_LIST_RELATED = ("requested_by",)


class ReportRunListView(ObjectListView):
    model = ReportRun
    queryset = ReportRun.objects.select_related(*RUN_LIST_RELATED)
    filterset_class = ReportRunFilterSet
    table_class = ReportRunTable
    template_name = "reports/run_list.html"
    add_url_name = "reports:run_add"


class ReportRunStartView(PermissionMixin, FormView):
    """Start a run; with the same parameters under way already, show that one instead."""

    model = ReportRun
    action = "add"
    form_class = StartRunForm
    template_name = "reports/run_form.html"

    def get_initial(self):
        # A link may preset the report (the draft page's "start this year's report").
        return {name: value for name, value in self.request.GET.items() if name in StartRunForm.base_fields}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            period = services.period_for(
                data["kind"], year=data["year"], month=data["month"], start=data["start"], end=data["end"]
            )
            run, created = services.start_run(
                data["kind"], period.start, period.end, data["language"], by=self.request.user
            )
        except WorkflowError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        run.refresh_from_db()
        if created and run.status == RunStatus.SUCCEEDED:
            # Without a broker the task ran in this request: say so rather than "queued".
            messages.success(self.request, _("The report is ready to download."))
        elif created:
            messages.success(self.request, _("The report was queued; this page follows its progress."))
        else:
            messages.info(self.request, _("The same report is already being built; here it is."))
        return HttpResponseRedirect(run.get_absolute_url())


class ReportRunDetailView(ObjectDetailView):
    model = ReportRun
    queryset = ReportRun.objects.select_related(*RUN_LIST_RELATED)
    template_name = "reports/run_detail.html"

    def get_context_data(self, **kwargs):
        run = self.object
        steps = {t.name for t in RUN_STATUS.available(run)}
        return super().get_context_data(
            may_retry="retry" in steps and permissions.can(self.request.user, "retry", run),
            progress_url=reverse("reports:run_progress", args=[run.pk]),
            **kwargs,
        )


def progress_of(run: ReportRun) -> dict:
    """What the run's page shows while it waits, as JSON (also for scripts and tests)."""
    duration = run.duration
    return {
        "id": run.pk,
        "status": run.status,
        "status_display": str(run.get_status_display()),
        "progress": run.progress,
        "stage": run.stage,
        "error": run.error,
        "finished": not run.is_under_way,
        "attempts": run.attempts,
        "duration": None if duration is None else round(duration.total_seconds(), 1),
        "xlsx_url": reverse("reports:run_xlsx", args=[run.pk]) if run.xlsx else None,
        "pdf_url": reverse("reports:run_pdf", args=[run.pk]) if run.pdf else None,
        "url": run.get_absolute_url(),
        "checked_at": timezone.now().isoformat(),
    }


class ReportRunProgressView(PermissionMixin, SingleObjectMixin, View):
    model = ReportRun

    def get(self, request, *args, **kwargs):
        response = JsonResponse(progress_of(self.get_object()))
        response["Cache-Control"] = "no-store"
        return response


class ReportRunRetryView(ObjectActionView):
    model = ReportRun
    action = "retry"
    form_class = ConfirmForm
    service = services.retry_run
    title = _("Retry this report")
    button_label = _("Retry")
    success_message = _("The report was queued again.")


class ReportRunFileView(PermissionMixin, SingleObjectMixin, View):
    """A run's workbook or PDF, for those who may see the run; never served from MEDIA."""

    model = ReportRun
    extension = ""
    content_type = ""

    def get(self, request, *args, **kwargs):
        run = self.get_object()
        return file_response(
            getattr(run, self.extension),
            as_attachment=True,
            filename=run.file_name(self.extension),
            content_type=self.content_type,
        )


class ReportRunWorkbookView(ReportRunFileView):
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportRunPdfView(ReportRunFileView):
    extension = "pdf"
    content_type = "application/pdf"


# Drafts of the annual report


class ReportDraftListView(PermissionMixin, ListView):
    """The years with a draft, and the way to open this year's and last year's."""

    model = ReportDraft
    template_name = "reports/draft_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("agreements", "cases")

    def get_context_data(self, **kwargs):
        this_year = timezone.localdate().year
        return super().get_context_data(
            may_edit=permissions.can(self.request.user, "change", ReportDraft),
            open_years=[this_year - 1, this_year],
            **kwargs,
        )


class ReportDraftEditView(ObjectEditView):
    """The narrative parts, representative agreements and typical cases of one year's report,
    written before its run; the page for a year without a draft starts one."""

    model = ReportDraft
    form_class = ReportDraftForm
    template_name = "reports/draft_form.html"
    success_message = _("The draft was saved; the next run of that year's report uses it.")
    cancel_url = reverse_lazy("reports:draft_list")

    def get_object(self, queryset=None):
        year = self.kwargs["year"]
        if not 1949 <= year <= timezone.localdate().year:
            raise Http404
        draft = self.get_queryset().filter(year=year).first()
        return draft or ReportDraft(year=year)

    def get_cases(self):
        if not hasattr(self, "_cases"):
            data = self.request.POST if self.request.method == "POST" else None
            self._cases = TypicalCaseFormSet(data, instance=self.object, prefix="cases")
        return self._cases

    def get_cancel_url(self):
        return self.cancel_url

    def get_context_data(self, **kwargs):
        return super().get_context_data(cases=self.get_cases(), year=self.object.year, **kwargs)

    def form_valid(self, form):
        cases = self.get_cases()
        if not cases.is_valid():
            return self.form_invalid(form)
        with transaction.atomic():
            self.object = form.save()
            cases.instance = self.object
            cases.save()
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()
