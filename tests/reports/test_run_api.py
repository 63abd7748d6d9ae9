"""The report runs' API: the same rules as the pages — start (201, or 200 with the run already
under way), bad input as 400 on the field, retry (409 unless failed) — and a fixed number of
queries for the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.reports.choices import RunStatus
from portal.reports.models import ReportRun
from tests.reports.run_builders import install_fake_build, make_run

LIST = "/api/report-runs/"


@pytest.fixture
def fake_build(monkeypatch, settings, tmp_path):
    return install_fake_build(monkeypatch, settings, tmp_path)


def last_year():
    return timezone.localdate().year - 1


def test_secretariat_starts_a_run_and_a_second_request_gets_the_same(client, personas):
    client.force_login(personas.secretariat)
    body = {"kind": "annual", "year": last_year(), "language": "en"}
    first = client.post(LIST, body, content_type="application/json")
    second = client.post(LIST, body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["status"] == "queued" and first.json()["requested_by"] == personas.secretariat.pk
    assert ReportRun.objects.count() == 1


def test_a_run_started_through_the_api_is_built_in_process(
    client,
    personas,
    fake_build,
    django_capture_on_commit_callbacks,
):
    client.force_login(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            LIST,
            {"kind": "monthly", "month": "2025-02", "language": "zh-hans"},
            content_type="application/json",
        )
    run = client.get(created.json()["url"]).json()
    assert (run["status"], run["progress"], run["starts_on"], run["ends_on"]) == (
        "succeeded",
        100,
        "2025-02-01",
        "2025-02-28",
    )
    assert run["xlsx_url"].endswith(f"/reports/runs/{run['id']}/report.xlsx")
    assert run["pdf_url"].endswith(f"/reports/runs/{run['id']}/report.pdf")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "annual", "year": timezone.localdate().year + 1}, "year"),
        ({"kind": "annual"}, "year"),
        ({"kind": "range", "start": "2025-05-01", "end": "2025-04-30"}, "end"),
        ({"kind": "monthly", "month": "May 2025"}, "month"),
        ({"kind": "weekly"}, "kind"),
    ],
)
def test_bad_input_is_a_400_on_its_field(client, personas, body, field):
    client.force_login(personas.secretariat)
    response = client.post(LIST, {"language": "en", **body}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_failed_run_is_retried_and_another_is_a_conflict(client, personas):
    failed = make_run(personas.secretariat, status=RunStatus.FAILED)
    done = make_run(personas.secretariat, language="en")
    client.force_login(personas.secretariat)
    retried = client.post(f"{LIST}{failed.pk}/retry/")
    assert retried.status_code == 200 and retried.json()["status"] == "queued"
    refused = client.post(f"{LIST}{done.pk}/retry/")
    assert refused.status_code == 409 and refused.json()["detail"]


def test_the_supervisor_reads_but_does_not_start(client, personas):
    run = make_run(personas.secretariat)
    client.force_login(personas.supervisor)
    assert client.get(f"{LIST}{run.pk}/").json()["id"] == run.pk
    body = {"kind": "annual", "year": last_year(), "language": "en"}
    assert client.post(LIST, body, content_type="application/json").status_code == 403


def test_the_list_filters_by_status_and_kind(client, personas):
    make_run(personas.secretariat)
    failed = make_run(personas.secretariat, status=RunStatus.FAILED, language="en")
    client.force_login(personas.secretariat)
    answer = client.get(f"{LIST}?status=failed&kind=annual").json()
    assert [run["id"] for run in answer["results"]] == [failed.pk]


def add_runs(personas, n):
    for i in range(n):
        make_run(personas.secretariat if i % 2 else None, status=RunStatus.FAILED, year=1990 + i % 30)


def test_the_list_runs_a_fixed_number_of_queries(client, personas):
    client.force_login(personas.secretariat)
    counts = []
    for rows in (3, 30):
        add_runs(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{LIST}?page_size=100")
        assert response.status_code == 200 and response.json()["results"]
        counts.append(len(queries))
    # session, user, count, page of runs with their requesters
    assert counts == [4, 4], counts
