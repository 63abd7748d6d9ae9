"""The secretariat starts a report in a real browser and follows it: the form shows the period
fields of the kind chosen; with Celery in-process the run is finished when the page opens; a run
that a worker is building moves its progress bar by itself (static/js/progress.js polling
the progress JSON, under the CSP) and, once built, the page shows its downloads."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.reports.choices import RunStatus
from portal.reports.models import ReportRun
from tests.browser.steps import click_and_load, log_in
from tests.reports.run_builders import install_fake_build, make_run


@pytest.fixture
def fake_build(monkeypatch, settings, tmp_path):
    return install_fake_build(monkeypatch, settings, tmp_path)


def test_the_secretariat_starts_a_report_and_downloads_it(page: Page, shot, personas, fake_build):
    log_in(page, personas.secretariat.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports", exact=True).click()
    click_and_load(page, page.get_by_role("link", name="Start a report"))
    form = page.get_by_test_id("start-form")
    # Only the period fields of the chosen kind are shown.
    form.get_by_label("Report for a date range").check()
    expect(form.get_by_label("From")).to_be_visible()
    expect(form.get_by_label("Year")).to_be_hidden()
    form.get_by_label("Annual report").check()
    expect(form.get_by_label("Month", exact=True)).to_be_hidden()
    form.get_by_label("Year").fill(str(timezone.localdate().year - 1))
    form.get_by_label("Language").select_option("en")
    shot(page, "start-form")
    click_and_load(page, form.get_by_role("button", name="Start"))

    expect(page.get_by_test_id("run-status")).to_have_text("Succeeded")
    expect(page.locator("#run-progress")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    assert download.value.suggested_filename.endswith("-en.pdf")
    shot(page, "built")


def test_the_progress_bar_moves_while_a_worker_builds(page: Page, shot, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = make_run(personas.secretariat, status=RunStatus.RUNNING, progress=10, stage="Counting members")
    log_in(page, personas.secretariat.username)
    page.goto(run.get_absolute_url())
    expect(page.locator("#run-progress")).to_have_attribute("value", "10")
    expect(page.locator("#run-live-note")).to_be_visible()

    ReportRun.objects.filter(pk=run.pk).update(progress=60, stage="Counting placements")
    expect(page.locator("#run-progress")).to_have_attribute("value", "60")
    expect(page.get_by_test_id("run-stage")).to_have_text("Counting placements")
    shot(page, "running")

    finished = make_run(personas.secretariat, language="en")
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.SUCCEEDED, progress=100, stage="Done", xlsx=finished.xlsx.name, pdf=finished.pdf.name
    )
    expect(page.get_by_test_id("run-status")).to_have_text("Succeeded")
    expect(page.get_by_test_id("download-xlsx")).to_be_visible()
    shot(page, "finished")
