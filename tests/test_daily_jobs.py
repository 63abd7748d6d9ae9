"""The daily jobs run from cron with `manage.py run_daily_jobs` exactly as beat would run them."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from cooperation.choices import NeedKind, NeedStatus
from cooperation.models import TrainingNeed
from members.models import Industry


def test_run_daily_jobs_closes_overdue_needs(personas):
    today = timezone.localdate()
    need = TrainingNeed.objects.create(
        unit=personas.enterprise,
        kind=NeedKind.SAFETY,
        title="安全生产培训",
        description="新员工安全培训",
        industry=Industry.objects.get(code="C"),
        headcount=30,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=12),
        place="苏州",
        deadline=today - timedelta(days=1),
    )
    out = StringIO()
    call_command("run_daily_jobs", stdout=out)
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED
    assert "close-overdue-needs: 1" in out.getvalue()
