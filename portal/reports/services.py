"""The workflow of report runs: starting one (once per set of parameters while it is under way),
retrying a failed one, building it (called by the Celery task) and giving up on stalled ones.

Pages, the API, the schedule and the task all call these."""

import calendar
import logging
import uuid
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.services import secretariat_people
from portal.core.notifications import notify
from portal.core.workflow import InvalidInput, WorkflowError
from portal.reports.choices import ACTIVE, RUN_STATUS, ReportKind, RunStatus
from portal.reports.content import Narrative, Period
from portal.reports.models import ReportDraft, ReportRun

logger = logging.getLogger(__name__)

# A worker that died mid-build has its run delivered again; after this many starts the run fails
# rather than killing worker after worker.
MAX_ATTEMPTS = 3
# A running build saves its progress at every stage; one silent this long has lost its worker.
STALLED_AFTER = timedelta(minutes=15)
# How the bar is shared between the steps of a build.
FIGURES_SHARE, XLSX_SHARE = 80, 10


def period_for(kind: str, *, year=None, month: date | None = None, start=None, end=None) -> Period:
    """The period a start form describes: a year, a month (any day in it) or two dates."""
    if kind == ReportKind.ANNUAL:
        if year is None:
            raise InvalidInput(_("Give the year of the report."), "year")
        return Period.year(year)
    if kind == ReportKind.MONTHLY:
        if month is None:
            raise InvalidInput(_("Give the month of the summary."), "month")
        return Period.month(month.year, month.month)
    if start is None:
        raise InvalidInput(_("Give the first day of the period."), "start")
    if end is None:
        raise InvalidInput(_("Give the last day of the period."), "end")
    return Period(start, end)


def _check_period(kind: str, start: date, end: date) -> None:
    today = timezone.localdate()
    if kind == ReportKind.ANNUAL:
        if (start, end) != (date(start.year, 1, 1), date(start.year, 12, 31)):
            raise InvalidInput(_("An annual report covers a calendar year."), "year")
        if start.year > today.year:
            raise InvalidInput(
                _("%(year)s has not begun: choose this year or an earlier one.") % {"year": start.year},
                "year",
            )
        return
    if kind == ReportKind.MONTHLY:
        last_day = calendar.monthrange(start.year, start.month)[1]
        if (start.day, end) != (1, date(start.year, start.month, last_day)):
            raise InvalidInput(_("A monthly summary covers a calendar month."), "month")
        if start > today:
            raise InvalidInput(_("That month has not begun: choose this month or an earlier one."), "month")
        return
    if end < start:
        raise InvalidInput(_("The period cannot end before it starts."), "end")
    if start > today:
        raise InvalidInput(_("The period cannot start in the future."), "start")


def _queue(run: ReportRun) -> None:
    """Give the run a fresh task id and queue its build once the transaction commits."""
    from portal.reports.tasks import build_report

    run.task_id = str(uuid.uuid4())
    run.save(update_fields=["task_id", "modified"])
    task_id = run.task_id
    transaction.on_commit(lambda: build_report.apply_async(args=[run.pk], task_id=task_id))


def start_run(kind: str, start: date, end: date, language: str, by) -> tuple[ReportRun, bool]:
    """Queue a report for the period; while a run with the same parameters is queued or running,
    that run is returned instead (``created`` is False). ``by`` is None for scheduled runs."""
    if kind not in ReportKind.values:
        raise InvalidInput(_("Choose the kind of report."), "kind")
    if language not in dict(ReportRun._meta.get_field("language").choices):
        raise InvalidInput(_("Choose the language of the report."), "language")
    _check_period(kind, start, end)
    parameters = {"kind": kind, "starts_on": start, "ends_on": end, "language": language}
    with transaction.atomic():
        under_way = ReportRun.objects.filter(status__in=ACTIVE, **parameters).first()
        if under_way is not None:
            return under_way, False
        try:
            # The partial unique constraint settles two requests racing past the check above.
            with transaction.atomic():
                run = ReportRun.objects.create(requested_by=by, **parameters)
        except IntegrityError:
            return ReportRun.objects.get(status__in=ACTIVE, **parameters), False
        _queue(run)
    return run, True


def retry_run(run: ReportRun, by) -> ReportRun:
    """Queue a failed run again, with its parameters, from the start."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        RUN_STATUS.check(run, "retry")
        twin = ReportRun.objects.filter(
            status__in=ACTIVE,
            kind=run.kind,
            starts_on=run.starts_on,
            ends_on=run.ends_on,
            language=run.language,
        ).first()
        already = _("The same report is already being built: see run #%(pk)s.")
        if twin is not None:
            raise WorkflowError(already % {"pk": twin.pk})
        run.status = RunStatus.QUEUED
        run.progress = 0
        run.stage = ""
        run.error = ""
        run.started_at = run.finished_at = None
        try:
            with transaction.atomic():
                run.save()
        except IntegrityError:  # a twin was queued at the same moment
            twin = ReportRun.objects.get(
                status__in=ACTIVE,
                kind=run.kind,
                starts_on=run.starts_on,
                ends_on=run.ends_on,
                language=run.language,
            )
            raise WorkflowError(already % {"pk": twin.pk}) from None
        _queue(run)
        logger.info("Report run %s retried by %s", run.pk, by)
    return run


def narrative_for(run: ReportRun) -> Narrative:
    """An annual report tells the secretariat's narrative and cases for its year; summaries for
    a month or a range are figures only."""
    if run.kind != ReportKind.ANNUAL:
        return Narrative()
    draft = ReportDraft.objects.filter(year=run.starts_on.year).first()
    return draft.narrative() if draft is not None else Narrative()


def _claim(run_id: int, task_id: str) -> ReportRun | None:
    """Mark the run running for this delivery of its task; None when it is not this task's to
    build (retried since, or already finished)."""
    now = timezone.now()
    claimed = ReportRun.objects.filter(pk=run_id, task_id=task_id, status__in=ACTIVE).update(
        status=RunStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        finished_at=None,
        progress=0,
        stage="",
        error="",
        modified=now,
    )
    return ReportRun.objects.get(pk=run_id) if claimed else None


def _report_progress(run: ReportRun, percent: float, stage: str) -> None:
    # An UPDATE outside any transaction, so the page polling the run sees it at once.
    ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        progress=max(0, min(100, int(percent))), stage=str(stage)[:200], modified=timezone.now()
    )


def build(run_id: int, task_id: str) -> ReportRun | None:
    """Build the run's figures, workbook and PDF in the run's language, saving progress as it
    goes. A failure is kept on the run with the error; the person who asked is told either way."""
    run = _claim(run_id, task_id)
    if run is None:
        logger.info("Report run %s is not for task %s to build; skipped", run_id, task_id)
        return None
    with translation.override(run.language):
        if run.attempts > MAX_ATTEMPTS:
            message = _(
                "The build was interrupted %(count)s times (its worker stopped); retry it once the "
                "cause is fixed."
            )
            return _fail(run, message % {"count": run.attempts - 1})
        try:
            files = _build_files(run)
        except Exception as error:
            logger.exception("Report run %s failed", run.pk)
            return _fail(run, f"{type(error).__name__}: {error}")
        return _succeed(run, task_id, files)


def _build_files(run: ReportRun) -> dict[str, bytes]:
    # The writers pull in reportlab and openpyxl: loaded by the worker that builds, not by pages.
    from portal.reports import figures, pdf, xlsx

    _report_progress(run, 0, _("Starting"))
    report = figures.compute(
        Period(run.starts_on, run.ends_on),
        narrative_for(run),
        progress=lambda stage, fraction: _report_progress(run, FIGURES_SHARE * float(fraction), stage),
    )
    _report_progress(run, FIGURES_SHARE, _("Writing the workbook"))
    workbook = xlsx.write_xlsx(report)
    _report_progress(run, FIGURES_SHARE + XLSX_SHARE, _("Writing the PDF"))
    return {"xlsx": workbook, "pdf": pdf.write_pdf(report)}


def _succeed(run: ReportRun, task_id: str, files: dict[str, bytes]) -> ReportRun:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.RUNNING or run.task_id != task_id:
            return run  # given up on as stalled meanwhile; a retry builds it again
        for extension, content in files.items():
            getattr(run, extension).save(run.file_name(extension), ContentFile(content), save=False)
        run.status = RunStatus.SUCCEEDED
        run.progress = 100
        run.stage = _("Done")
        run.finished_at = timezone.now()
        run.save()
        _tell(run, gettext_lazy("The report %(run)s is ready"), "reports/notifications/run_succeeded.txt")
    return run


def _fail(run: ReportRun, reason: str) -> ReportRun:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in ACTIVE:
            return run
        run.status = RunStatus.FAILED
        run.error = reason
        run.finished_at = timezone.now()
        run.save()
        _tell(run, gettext_lazy("The report %(run)s failed"), "reports/notifications/run_failed.txt")
    return run


def _tell(run: ReportRun, title, template: str) -> None:
    """The person who asked, or for scheduled runs the secretariat, in the report's language."""
    recipients = [run.requested_by] if run.requested_by is not None else secretariat_people()
    with translation.override(run.language):
        notify(recipients, str(title) % {"run": run}, template, {"run": run}, url=run.get_absolute_url())


def fail_stalled_runs(now=None) -> int:
    """Runs said to be running that saved no progress for STALLED_AFTER lost their worker for
    good: mark them failed with the reason, so none stays "running" forever."""
    now = now or timezone.now()
    stalled = ReportRun.objects.filter(status=RunStatus.RUNNING, modified__lt=now - STALLED_AFTER)
    minutes = int(STALLED_AFTER.total_seconds() // 60)
    count = 0
    for run in stalled:
        with translation.override(run.language):
            reason = _("No progress for %(minutes)s minutes: the worker building it stopped.")
            if _fail(run, reason % {"minutes": minutes}).status == RunStatus.FAILED:
                count += 1
    return count


def previous_year() -> Period:
    return Period.year(timezone.localdate().year - 1)


def previous_month() -> Period:
    last_day = timezone.localdate().replace(day=1) - timedelta(days=1)
    return Period.month(last_day.year, last_day.month)
