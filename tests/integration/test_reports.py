"""Report runs on the production stack: the secretariat starts a run over HTTP, the page's progress
reaches 100 % as a real worker builds it, and both files download with the right content; a run
whose worker is killed mid-build is not lost."""

import json
import os
import re
import signal
import time
from io import BytesIO

import psycopg
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from cooperation.models import TrainingNeed
from members.choices import UnitKind
from members.models import MemberUnit
from portal.reports import xlsx
from portal.reports.choices import RunStatus
from portal.reports.models import ReportRun
from tests.integration.harness import Browser, record, timed, wait_for

DEMO_PASSWORD = "demo-pass-2026"


@pytest.fixture
def demo(stack, transactional_db):
    """The demo group, loaded by the command the README gives, and its secretariat logged in."""
    if not stack.worker.alive:  # an earlier test failed between killing a worker and replacing it
        stack.start_worker()
    with timed("manage.py load_demo"):
        stack.manage("load_demo")
    browser = Browser(stack.base_url)
    browser.login("secretariat", DEMO_PASSWORD)
    return browser


def start_run(browser: Browser, year: int, language: str) -> tuple[ReportRun, str]:
    response = browser.submit("/reports/runs/add/", {"kind": "annual", "year": year, "language": language})
    assert response.status == 302, response.text[:2000]
    page = response.location
    run = ReportRun.objects.get(pk=int(re.search(r"/reports/runs/(\d+)/$", page).group(1)))
    return run, page


def progress(browser: Browser, page: str) -> dict:
    response = browser.get(f"{page}progress/")
    assert response.status == 200
    return json.loads(response.body)


def the_members_at_the_end_of(year: int) -> dict[str, int]:
    # Counted here, independently of the report's own queries.
    members = MemberUnit.objects.filter(joined_on__year__lte=year).exclude(left_on__year__lte=year)
    return {
        "Member units at the end of the period": members.count(),
        "of which enterprises": members.filter(kind=UnitKind.ENTERPRISE).count(),
    }


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", content))


def test_a_run_started_over_http_reaches_100_percent_and_both_files_download(stack, demo):
    year = timezone.localdate().year
    started = time.monotonic()
    run, page = start_run(demo, year, "zh-hans")
    seen = []

    def finished():
        state = progress(demo, page)
        seen.append((state["status"], state["progress"], state["stage"]))
        return state if state["finished"] else None

    state = wait_for(finished, 60, "the run to finish", interval=0.05)
    record(f"annual report {year} of the demo group: start to 100 % over HTTP", time.monotonic() - started)
    assert state["status"] == RunStatus.SUCCEEDED, state
    assert state["progress"] == 100 and state["attempts"] == 1 and state["duration"] > 0
    bars = [percent for _status, percent, _stage in seen]
    assert bars == sorted(bars), f"the progress went backwards: {seen}"
    assert {status for status, _percent, _stage in seen} <= {"queued", "running", "succeeded"}

    detail = demo.get(page)
    assert 'value="100"' in detail.text and 'data-testid="download-pdf"' in detail.text

    workbook_file = demo.get(state["xlsx_url"])
    assert workbook_file.status == 200
    assert workbook_file.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(workbook_file.body))
    with translation.override("zh-hans"):
        sections = list(xlsx.sheet_names().values())
        expected = {gettext(label): count for label, count in the_members_at_the_end_of(year).items()}
    assert workbook.sheetnames[: len(sections)] == sections
    overview = {row[0]: row[1] for row in workbook[sections[0]].iter_rows(values_only=True) if row[0]}
    for label, count in expected.items():
        assert overview[label] == count and isinstance(overview[label], int), (label, overview.get(label))
    assert expected[gettext("Member units at the end of the period")] > 0

    pdf_file = demo.get(state["pdf_url"])
    assert pdf_file.status == 200 and pdf_file.headers["Content-Type"] == "application/pdf"
    assert pdf_file.body.startswith(b"%PDF")
    assert pdf_pages(pdf_file.body) >= 1 + len(sections), "a cover and a page per section at least"
    assert b"WenQuanYi" in pdf_file.body or b"wqy" in pdf_file.body.lower(), "no CJK font embedded"


def pool_children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(child) for child in children.read().split()]


@pytest.mark.parametrize("lost", ["the whole worker", "its pool process"])
def test_a_run_whose_worker_is_killed_mid_build_is_taken_up_again_and_finishes(stack, demo, lost):
    """The build is held on a table lock so it is surely mid-run (a second start leads to it),
    the worker is SIGKILLed, and the run finishes on a second delivery: after the broker's
    visibility timeout, for a fresh worker, when the whole worker died (acks_late); at once when
    only its pool process died (reject_on_worker_lost)."""
    table = TrainingNeed._meta.db_table
    with psycopg.connect(stack.database_url, autocommit=False) as holder:
        holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        run, page = start_run(demo, timezone.localdate().year, "en")

        def build_waits_on_the_lock():
            # Statistics are a snapshot per transaction: ask from outside the holder's.
            with psycopg.connect(stack.database_url, autocommit=True) as watcher:
                return watcher.execute(
                    "select count(*) from pg_stat_activity where datname = current_database() "
                    "and wait_event_type = 'Lock' and query like %s",
                    [f"%{table}%"],
                ).fetchone()[0]

        wait_for(build_waits_on_the_lock, 30, "the build to reach the locked table")
        state = progress(demo, page)
        assert state["status"] == RunStatus.RUNNING and 0 < state["progress"] < 100, state
        # A second click on "start" while it runs leads to the same run.
        assert start_run(demo, timezone.localdate().year, "en")[1] == page
        assert ReportRun.objects.count() == 1
        killed_at = time.monotonic()
        if lost == "the whole worker":
            stack.worker.kill()
        else:
            children = pool_children(stack.worker.popen.pid)
            assert children, "the worker has no pool process"
            for child in children:
                os.kill(child, signal.SIGKILL)
        holder.rollback()

    if lost == "the whole worker":
        assert progress(demo, page)["status"] == RunStatus.RUNNING  # nobody is building it now
        # A fresh worker whose visibility timeout has passed for the lost delivery.
        stack.start_worker(CELERY_VISIBILITY_TIMEOUT="1")

    state = wait_for(lambda: (s := progress(demo, page))["finished"] and s, 90, "the run to finish again")
    record(f"run lost with {lost}: kill to finished on a second delivery", time.monotonic() - killed_at)
    assert state["status"] == RunStatus.SUCCEEDED, state
    assert state["progress"] == 100 and state["attempts"] == 2
    assert demo.get(state["pdf_url"]).body.startswith(b"%PDF")
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.error == ""

    if lost == "the whole worker":
        # The next tests get a worker with the production visibility timeout.
        stack.worker.stop()
        stack.start_worker()
