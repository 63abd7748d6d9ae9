"""The report pages: the secretariat starts a run and lands on its page, finished when Celery runs
in-process; a second click shows the same run; bad periods are told on their fields; the page's
progress JSON, its downloads and its retry; the draft of the annual report; and the run list's
fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.choices import AgreementStatus
from portal.reports.choices import ReportKind, RunStatus
from portal.reports.models import ReportDraft, ReportRun
from tests.cooperation.builders import make_active_agreement
from tests.reports.run_builders import PDF, XLSX, install_fake_build, make_run

START = "/reports/runs/add/"


@pytest.fixture
def fake_build(monkeypatch, settings, tmp_path):
    return install_fake_build(monkeypatch, settings, tmp_path)


def last_year():
    return timezone.localdate().year - 1


# Starting a run


def test_secretariat_starts_an_annual_report_and_sees_it_finished(
    client,
    personas,
    fake_build,
    django_capture_on_commit_callbacks,
):
    client.force_login(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, {"kind": "annual", "year": last_year(), "language": "en"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()

    page = client.get(response.url)
    html = page.content.decode()
    assert page.context["object"].status == RunStatus.SUCCEEDED
    assert (
        'value="100"' in html
        and 'data-testid="download-xlsx"' in html
        and 'data-testid="download-pdf"' in html
    )
    assert (run.kind, run.starts_on, run.ends_on, run.language) == (
        ReportKind.ANNUAL,
        date(last_year(), 1, 1),
        date(last_year(), 12, 31),
        "en",
    )


def test_a_monthly_summary_and_a_range_come_from_their_fields(client, personas):
    client.force_login(personas.secretariat)
    client.post(START, {"kind": "monthly", "month": "2025-02", "language": "zh-hans"})
    client.post(START, {"kind": "range", "start": "2025-03-01", "end": "2025-06-15", "language": "zh-hans"})
    periods = sorted(ReportRun.objects.values_list("kind", "starts_on", "ends_on"))
    assert periods == [
        (ReportKind.MONTHLY, date(2025, 2, 1), date(2025, 2, 28)),
        (ReportKind.RANGE, date(2025, 3, 1), date(2025, 6, 15)),
    ]


def test_two_clicks_on_start_show_the_same_run(client, personas):
    client.force_login(personas.secretariat)
    first = client.post(START, {"kind": "annual", "year": last_year(), "language": "zh-hans"}, follow=True)
    second = client.post(START, {"kind": "annual", "year": last_year(), "language": "zh-hans"}, follow=True)
    assert ReportRun.objects.count() == 1
    assert second.redirect_chain[-1][0] == first.redirect_chain[-1][0]
    assert [m.level_tag for m in second.context["messages"]] == ["info"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "annual", "year": timezone.localdate().year + 1}, "year"),
        ({"kind": "annual"}, "year"),
        ({"kind": "monthly", "month": f"{timezone.localdate().year + 1}-01"}, "month"),
        ({"kind": "range", "start": "2025-05-01", "end": "2025-04-30"}, "end"),
        ({"kind": "range", "start": "2025-05-01"}, "end"),
        ({"kind": "range", "start": f"{timezone.localdate().year + 1}-01-01", "end": "2099-01-01"}, "start"),
    ],
    ids=["future year", "no year", "future month", "end before start", "no end", "future start"],
)
def test_a_bad_period_is_told_on_its_field(client, personas, data, field):
    client.force_login(personas.secretariat)
    response = client.post(START, {"language": "en", **data})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not ReportRun.objects.exists()


def test_the_start_form_takes_presets_from_the_link(client, personas):
    client.force_login(personas.secretariat)
    form = client.get(f"{START}?kind=monthly&year=2024").context["form"]
    assert (form.initial["kind"], form.initial["year"]) == ("monthly", "2024")


def test_the_supervisor_reads_runs_but_cannot_start_or_retry_them(client, personas):
    failed = make_run(personas.secretariat, status=RunStatus.FAILED)
    client.force_login(personas.supervisor)
    page = client.get(failed.get_absolute_url())
    assert page.status_code == 200 and not page.context["may_retry"]
    assert client.post(START, {"kind": "annual", "year": last_year(), "language": "en"}).status_code == 403
    assert client.post(f"/reports/runs/{failed.pk}/retry/").status_code == 403


def test_a_unit_admin_cannot_see_a_run_or_its_files(client, personas):
    run = make_run(personas.secretariat)
    client.force_login(personas.school_admin)
    for url in (
        run.get_absolute_url(),
        f"/reports/runs/{run.pk}/report.pdf",
        f"/reports/runs/{run.pk}/progress/",
    ):
        assert client.get(url).status_code == 403


# The run's page


def test_a_run_under_way_polls_its_progress_with_the_script(client, personas):
    run = make_run(personas.secretariat, status=RunStatus.RUNNING, progress=35, stage="统计订单班")
    client.force_login(personas.secretariat)
    html = client.get(run.get_absolute_url()).content.decode()
    assert f'data-progress-url="/reports/runs/{run.pk}/progress/"' in html
    assert '<progress id="run-progress" class="w-100" max="100" value="35">' in html
    assert "统计订单班" in html and "js/progress.js" in html
    assert 'data-testid="download-pdf"' not in html


def test_the_progress_json_says_how_far_the_run_is(client, personas):
    run = make_run(personas.secretariat, status=RunStatus.RUNNING, progress=35, stage="统计订单班")
    client.force_login(personas.supervisor)
    response = client.get(f"/reports/runs/{run.pk}/progress/")
    assert response["Cache-Control"] == "no-store"
    answer = response.json()
    assert {k: answer[k] for k in ("status", "progress", "stage", "finished", "xlsx_url", "pdf_url")} == {
        "status": "running",
        "progress": 35,
        "stage": "统计订单班",
        "finished": False,
        "xlsx_url": None,
        "pdf_url": None,
    }
    assert answer["duration"] >= 3


def test_a_finished_run_gives_its_files_as_downloads(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = make_run(personas.secretariat, language="en")
    client.force_login(personas.supervisor)
    answer = client.get(f"/reports/runs/{run.pk}/progress/").json()
    assert answer["finished"] and answer["xlsx_url"] == f"/reports/runs/{run.pk}/report.xlsx"

    workbook = client.get(answer["xlsx_url"])
    assert b"".join(workbook.streaming_content) == XLSX
    assert workbook["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="annual-report-{run.starts_on.year}-en.xlsx"' in workbook["Content-Disposition"]
    document = client.get(answer["pdf_url"])
    assert b"".join(document.streaming_content) == PDF and document["Content-Type"] == "application/pdf"


def test_a_run_without_files_has_no_downloads(client, personas):
    run = make_run(personas.secretariat, status=RunStatus.FAILED)
    client.force_login(personas.secretariat)
    assert client.get(f"/reports/runs/{run.pk}/report.xlsx").status_code == 404


def test_a_failed_run_shows_its_error_and_is_retried(
    client,
    personas,
    fake_build,
    django_capture_on_commit_callbacks,
):
    run = make_run(personas.secretariat, status=RunStatus.FAILED)
    client.force_login(personas.secretariat)
    page = client.get(run.get_absolute_url())
    assert page.context["may_retry"]
    assert "RuntimeError: the database went away" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/runs/{run.pk}/retry/")
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == (RunStatus.SUCCEEDED, 2, "")


def test_retrying_a_run_that_did_not_fail_is_refused_with_a_message(client, personas):
    run = make_run(personas.secretariat)
    client.force_login(personas.secretariat)
    response = client.post(f"/reports/runs/{run.pk}/retry/")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED


# The annual report's draft


def test_secretariat_writes_the_draft_with_agreements_and_cases(client, personas):
    agreement = make_active_agreement(personas)
    year = agreement.signed_on.year
    client.force_login(personas.secretariat)
    page = client.get(f"/reports/drafts/{year}/")
    assert list(page.context["form"].fields["agreements"].queryset) == [agreement]
    assert agreement.status == AgreementStatus.ACTIVE

    response = client.post(
        f"/reports/drafts/{year}/",
        {
            "overview": "集团新增成员单位十二家。",
            "results": "订单班毕业生留用率提高。",
            "contribution": "",
            "suggestions": "完善产业导师聘用机制。",
            "agreements": [agreement.pk],
            "cases-TOTAL_FORMS": "2",
            "cases-INITIAL_FORMS": "0",
            "cases-0-title": "精工订单班",
            "cases-0-unit": personas.enterprise.pk,
            "cases-0-text": "校企共同培养数控人才。",
            "cases-0-position": "1",
            "cases-1-title": "",
            "cases-1-text": "",
            "cases-1-position": "0",
        },
    )
    assert response.status_code == 302
    draft = ReportDraft.objects.get(year=year)
    assert draft.overview == "集团新增成员单位十二家。"
    assert list(draft.agreements.all()) == [agreement]
    narrative = draft.narrative()
    assert [(c.title, c.unit) for c in narrative.cases] == [("精工订单班", str(personas.enterprise))]
    assert client.get("/reports/drafts/").context["object_list"][0] == draft


def test_a_case_without_its_text_is_refused_and_nothing_is_saved(client, personas):
    client.force_login(personas.secretariat)
    response = client.post(
        f"/reports/drafts/{last_year()}/",
        {
            "overview": "概况",
            "cases-TOTAL_FORMS": "1",
            "cases-INITIAL_FORMS": "0",
            "cases-0-title": "没有正文的案例",
            "cases-0-text": "",
            "cases-0-position": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["cases"].errors[0]["text"]
    assert not ReportDraft.objects.exists()


def test_there_is_no_draft_for_a_year_to_come(client, personas):
    client.force_login(personas.secretariat)
    assert client.get(f"/reports/drafts/{timezone.localdate().year + 1}/").status_code == 404


# Queries


def add_runs(personas, n):
    for i in range(n):
        make_run(personas.secretariat if i % 2 else None, status=RunStatus.FAILED, year=1990 + i % 30)


#  who looks, queries
CASES = [
    # session, user, count, bell, page of runs with their requesters
    ("secretariat", 5),
    ("supervisor", 5),
]


@pytest.mark.parametrize(("role", "expected"), CASES)
def test_the_run_list_runs_a_fixed_number_of_queries(client, personas, role, expected):
    client.force_login(getattr(personas, role))
    counts = []
    for rows in (3, 30):
        add_runs(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/reports/?per_page=100")
        assert response.status_code == 200
        assert len(response.context["table"].page.object_list) > 0
        counts.append(len(queries))
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
    assert counts[0] == counts[1]


def test_the_draft_list_runs_a_fixed_number_of_queries(client, personas):
    client.force_login(personas.supervisor)
    counts = []
    for years in (range(2000, 2003), range(2003, 2030)):
        for year in years:
            ReportDraft.objects.create(year=year)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reports/drafts/").status_code == 200
        counts.append(len(queries))
    # session, user, bell, drafts, their agreements, their cases
    assert counts == [6, 6], counts


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_start_page_says_the_report_is_ready(client, personas, fake_build, settings):
    # Committed for real, as in the embedded default: the task runs before the redirect.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.secretariat)
    response = client.post(START, {"kind": "annual", "year": last_year(), "language": "en"}, follow=True)
    assert response.context["object"].status == RunStatus.SUCCEEDED
    assert [str(m) for m in response.context["messages"]] == ["The report is ready to download."]
