"""Two secretaries click "start" (or "retry" on two failed runs of the same report) at the same
moment: on PostgreSQL exactly one run is queued, and the other is shown it or told why."""

from datetime import date
from functools import partial

import pytest
from django.db import connection

from portal.core.roles import Role
from portal.reports import services, tasks
from portal.reports.choices import ReportKind, RunStatus
from portal.reports.models import ReportRun
from tests.concurrency import race
from tests.factories import make_user
from tests.reports.run_builders import make_run

ROUNDS = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_starts_racing_for_the_same_report_queue_one_run(personas, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # The builds are not the point here: count what is queued instead of building it.
    queued = []
    monkeypatch.setattr(tasks.build_report, "apply_async", lambda args, task_id: queued.append(args[0]))
    colleague = make_user("sec2", Role.SECRETARIAT)
    for round_ in range(ROUNDS):
        year = 2000 + round_
        start = partial(
            services.start_run, ReportKind.ANNUAL, date(year, 1, 1), date(year, 12, 31), "zh-hans"
        )

        outcomes = race(partial(start, personas.secretariat), partial(start, colleague))

        assert all(isinstance(o, tuple) for o in outcomes), outcomes
        (first, first_created), (second, second_created) = outcomes
        assert first.pk == second.pk
        assert sorted([first_created, second_created]) == [False, True]
        assert ReportRun.objects.filter(starts_on__year=year).count() == 1
    assert len(queued) == ROUNDS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_retries_racing_for_the_same_report_queue_one(personas, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    queued = []
    monkeypatch.setattr(tasks.build_report, "apply_async", lambda args, task_id: queued.append(args[0]))
    for round_ in range(ROUNDS):
        year = 2010 + round_
        failed = [make_run(personas.secretariat, status=RunStatus.FAILED, year=year) for _ in range(2)]

        outcomes = race(*(partial(services.retry_run, run, personas.secretariat) for run in failed))

        assert sorted(type(o).__name__ for o in outcomes) == ["ReportRun", "WorkflowError"], outcomes
        assert ReportRun.objects.filter(starts_on__year=year, status=RunStatus.QUEUED).count() == 1
    assert len(queued) == ROUNDS
