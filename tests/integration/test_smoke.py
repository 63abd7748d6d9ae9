"""The production stack serves: gunicorn answers pages and whitenoise static files, a person logs
in over HTTP, a task goes through Redis to a real worker and changes the shared database, and the
compose file's health checks pass against the running processes."""

import gzip
import re
import time
from datetime import timedelta

from celery import Celery
from django.utils import timezone

from cooperation.choices import NeedKind, NeedStatus
from cooperation.models import TrainingNeed
from members.choices import UnitKind
from members.models import Industry
from tests.factories import make_unit
from tests.integration.harness import ROOT, Browser, wait_for


def test_gunicorn_serves_pages_and_whitenoise_serves_hashed_static_files(stack, transactional_db):
    browser = Browser(stack.base_url)
    home = browser.get("/")
    assert home.status == 200
    assert "script-src 'self'" in home.headers["Content-Security-Policy"]

    # The page links the collected, hashed copy; whitenoise serves it compressed and cacheable for ever.
    href = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', home.text)
    assert href, "the page does not link a hashed portal.css"
    collected = (stack.var_dir / "static" / href.group(1).removeprefix("/static/")).read_bytes()
    styles = browser.get(href.group(1), **{"Accept-Encoding": "gzip"})
    assert styles.status == 200
    assert styles.headers["Content-Encoding"] == "gzip"
    assert "immutable" in styles.headers["Cache-Control"]
    assert gzip.decompress(styles.body) == collected

    plain = browser.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert plain.status == 200
    assert plain.body == (ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").read_bytes()
    assert browser.get("/static/no-such-file.css").status == 404


def test_a_person_logs_in_over_http_with_the_csrf_token(stack, secretariat):
    browser = Browser(stack.base_url)
    refused = browser.request("/accounts/login/", {"username": secretariat, "password": "wrong"})
    assert refused.status == 403  # no CSRF token, no login attempt

    landed = browser.login(secretariat)
    assert "sessionid" in {cookie.name for cookie in browser.cookies}
    page = browser.get(landed.location)
    assert page.status == 200
    assert secretariat in page.text
    assert browser.get("/members/units/").status == 200


def test_a_task_round_trips_through_redis_and_a_real_worker(stack, transactional_db):
    today = timezone.localdate()
    enterprise = make_unit("苏州精工机械有限公司", UnitKind.ENTERPRISE)
    need = TrainingNeed.objects.create(
        unit=enterprise,
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

    sender = Celery("integration", broker=stack.redis_url, set_as_current=False)
    sender.conf.task_default_queue = stack.queue
    started = time.monotonic()
    try:
        task = sender.send_task("cooperation.tasks.close_overdue_needs")
    finally:
        sender.close()

    def closed():
        need.refresh_from_db()
        return need.status == NeedStatus.CLOSED

    wait_for(closed, 30, "the worker to close the overdue need")
    elapsed = time.monotonic() - started
    stack.worker.wait_until(lambda: f"[{task.id}] succeeded" in stack.worker.output(), 10, "logging success")
    assert elapsed < 10, f"the round trip took {elapsed:.1f} s"


def test_the_compose_health_checks_pass_against_the_running_processes(stack, transactional_db):
    web = stack.healthcheck("web")
    assert web.returncode == 0, web.stderr
    worker = stack.healthcheck("worker", CELERY_WORKER_NAME=stack.worker.node)
    assert worker.returncode == 0, worker.stderr
    missing = stack.healthcheck("worker", CELERY_WORKER_NAME="celery@no-such-worker")
    assert missing.returncode != 0

    beat = stack.start_beat()
    try:
        beat.wait_until(lambda: "beat: Starting..." in beat.output(), 30, "starting")
        wait_for(lambda: stack.healthcheck("beat").returncode == 0, 30, "beat's schedule file")
    finally:
        beat.stop()
    stale = stack.healthcheck("beat", CELERY_BEAT_SCHEDULE_FILE=str(stack.var_dir / "no-schedule"))
    assert stale.returncode != 0 and "no schedule file" in stale.stderr
