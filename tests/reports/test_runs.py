"""Report runs: starting one (once per set of parameters while it is under way), refusing bad
periods, building it through the Celery task with progress saved as it goes, failing with the
error, retrying, starting over when a worker died, giving up on stalled runs, and the schedule.

The figures and the writers are stood in for by ``fake_build`` so the workflow is tested apart
from the report's content; tests/reports/test_figures.py and test_files.py test those, and
``test_a_real_build_writes_both_files`` here joins them up."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from portal.core.models import Notification
from portal.core.workflow import InvalidInput, WorkflowError
from portal.reports import services, tasks
from portal.reports.choices import ReportKind, RunStatus
from portal.reports.content import Case
from portal.reports.models import ReportDraft, ReportRun, TypicalCase
from tests.reports.run_builders import PDF, XLSX, install_fake_build


@pytest.fixture
def fake_build(monkeypatch, settings, tmp_path):
    return install_fake_build(monkeypatch, settings, tmp_path)


def last_year():
    year = timezone.localdate().year - 1
    return date(year, 1, 1), date(year, 12, 31)


def start_annual(by, language="zh-hans"):
    start, end = last_year()
    return services.start_run(ReportKind.ANNUAL, start, end, language, by)


# Starting and building


def test_a_started_run_is_built_with_progress_files_and_a_notification(
    personas, fake_build, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, created = start_annual(personas.secretariat)

    assert created
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert (run.progress, run.attempts, run.error) == (100, 1, "")
    assert run.requested_by == personas.secretariat
    assert run.started_at <= run.finished_at and run.duration >= timedelta(0)
    assert run.xlsx.read() == XLSX and run.pdf.read() == PDF
    assert run.xlsx.name.endswith(".xlsx") and run.pdf.name.endswith(".pdf")
    # The figures' stage and fraction reached the run while it was running: half of 80 %.
    assert fake_build.progress == [(40, "统计成员单位")]
    assert fake_build.languages == ["zh-hans"]
    notification = Notification.objects.get(recipient=personas.secretariat)
    assert notification.url == run.get_absolute_url()
    assert str(run) in notification.title


def test_the_report_is_built_in_the_language_asked_for(
    personas, fake_build, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, _created = start_annual(personas.secretariat, language="en")
    run.refresh_from_db()
    assert fake_build.languages == ["en"]
    assert run.stage == "Done"


def test_a_second_start_with_the_same_parameters_returns_the_run_under_way(personas):
    # Without running the commit hooks the first run stays queued, as it is while a worker is busy.
    first, created_first = start_annual(personas.secretariat)
    second, created_second = start_annual(personas.secretariat)
    assert (created_first, created_second) == (True, False)
    assert second == first
    assert ReportRun.objects.count() == 1


def test_another_language_or_period_is_another_run(personas):
    first, _ = start_annual(personas.secretariat)
    other_language, created = start_annual(personas.secretariat, language="en")
    assert created and other_language != first
    month, created = services.start_run(
        ReportKind.MONTHLY, date(2025, 3, 1), date(2025, 3, 31), "zh-hans", personas.secretariat
    )
    assert created
    assert ReportRun.objects.count() == 3


def test_a_finished_run_does_not_stop_a_new_one(personas, fake_build, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = start_annual(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        second, created = start_annual(personas.secretariat)
    assert created and second != first
    assert set(ReportRun.objects.values_list("status", flat=True)) == {RunStatus.SUCCEEDED}


def test_the_database_refuses_two_runs_under_way_with_the_same_parameters(personas):
    from django.db import IntegrityError, transaction

    start, end = last_year()
    fields = {"kind": ReportKind.ANNUAL, "starts_on": start, "ends_on": end, "language": "en"}
    ReportRun.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.create(status=RunStatus.RUNNING, **fields)
    ReportRun.objects.create(status=RunStatus.FAILED, **fields)  # finished runs may repeat


# Bad input


def _future_year():
    return timezone.localdate().year + 1


@pytest.mark.parametrize(
    ("kind", "period", "field"),
    [
        (ReportKind.ANNUAL, lambda: (date(_future_year(), 1, 1), date(_future_year(), 12, 31)), "year"),
        (ReportKind.ANNUAL, lambda: (date(2024, 1, 1), date(2024, 6, 30)), "year"),
        (ReportKind.MONTHLY, lambda: (date(_future_year(), 1, 1), date(_future_year(), 1, 31)), "month"),
        (ReportKind.MONTHLY, lambda: (date(2024, 2, 1), date(2024, 2, 28)), "month"),  # 2024 was a leap year
        (ReportKind.RANGE, lambda: (date(2024, 5, 1), date(2024, 4, 30)), "end"),
        (
            ReportKind.RANGE,
            lambda: (timezone.localdate() + timedelta(days=1), timezone.localdate() + timedelta(days=9)),
            "start",
        ),
    ],
    ids=[
        "future year",
        "part of a year",
        "future month",
        "part of a month",
        "end before start",
        "future start",
    ],
)
def test_a_bad_period_is_refused_on_its_field(personas, kind, period, field):
    start, end = period()
    with pytest.raises(InvalidInput) as refused:
        services.start_run(kind, start, end, "zh-hans", personas.secretariat)
    assert list(refused.value.errors) == [field]
    assert not ReportRun.objects.exists()


def test_a_run_of_this_year_so_far_and_a_range_ending_later_are_allowed(personas):
    today = timezone.localdate()
    _run, created = services.start_run(
        ReportKind.ANNUAL, date(today.year, 1, 1), date(today.year, 12, 31), "zh-hans", personas.secretariat
    )
    assert created
    _run, created = services.start_run(
        ReportKind.RANGE, today, today + timedelta(days=30), "zh-hans", personas.secretariat
    )
    assert created


def test_an_unknown_kind_or_language_is_refused(personas):
    start, end = last_year()
    with pytest.raises(InvalidInput) as refused:
        services.start_run("weekly", start, end, "zh-hans", personas.secretariat)
    assert list(refused.value.errors) == ["kind"]
    with pytest.raises(InvalidInput) as refused:
        services.start_run(ReportKind.ANNUAL, start, end, "fr", personas.secretariat)
    assert list(refused.value.errors) == ["language"]


@pytest.mark.parametrize(
    ("kind", "given", "field"),
    [
        (ReportKind.ANNUAL, {}, "year"),
        (ReportKind.MONTHLY, {}, "month"),
        (ReportKind.RANGE, {"end": date(2025, 1, 1)}, "start"),
        (ReportKind.RANGE, {"start": date(2025, 1, 1)}, "end"),
    ],
)
def test_the_period_needs_the_fields_of_its_kind(kind, given, field):
    with pytest.raises(InvalidInput) as refused:
        services.period_for(kind, **given)
    assert list(refused.value.errors) == [field]


def test_presets_give_calendar_periods():
    assert services.period_for(ReportKind.ANNUAL, year=2025) == services.Period(
        date(2025, 1, 1), date(2025, 12, 31)
    )
    february = services.period_for(ReportKind.MONTHLY, month=date(2024, 2, 17))
    assert (february.start, february.end) == (date(2024, 2, 1), date(2024, 2, 29))


# Failures and retries


def test_a_failing_build_keeps_the_error_and_tells_the_requester(
    personas, fake_build, django_capture_on_commit_callbacks
):
    fake_build.fail = ZeroDivisionError("division by zero in the base use")
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = start_annual(personas.secretariat)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "ZeroDivisionError: division by zero in the base use"
    assert run.finished_at is not None and not run.xlsx and not run.pdf
    notification = Notification.objects.get(recipient=personas.secretariat)
    assert "division by zero" in notification.body


def test_a_failed_run_is_retried_from_the_start(personas, fake_build, django_capture_on_commit_callbacks):
    fake_build.fail = RuntimeError("database went away")
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = start_annual(personas.secretariat)
    fake_build.fail = None
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_run(run, personas.secretariat)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert (run.attempts, run.error, run.progress) == (2, "", 100)


def test_only_a_failed_run_can_be_retried(personas, fake_build, django_capture_on_commit_callbacks):
    queued, _ = start_annual(personas.secretariat)
    with pytest.raises(WorkflowError):
        services.retry_run(queued, personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        done, _ = start_annual(personas.secretariat, language="en")
    with pytest.raises(WorkflowError):
        services.retry_run(done, personas.secretariat)


def test_a_retry_is_refused_while_the_same_report_is_under_way(personas):
    failed, _ = start_annual(personas.secretariat)
    ReportRun.objects.filter(pk=failed.pk).update(status=RunStatus.FAILED)
    start_annual(personas.secretariat)  # queued again by someone else meanwhile
    with translation.override("en"), pytest.raises(WorkflowError, match="already being built"):
        services.retry_run(failed, personas.secretariat)


def test_the_old_task_of_a_retried_run_does_not_build_it(personas, fake_build):
    run, _ = start_annual(personas.secretariat)
    old_task = run.task_id
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
    run = services.retry_run(run, personas.secretariat)
    assert run.task_id != old_task
    assert services.build(run.pk, old_task) is None
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED


# Lost workers and stalled runs


def test_a_run_delivered_again_after_its_worker_died_starts_over(personas, fake_build):
    run, _ = start_annual(personas.secretariat)
    # The first worker claimed the run, got part of the way and was killed.
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=1, progress=55, stage="x")
    tasks.build_report.apply(args=[run.pk], task_id=run.task_id)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert (run.attempts, run.progress) == (2, 100)


def test_a_run_whose_workers_keep_dying_fails_with_the_reason(personas, fake_build):
    run, _ = start_annual(personas.secretariat, language="en")
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=services.MAX_ATTEMPTS)
    result = tasks.build_report.apply(args=[run.pk], task_id=run.task_id)
    assert result.get() == RunStatus.FAILED
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "interrupted 3 times" in run.error
    assert fake_build.narratives == []


def test_a_failing_build_does_not_raise_in_the_worker(personas, fake_build):
    # Eager tasks propagate exceptions into the request that queued them: the run keeps the error.
    fake_build.fail = ValueError("bad figure")
    run, _ = start_annual(personas.secretariat)
    assert tasks.build_report.apply(args=[run.pk], task_id=run.task_id).get() == RunStatus.FAILED


def test_runs_silent_too_long_are_marked_failed(personas):
    stalled, _ = start_annual(personas.secretariat)
    busy, _ = start_annual(personas.secretariat, language="en")
    queued, _ = services.start_run(ReportKind.MONTHLY, date(2025, 1, 1), date(2025, 1, 31), "en", None)
    old = timezone.now() - services.STALLED_AFTER - timedelta(minutes=1)
    ReportRun.objects.filter(pk=stalled.pk).update(status=RunStatus.RUNNING, modified=old)
    ReportRun.objects.filter(pk=busy.pk).update(status=RunStatus.RUNNING)
    ReportRun.objects.filter(pk=queued.pk).update(modified=old)

    assert tasks.fail_stalled_report_runs.apply().get() == 1

    statuses = dict(ReportRun.objects.values_list("pk", "status"))
    assert statuses == {stalled.pk: RunStatus.FAILED, busy.pk: RunStatus.RUNNING, queued.pk: RunStatus.QUEUED}
    stalled.refresh_from_db()
    assert "15" in stalled.error
    assert Notification.objects.filter(recipient=personas.secretariat).count() == 1


# The narrative


def test_an_annual_report_tells_its_years_draft_and_a_summary_does_not(
    personas, fake_build, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year - 1
    draft = ReportDraft.objects.create(year=year, overview="集团稳步发展。", suggestions="加强产教融合。")
    TypicalCase.objects.create(draft=draft, title="订单班案例", unit=personas.enterprise, text="精工订单班。")
    with django_capture_on_commit_callbacks(execute=True):
        start_annual(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_run(
            ReportKind.MONTHLY, date(year, 5, 1), date(year, 5, 31), "zh-hans", personas.secretariat
        )
    annual, monthly = fake_build.narratives
    assert annual.overview == "集团稳步发展。" and annual.suggestions == "加强产教融合。"
    assert annual.cases == [Case(title="订单班案例", unit=str(personas.enterprise), text="精工订单班。")]
    assert monthly.overview == "" and monthly.cases == []


# The schedule


def test_the_schedule_builds_last_years_report_and_last_months_summary(personas, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 1, 1))
    annual = ReportRun.objects.get(pk=tasks.build_last_year_report.apply().get())
    monthly = ReportRun.objects.get(pk=tasks.build_last_month_summary.apply().get())
    assert (annual.kind, annual.starts_on, annual.ends_on) == (
        ReportKind.ANNUAL,
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert (monthly.kind, monthly.starts_on, monthly.ends_on) == (
        ReportKind.MONTHLY,
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert annual.requested_by is None and annual.language == settings.LANGUAGE_CODE


def test_the_beat_schedule_names_the_report_tasks():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    annual = schedule["portal.reports.tasks.build_last_year_report"]
    monthly = schedule["portal.reports.tasks.build_last_month_summary"]
    assert (annual.month_of_year, annual.day_of_month) == ({1}, {1})
    assert monthly.day_of_month == {1} and len(monthly.month_of_year) == 12
    assert "portal.reports.tasks.fail_stalled_report_runs" in schedule


def test_a_scheduled_runs_outcome_goes_to_the_secretariat(
    personas, fake_build, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.build_last_month_summary.apply()
    assert Notification.objects.filter(recipient=personas.secretariat).count() == 1


# The real figures and writers


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_real_build_writes_both_files(
    personas, settings, tmp_path, django_capture_on_commit_callbacks, language
):
    from io import BytesIO

    from openpyxl import load_workbook

    settings.MEDIA_ROOT = tmp_path
    year = timezone.localdate().year - 1
    ReportDraft.objects.create(year=year, overview="集团稳步发展。")
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = start_annual(personas.secretariat, language=language)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    workbook = load_workbook(BytesIO(run.xlsx.read()))
    assert len(workbook.sheetnames) >= 4
    assert run.pdf.read().startswith(b"%PDF")


def test_a_report_over_an_empty_period_builds(
    personas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = services.start_run(
            ReportKind.MONTHLY, date(2001, 2, 1), date(2001, 2, 28), "en", personas.secretariat
        )
    run.refresh_from_db()
    assert (run.status, run.error, run.progress) == (RunStatus.SUCCEEDED, "", 100)
