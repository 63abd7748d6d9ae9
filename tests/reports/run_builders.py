"""Report runs in a given state, made directly (the workflow that leads there is tested in
tests/reports/test_runs.py), and ``install_fake_build``, which stands in for the figures and the writers."""

from datetime import date, timedelta
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone, translation

import portal.reports
from portal.reports.choices import ReportKind, RunStatus
from portal.reports.content import Report, Section, Table
from portal.reports.models import ReportRun

XLSX = b"PK\x03\x04 a workbook"
PDF = b"%PDF-1.4 a report"


def make_run(by, status=RunStatus.SUCCEEDED, year=None, language="zh-hans", **fields) -> ReportRun:
    year = year or timezone.localdate().year - 1
    now = timezone.now()
    finished = status in (RunStatus.SUCCEEDED, RunStatus.FAILED)
    run = ReportRun(
        kind=fields.pop("kind", ReportKind.ANNUAL),
        starts_on=fields.pop("starts_on", date(year, 1, 1)),
        ends_on=fields.pop("ends_on", date(year, 12, 31)),
        language=language,
        requested_by=by,
        status=status,
        progress=100 if status == RunStatus.SUCCEEDED else fields.pop("progress", 0),
        attempts=0 if status == RunStatus.QUEUED else 1,
        started_at=None if status == RunStatus.QUEUED else now - timedelta(seconds=3),
        finished_at=now if finished else None,
        error="RuntimeError: the database went away" if status == RunStatus.FAILED else "",
        **fields,
    )
    if status == RunStatus.SUCCEEDED:
        run.xlsx.save(run.file_name("xlsx"), ContentFile(XLSX), save=False)
        run.pdf.save(run.file_name("pdf"), ContentFile(PDF), save=False)
    run.save()
    return run


def fake_report(period, narrative, language):
    table = Table(key="members_by_kind", title="成员单位", columns=["类型", "数量"], rows=[["高职", 2]])
    return Report(
        period=period,
        sections=[Section(key="overview", title="发展概况", tables=[table], narrative=narrative.overview)],
        generated_at=timezone.now(),
        language=language,
    )


def install_fake_build(monkeypatch, settings, tmp_path) -> SimpleNamespace:
    """Stands in for figures.compute and the two writers; records what they were given and the
    run's progress as the figures saw it."""
    settings.MEDIA_ROOT = tmp_path
    seen = SimpleNamespace(narratives=[], progress=[], languages=[], fail=None)

    def compute(period, narrative, progress=lambda stage, fraction: None):
        if seen.fail is not None:
            raise seen.fail
        progress("统计成员单位", 0.5)
        run = ReportRun.objects.get(status=RunStatus.RUNNING)
        seen.progress.append((run.progress, run.stage))
        seen.narratives.append(narrative)
        seen.languages.append(translation.get_language())
        return fake_report(period, narrative, translation.get_language())

    monkeypatch.setattr(portal.reports, "figures", SimpleNamespace(compute=compute), raising=False)
    monkeypatch.setattr(
        portal.reports, "xlsx", SimpleNamespace(write_xlsx=lambda report: XLSX), raising=False
    )
    monkeypatch.setattr(portal.reports, "pdf", SimpleNamespace(write_pdf=lambda report: PDF), raising=False)
    return seen
