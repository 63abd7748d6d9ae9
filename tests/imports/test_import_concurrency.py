"""Two imports of overlapping member lists confirmed at the same moment, each written by its own
thread with its own connection: on PostgreSQL they take turns, so each unit is created once and
the second import, whose preview no longer holds, writes nothing and says why."""

import pytest
from django.db import connection

from members.models import MemberUnit, User
from portal.core.roles import Role
from portal.imports import services, tasks
from portal.imports.choices import ImportStatus
from portal.imports.models import ImportJob
from tests.concurrency import race
from tests.factories import credit_code
from tests.imports.files import MEMBER_HEADER, member_row, xlsx_file


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_imports_confirmed_together_create_each_unit_once(settings, tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    # Checks run in-process as queued; the writes are left to the racing threads below.
    monkeypatch.setattr(tasks.run_import, "apply_async", lambda *args, **kwargs: None)
    user = User.objects.create(username="sec-race", role=Role.SECRETARIAT, name="秘书处")
    jobs = []
    for first in (1, 51):  # rows 51–100 are in both files
        upload = xlsx_file([MEMBER_HEADER, *(member_row(i) for i in range(first, first + 100))])
        job = ImportJob.objects.get(pk=services.upload("member_units", upload, {}, by=user).pk)
        assert (job.new, job.errors) == (100, 0)
        jobs.append(services.confirm(job, by=user))

    outcomes = race(*(lambda job=job: services.run(job.pk, job.task_id) for job in jobs))

    statuses = sorted(outcome.status for outcome in outcomes)
    assert statuses == [ImportStatus.DONE, ImportStatus.FAILED], outcomes
    failed = next(o for o in outcomes if o.status == ImportStatus.FAILED)
    assert "changed since the file was checked" in failed.error or "校验之后名录已发生变化" in failed.error
    codes = [credit_code(700000 + i) for i in range(1, 151)]
    assert MemberUnit.objects.filter(credit_code__in=codes).count() == 100
    assert MemberUnit.history.filter(credit_code__in=codes).count() == 100
