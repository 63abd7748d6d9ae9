"""Report runs on Celery: the build itself, the scheduled reports and the sweep of stalled runs.

The build is acknowledged late and rejected when its worker is lost (CELERY_TASK_ACKS_LATE,
CELERY_TASK_REJECT_ON_WORKER_LOST), so a run whose worker was killed is delivered again and starts
over; services.fail_stalled_runs catches those that are never delivered again."""

from celery import shared_task
from django.conf import settings

from portal.reports import services
from portal.reports.choices import ReportKind


# A build that overruns by far is stopped and kept as failed rather than holding a worker.
@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, soft_time_limit=20 * 60, time_limit=25 * 60
)
def build_report(self, run_id: int):
    run = services.build(run_id, self.request.id)
    return run.status if run is not None else None


def _start_scheduled(kind: str, period) -> int:
    run, _created = services.start_run(kind, period.start, period.end, settings.LANGUAGE_CODE, by=None)
    return run.pk


@shared_task
def build_last_year_report():
    """1 January: the annual report of the year that just ended."""
    return _start_scheduled(ReportKind.ANNUAL, services.previous_year())


@shared_task
def build_last_month_summary():
    """The 1st of each month: the summary of the month that just ended."""
    return _start_scheduled(ReportKind.MONTHLY, services.previous_month())


@shared_task
def fail_stalled_report_runs():
    return services.fail_stalled_runs()
