"""A large import on the production stack: the secretariat uploads 10,000 member units over HTTP,
a real Celery worker checks them while the page's progress moves, the confirmation is written by
the worker in one transaction, and the register holds every unit once with its history."""

import json
import re
import time

from members.models import MemberUnit
from portal.imports.choices import ImportStatus
from portal.imports.management.commands.benchmark_import import workbook
from tests.integration.harness import PASSWORD, Browser, record, wait_for

ROWS = 10_000


def follow(browser: Browser, page: str, seen: list) -> dict:
    def finished():
        response = browser.get(f"{page}progress/")
        assert response.status == 200
        state = json.loads(response.body)
        seen.append((state["status"], state["progress"]))
        return state if state["finished"] else None

    return wait_for(finished, 120, "the import's work to finish", interval=0.1)


def test_ten_thousand_units_imported_over_http_by_the_worker(stack, secretariat):
    browser = Browser(stack.base_url)
    browser.login(secretariat, PASSWORD)
    started = time.monotonic()
    response = browser.upload(
        "/imports/new/member_units/", {}, {"file": ("units.xlsx", workbook(ROWS, "深圳市"))}
    )
    assert response.status == 302, response.text[:2000]
    page = response.location
    job_id = int(re.search(r"/imports/(\d+)/$", page).group(1))

    seen = []
    state = follow(browser, page, seen)
    assert state["status"] == ImportStatus.CHECKED, state
    record(f"import of {ROWS} member units: upload to checked preview over HTTP", time.monotonic() - started)
    preview = browser.get(f"{page}?status=new").text
    assert 'data-testid="confirm"' in preview and 'data-status="new"' in preview

    confirmed = time.monotonic()
    response = browser.submit(f"{page}confirm/", {})
    assert response.status == 302, response.text[:2000]
    state = follow(browser, page, seen)
    assert state["status"] == ImportStatus.DONE, state
    record(f"import of {ROWS} member units: confirm to written over HTTP", time.monotonic() - confirmed)
    record(f"import of {ROWS} member units: upload to written, in all", time.monotonic() - started)
    assert time.monotonic() - started < 60

    assert any(status in (ImportStatus.CHECKING, ImportStatus.IMPORTING) for status, _ in seen)
    assert MemberUnit.objects.filter(name_zh__startswith="基准测试单位").count() == ROWS
    assert MemberUnit.history.filter(history_change_reason__contains=f"#{job_id}").count() == ROWS
