"""The workflow of a bulk import: upload, match the columns, check every row (the preview),
confirm, write — or discard. Pages call these; the Celery tasks run ``check`` and ``run``.

Checking and writing run on Celery, so a file of many thousands of rows never holds a request
(without a broker, the embedded default, they run in the request). Writing checks the file again
inside the one transaction that writes it: a file is written whole or not at all.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.imports import AgreementImporter
from members.imports import MemberUnitImporter
from portal.core.imports import Importer, RowStatus, guess_mapping, missing_columns, records
from portal.core.notifications import notify
from portal.core.spreadsheets import header_key, read_sheet
from portal.core.workflow import InvalidInput, WorkflowError
from portal.imports.choices import ImportKind, ImportStatus
from portal.imports.models import ColumnMemory, ImportJob, ImportRow
from training.imports import RosterImporter

logger = logging.getLogger(__name__)

IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.MEMBER_UNITS: MemberUnitImporter,
    ImportKind.AGREEMENTS: AgreementImporter,
    ImportKind.ROSTER: RosterImporter,
}
# How the bar is shared while writing: the second check, then the writes.
RECHECK_SHARE = 30
ROW_BATCH = 2000


class DataChanged(WorkflowError):
    """The register changed between the preview and the confirmation."""

    @staticmethod
    def message_text() -> str:
        return _(
            "The register changed since the file was checked, so nothing was written. Check the "
            "file again to see the rows as they are now."
        )


def importer_for(job: ImportJob) -> Importer:
    return IMPORTERS[job.kind](job.options)


def _read(job: ImportJob):
    with job.file.open("rb") as stream:
        return read_sheet(stream, max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS)


def upload(kind: str, file, options: dict, by) -> ImportJob:
    """Keep the file and read its header; the check starts at once when every required column is
    recognised (by name, alias, or as it was matched before), else the job waits for matching."""
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise InvalidInput(_("Choose what to import."), "kind")
    sheet = read_sheet(file, max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS)
    remembered = dict(ColumnMemory.objects.filter(kind=kind).values_list("header", "column"))
    mapping = guess_mapping(importer, sheet.header, remembered)
    file.seek(0)
    with transaction.atomic():
        job = ImportJob(
            kind=kind,
            options=options,
            file_name=file.name[-200:],
            size=file.size,
            header=sheet.header,
            mapping=mapping,
            rows=len(sheet.rows),
            created_by=by,
        )
        job.file.save(file.name, file, save=False)
        job.save()
        if not missing_columns(importer, mapping):
            _start_check(job)
    return job


def set_mapping(job: ImportJob, mapping: list[str], by) -> ImportJob:
    """Match the file's columns by hand and check it again; the choices are remembered for the
    next file of the kind."""
    importer = IMPORTERS[job.kind]
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in (ImportStatus.MAPPING, ImportStatus.CHECKED, ImportStatus.FAILED):
            raise WorkflowError(_("This import can no longer be changed."))
        known = {c.key for c in importer.columns}
        mapping = [m if m in known else "" for m in mapping][: len(job.header)]
        mapping += [""] * (len(job.header) - len(mapping))
        chosen = [m for m in mapping if m]
        if len(chosen) != len(set(chosen)):
            raise InvalidInput(_("Each field can be matched to one column only."))
        if missing := missing_columns(importer, mapping):
            raise InvalidInput(
                _("Match a column to each required field: %(fields)s.")
                % {"fields": ", ".join(str(c.label) for c in missing)}
            )
        automatic = guess_mapping(importer, job.header, {})
        for cell, column, guessed in zip(job.header, mapping, automatic, strict=True):
            if column and column != guessed and header_key(cell):
                ColumnMemory.objects.update_or_create(
                    kind=job.kind, header=header_key(cell)[:200], defaults={"column": column}
                )
        job.mapping = mapping
        _start_check(job)
    return job


def recheck(job: ImportJob, by) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in (ImportStatus.CHECKED, ImportStatus.FAILED):
            raise WorkflowError(_("This import cannot be checked again now."))
        if missing_columns(IMPORTERS[job.kind], job.mapping):
            raise WorkflowError(_("Match the columns first."))
        _start_check(job)
    return job


def confirm(job: ImportJob, by) -> ImportJob:
    """Write the checked file: only a check without errors, with something to write, and once."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.CHECKED:
            raise WorkflowError(_("Only a checked import can be confirmed."))
        if job.errors:
            raise WorkflowError(
                _("The file has rows in error: fix them and upload it again. Nothing was written.")
            )
        if not (job.new or job.changed):
            raise WorkflowError(_("Every row is already in the register: there is nothing to write."))
        job.status = ImportStatus.IMPORTING
        job.confirmed_by = by
        job.progress = 0
        _queue(job, "run_import")
    return job


def discard(job: ImportJob, by) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in (ImportStatus.MAPPING, ImportStatus.CHECKED, ImportStatus.FAILED):
            raise WorkflowError(_("This import can no longer be discarded."))
        job.status = ImportStatus.DISCARDED
        job.save(update_fields=["status", "modified"])
    return job


def _start_check(job: ImportJob) -> None:
    job.status = ImportStatus.CHECKING
    job.progress = 0
    job.error = ""
    _queue(job, "check_import")


def _queue(job: ImportJob, task_name: str) -> None:
    from portal.imports import tasks

    task = getattr(tasks, task_name)
    job.task_id = str(uuid.uuid4())
    job.save()
    job_id, task_id = job.pk, job.task_id
    transaction.on_commit(lambda: task.apply_async(args=[job_id], task_id=task_id))


# Progress: kept in the cache too, since the writing transaction's own updates are invisible to
# the page polling it until it commits.


def _progress_key(job_id: int) -> str:
    return f"imports:progress:{job_id}"


def report_progress(job_id: int, percent: float) -> None:
    cache.set(_progress_key(job_id), max(0, min(100, int(percent))), timeout=3600)


def progress_of(job: ImportJob) -> dict:
    progress = job.progress
    if job.under_way:
        progress = cache.get(_progress_key(job.pk), progress)
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "progress": progress,
        "finished": not job.under_way,
    }


def _claim(job_id: int, task_id: str, status: str) -> ImportJob | None:
    claimed = ImportJob.objects.filter(pk=job_id, task_id=task_id, status=status).update(
        progress=0, modified=timezone.now()
    )
    return ImportJob.objects.select_related("created_by", "confirmed_by").get(pk=job_id) if claimed else None


def check(job_id: int, task_id: str) -> ImportJob | None:
    """Check every row and keep the result for the preview."""
    job = _claim(job_id, task_id, ImportStatus.CHECKING)
    if job is None:
        return None
    report_progress(job.pk, 0)
    try:
        sheet = _read(job)
        results = importer_for(job).check(
            records(sheet, job.mapping), lambda done, total: report_progress(job.pk, 90 * done / total)
        )
    except InvalidInput as refusal:
        return _finish_check(job, error=str(refusal.message))
    except Exception as error:
        logger.exception("Import %s could not be checked", job.pk)
        return _finish_check(job, error=f"{type(error).__name__}: {error}")
    with transaction.atomic():
        ImportRow.objects.filter(job=job).delete()
        for start in range(0, len(results), ROW_BATCH):
            ImportRow.objects.bulk_create(
                ImportRow(
                    job=job,
                    row=r.row,
                    status=r.status,
                    key=r.key[:200],
                    label=r.label[:200],
                    changes=r.changes,
                    problems=r.errors,
                )
                for r in results[start : start + ROW_BATCH]
            )
        counts = dict.fromkeys(RowStatus.values, 0)
        for r in results:
            counts[r.status] += 1
        job.rows = len(results)
        job.new, job.changed = counts[RowStatus.NEW], counts[RowStatus.CHANGED]
        job.unchanged, job.errors = counts[RowStatus.UNCHANGED], counts[RowStatus.ERROR]
        return _finish_check(job)


def _finish_check(job: ImportJob, error: str = "") -> ImportJob:
    job.status = ImportStatus.FAILED if error else ImportStatus.CHECKED
    job.error = error
    job.progress = 100
    job.checked_at = timezone.now()
    job.save()
    report_progress(job.pk, 100)
    return job


def change_reason(job: ImportJob) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Import #%(number)d (%(file)s)") % {"number": job.pk, "file": job.file_name}


def run(job_id: int, task_id: str) -> ImportJob | None:
    """Check the file again and write it, in one transaction: all rows or none."""
    job = _claim(job_id, task_id, ImportStatus.IMPORTING)
    if job is None:
        return None
    started = time.monotonic()
    report_progress(job.pk, 0)
    importer = importer_for(job)
    try:
        sheet = _read(job)
        with transaction.atomic():
            # Imports of one kind take turns: the second sees what the first wrote, and refuses
            # the rows the preview no longer describes rather than writing them twice.
            list(
                ImportJob.objects.select_for_update()
                .filter(kind=job.kind, status=ImportStatus.IMPORTING)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            importer.lock()
            results = importer.check(
                records(sheet, job.mapping),
                lambda done, total: report_progress(job.pk, RECHECK_SHARE * done / total),
            )
            _same_as_preview(job, results)
            importer.write(
                results,
                job.confirmed_by,
                change_reason(job),
                lambda done, total: report_progress(
                    job.pk, RECHECK_SHARE + (100 - RECHECK_SHARE) * done / max(total, 1)
                ),
            )
    except (DataChanged, InvalidInput) as refusal:
        return _finish_run(job, started, error=str(refusal.message))
    except IntegrityError:
        # A record saved by a page between the check and the write (the same credit code).
        return _finish_run(job, started, error=str(DataChanged.message_text()))
    except Exception as error:
        logger.exception("Import %s failed", job.pk)
        return _finish_run(job, started, error=_("Nothing was written: %(error)s") % {"error": error})
    return _finish_run(job, started)


def _same_as_preview(job: ImportJob, results) -> None:
    preview = dict(ImportRow.objects.filter(job=job).values_list("row", "status"))
    now = {r.row: r.status for r in results}
    if now != preview:
        raise DataChanged(DataChanged.message_text())


def _finish_run(job: ImportJob, started: float, error: str = "") -> ImportJob:
    job.status = ImportStatus.FAILED if error else ImportStatus.DONE
    job.error = error
    job.progress = 100
    job.finished_at = timezone.now()
    job.duration = timedelta(seconds=round(time.monotonic() - started, 3))
    job.save()
    report_progress(job.pk, 100)
    title = (
        gettext_lazy("Import #%(number)d was not written")
        if error
        else gettext_lazy("Import #%(number)d is written")
    )
    notify(
        [job.confirmed_by],
        str(title) % {"number": job.pk},
        "imports/notifications/finished.txt",
        {"job": job},
        url=job.get_absolute_url(),
        email=False,
    )
    return job
