"""A list longer than EXPORT_IN_REQUEST_ROWS is written by a worker: the person lands on the
export's page, which follows the progress and offers the file when ready — the same file the
request would have given (rows, filters, order, language) — and tells them in the bell."""

import io

import pytest
from django.conf import settings as django_settings
from openpyxl import load_workbook

from members.choices import UnitKind
from portal.core.models import ExportJob, ExportStatus, Notification
from tests.exports.test_pages import EXPORTS, NAMES, export
from tests.factories import make_unit


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def workbook_rows(content: bytes) -> list[list]:
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize(("name", "add_rows", "_queries"), EXPORTS, ids=NAMES)
def test_a_long_list_is_written_by_a_worker_as_the_request_would_have(
    client, personas, settings, django_capture_on_commit_callbacks, name, add_rows, _queries
):
    client.force_login(personas.secretariat)
    add_rows(personas, 3)
    direct = export(client, name, "xlsx")
    assert direct.status_code == 200

    settings.EXPORT_IN_REQUEST_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, name, "xlsx")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == ExportStatus.DONE, job.error
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="export-download"' in page
    download = client.get(f"/exports/{job.pk}/file/")
    assert workbook_rows(b"".join(download.streaming_content)) == workbook_rows(direct.content)


def test_filters_language_and_the_bell(client, personas, settings, django_capture_on_commit_callbacks):
    client.force_login(personas.secretariat)
    for _ in range(3):
        make_unit(kind=UnitKind.ENTERPRISE)
    settings.EXPORT_IN_REQUEST_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        export(client, "members:unit_export", "csv", kind=UnitKind.ENTERPRISE, lang="en")
    job = ExportJob.objects.get()
    assert (job.rows, job.language, job.fmt) == (4, "en", "csv")  # the persona enterprise and three more
    content = b"".join(client.get(f"/exports/{job.pk}/file/").streaming_content).decode("utf-8-sig")
    lines = content.splitlines()
    assert len(lines) == 5 and lines[0].startswith("Unified social credit code")
    assert all(",Enterprise," in line for line in lines[1:])
    assert Notification.objects.get(recipient=personas.secretariat).url == job.get_absolute_url()
    progress = client.get(f"/exports/{job.pk}/progress/").json()
    assert progress["finished"] and progress["progress"] == 100


def test_an_export_is_its_requesters_alone(client, personas, settings, django_capture_on_commit_callbacks):
    client.force_login(personas.secretariat)
    settings.EXPORT_IN_REQUEST_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        export(client, "members:unit_export", "xlsx")
    job = ExportJob.objects.get()
    client.force_login(personas.supervisor)
    for path in ("", "progress/", "file/"):
        assert client.get(f"/exports/{job.pk}/{path}").status_code == 404


def test_an_export_asked_by_someone_who_may_no_longer_export_fails_with_the_reason(
    client, personas, settings, django_capture_on_commit_callbacks
):
    client.force_login(personas.secretariat)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.EXPORT_IN_REQUEST_ROWS = 1
    # The worker takes the job after the person left the secretariat.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export(client, "members:unit_export", "xlsx", lang="en")
    personas.secretariat.role = "unit_admin"
    personas.secretariat.unit = personas.school
    personas.secretariat.save()
    for callback in callbacks:
        callback()
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED and "no longer export" in job.error
    assert not job.file
