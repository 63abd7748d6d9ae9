"""Lists as spreadsheets: every list page offers its rows as XLSX and CSV.

An app declares what a list's file holds as an :class:`Export` (its columns, the related rows those
columns read, the file's name) and turns the list view into its export with
:class:`ObjectExportMixin`: the same queryset, permission scope, filters and order as the page, in
the language of the page or the one a ``lang`` parameter names.

Text that a spreadsheet would take for a formula is neutralised (OWASP "CSV injection"); numbers
and dates stay numbers and dates in the workbook.
"""

from __future__ import annotations

import csv
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO, StringIO
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.core import permissions
from portal.core.notifications import notify

logger = logging.getLogger(__name__)
# Told the number of rows written so far, now and then.
Progress = Callable[[int], None]

# A spreadsheet takes a cell that starts with one of these for a formula (a leading tab or carriage
# return may be stripped first, so they count too).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _("Excel workbook (.xlsx)"),
    ),
    "csv": ("text/csv; charset=utf-8", _("CSV file (.csv)")),
}

# Rows are read from the database this many at a time (with their prefetched relations), so a
# large export holds one chunk of objects in memory, not all of them.
CHUNK_SIZE = 2000

MIN_WIDTH, MAX_WIDTH = 10, 60
# Control characters that an XLSX file may not contain at all.
_ILLEGAL_IN_XLSX = re.compile(r"[\000-\010\013\014\016-\037]")
_BOLD = Font(bold=True)
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def neutralise(value):
    """Text that starts like a formula, with an apostrophe in front so it stays text; anything else
    (numbers, dates, other text) as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def join(values: Iterable) -> str:
    """Several values in one cell."""
    return "; ".join(str(value) for value in values)


def _display_width(text: str) -> int:
    # A CJK character takes about two columns of a Latin one.
    return sum(2 if ord(character) > 0x2E80 else 1 for character in text)


def cell_value(value):
    """A value as a cell holds it: numbers, dates and text; a yes/no in words; a time in the
    portal's time zone (spreadsheets know no time zones); anything else (a related object) by its
    name in the active language."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or isinstance(value, str | int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    if isinstance(value, list | tuple):
        return join(value)
    return str(value)


class ExportColumn:
    """One column of a file: its header and each row's value — a callable given the object, or a
    dotted path of attributes (a method on the way is called)."""

    def __init__(self, header, value: str | Callable[[Any], Any], *, width: int | None = None):
        self.header = header
        self.value = value if callable(value) else _path_getter(value)
        self.width = width

    def get(self, obj):
        return cell_value(self.value(obj))

    def get_width(self) -> int:
        return self.width or min(max(_display_width(str(self.header)) + 4, MIN_WIDTH), MAX_WIDTH)


def _path_getter(path: str) -> Callable[[Any], Any]:
    parts = path.split(".")

    def get(obj):
        for part in parts:
            obj = getattr(obj, part)
            if obj is None:
                return None
            if callable(obj) and not isinstance(obj, models.Manager):
                obj = obj()
        return obj

    return get


@dataclass(frozen=True)
class Field:
    """A column straight from a field of the exported model: headed by the field's name; a choice
    by its label, a relation by the related object's name, several related objects joined."""

    name: str
    width: int | None = None

    def column(self, model: type[models.Model]) -> ExportColumn:
        field = model._meta.get_field(self.name)
        value: str | Callable[[Any], Any] = self.name
        if field.many_to_many:
            value = _related_names(self.name)
        elif field.choices:
            value = _choice_label(field)
        return ExportColumn(capfirst(field.verbose_name), value, width=self.width or _field_width(field))


def _choice_label(field) -> Callable[[Any], Any]:
    # Model.get_FOO_display() hashes and translates every choice on every call; a list of
    # thousands of rows translates them once per language instead.
    translated: dict[str, dict] = {}

    def get(obj):
        language = translation.get_language()
        if language not in translated:
            translated[language] = {value: str(label) for value, label in field.flatchoices}
        value = getattr(obj, field.attname)
        return translated[language].get(value, value)

    return get


def _related_names(name: str) -> Callable[[Any], str]:
    # Through ``all()``, so the rows prefetched with the list are used.
    return lambda obj: join(getattr(obj, name).all())


def _field_width(field) -> int | None:
    if isinstance(field, models.DateTimeField):
        return 17
    if isinstance(field, models.DateField):
        return 12
    if isinstance(field, models.EmailField | models.URLField):
        return 30
    if isinstance(field, models.TextField):
        return 50
    if isinstance(field, models.CharField) and field.max_length >= 200:
        return 36
    return None


class Export:
    """What a list's file holds: ``columns`` (ExportColumns, Fields, or plain field names), the
    related rows they read beyond the list's own (``select_related``, ``prefetch_related``), and
    the file's name before its date (ASCII, e.g. ``member-units``)."""

    def __init__(
        self,
        model: type[models.Model],
        filename: str,
        columns: Sequence[ExportColumn | Field | str],
        *,
        select_related: Sequence[str] = (),
        prefetch_related: Sequence[str | models.Prefetch] = (),
    ):
        self.model = model
        self.filename = filename
        self.columns = [
            column if isinstance(column, ExportColumn) else _as_field(column).column(model)
            for column in columns
        ]
        self.select_related = tuple(select_related)
        self.prefetch_related = tuple(prefetch_related)

    def prepare(self, queryset: models.QuerySet) -> models.QuerySet:
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def rows(
        self, queryset: models.QuerySet, progress: Callable[[int], None] | None = None
    ) -> Iterator[list]:
        for done, obj in enumerate(queryset.iterator(chunk_size=CHUNK_SIZE), start=1):
            yield [column.get(obj) for column in self.columns]
            if progress is not None and done % CHUNK_SIZE == 0:
                progress(done)

    def file_name(self, fmt: str) -> str:
        return f"{self.filename}-{timezone.localdate():%Y-%m-%d}.{fmt}"

    def title(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    def content(
        self, queryset: models.QuerySet, fmt: str, progress: Callable[[int], None] | None = None
    ) -> bytes:
        """The file of ``queryset``'s rows in the active language; ``progress`` is told the rows
        written so far, now and then."""
        rows = self.rows(queryset, progress)
        if fmt == "xlsx":
            widths = [column.get_width() for column in self.columns]
            return write_xlsx(self.title(), self.headers(), widths, rows)
        return write_csv(self.headers(), rows)

    def response(self, queryset: models.QuerySet, fmt: str) -> HttpResponse:
        response = HttpResponse(self.content(queryset, fmt), content_type=FORMATS[fmt][0])
        response["Content-Disposition"] = content_disposition_header(True, self.file_name(fmt))
        return response


def _as_field(column: Field | str) -> Field:
    return column if isinstance(column, Field) else Field(column)


def _sheet_title(title: str) -> str:
    # A sheet's name has at most 31 characters and none of these.
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Sheet1"


def write_xlsx(title: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence]) -> bytes:
    """A workbook of one sheet, written as the rows come (openpyxl's write-only mode): a bold
    header row that stays in view, with filter buttons; dates as dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(header))
        cell.font = _BOLD
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _xlsx_value(value):
    if isinstance(value, str):
        return neutralise(_ILLEGAL_IN_XLSX.sub("", value))
    return value


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime):
        # Minutes are enough; openpyxl's default format shows seconds.
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _DATETIME_FORMAT
        return cell
    return _xlsx_value(value)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel on a Chinese Windows needs to read it as UTF-8
    rather than GBK; dates in ISO form."""
    stream = StringIO()
    stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return stream.getvalue().encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def export_language(request) -> str:
    """The language a ``lang`` parameter names, if the portal has it; else the active one."""
    requested = request.GET.get("lang")
    return requested if requested in dict(settings.LANGUAGES) else translation.get_language()


def export_menu(request, url_name: str, params: dict[str, str] | None = None) -> list[dict]:
    """The links of a list page's export menu: each format in each language (the active one first),
    keeping the page's filters and order but not its page."""
    query = request.GET.copy()
    for key in ("page", "per_page", "lang"):
        query.pop(key, None)
    for key, value in (params or {}).items():
        query[key] = value
    active = translation.get_language()
    menu = []
    for code, name in sorted(settings.LANGUAGES, key=lambda language: language[0] != active):
        query["lang"] = code
        links = [
            {"label": label, "url": f"{reverse(url_name, kwargs={'fmt': fmt})}?{query.urlencode()}"}
            for fmt, (_content_type, label) in FORMATS.items()
        ]
        menu.append({"code": code, "name": name, "links": links})
    return menu


class ObjectExportMixin:
    """Turns a list view (an ObjectListView) into the export of its rows: put it first, before the
    list view, and declare ``export``. The rows are the page's — its queryset, filters and table
    order — within the scope of the "export" permission; ``fmt`` (xlsx or csv) comes from the URL."""

    action = "export"
    export: Export | None = None

    def get_queryset(self):
        queryset = self.export.prepare(super().get_queryset())
        return permissions.restrict(queryset, self.request.user, "export")

    def get_table_pagination(self, table):
        return False

    def export_rows(self) -> models.QuerySet:
        """The page's rows, filtered and ordered as the page shows them."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        # The table orders the rows as the page does, by a ?sort= column or its default.
        return self.get_table(**self.get_table_kwargs()).data.data

    def get(self, request, *args, fmt: str = "", **kwargs):
        if fmt not in FORMATS:
            raise Http404
        rows = self.export_rows()
        language = export_language(request)
        count = rows.count()
        if count > settings.EXPORT_IN_REQUEST_ROWS:
            # Too long to write while the person waits: a worker writes it (portal.core.tasks).
            with translation.override(language):
                title = self.export.title()
            job = queue_export(request, title, fmt, language, count)
            messages.info(
                request, _("The list is long: it is being written, and this page offers it when ready.")
            )
            return HttpResponseRedirect(job.get_absolute_url())
        with translation.override(language):
            return self.export.response(rows, fmt)


def queue_export(request, title: str, fmt: str, language: str, count: int):
    from portal.core.models import ExportJob
    from portal.core.tasks import build_export

    with transaction.atomic():
        job = ExportJob.objects.create(
            created_by=request.user,
            title=title,
            url_name=request.resolver_match.view_name,
            fmt=fmt,
            params=request.GET.urlencode(),
            language=language,
            rows=count,
            task_id=str(uuid.uuid4()),
        )
        job_id, task_id = job.pk, job.task_id
        transaction.on_commit(lambda: build_export.apply_async(args=[job_id], task_id=task_id))
    return job


def write_export_job(job_id: int, task_id: str):
    """Write a queued export as the list's page would have, for the person who asked, with their
    filters and language, checking again that they may; called by the Celery task."""
    from portal.core.models import ExportJob, ExportStatus

    claimed = ExportJob.objects.filter(pk=job_id, task_id=task_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)

    def progress(done: int) -> None:
        # An UPDATE of its own, so the page polling the job sees it at once.
        ExportJob.objects.filter(pk=job.pk).update(progress=min(99, 100 * done // max(job.rows, 1)))

    try:
        match = resolve(reverse(job.url_name, kwargs={"fmt": job.fmt}))
        request = HttpRequest()
        request.method = "GET"
        request.user = job.created_by
        request.GET = QueryDict(job.params)
        request.resolver_match = match
        view = match.func.view_class(**match.func.view_initkwargs)
        view.setup(request, fmt=job.fmt)
        if not (job.created_by.is_active and permissions.can(job.created_by, "export", view.model)):
            raise PermissionError(gettext("You may no longer export this list."))
        with translation.override(job.language):
            content = view.export.content(view.export_rows(), job.fmt, progress)
            job.file.save(view.export.file_name(job.fmt), ContentFile(content), save=False)
        job.status = ExportStatus.DONE
    except Exception as error:
        logger.exception("Export %s failed", job.pk)
        job.status = ExportStatus.FAILED
        job.error = str(error)
    job.progress = 100
    job.finished_at = timezone.now()
    job.save()
    with translation.override(job.language):
        title = (
            gettext("Your export of %(list)s is ready")
            if job.status == ExportStatus.DONE
            else gettext("Your export of %(list)s failed")
        )
        notify(
            [job.created_by],
            title % {"list": job.title},
            "core/notifications/export_finished.txt",
            {"job": job},
            url=job.get_absolute_url(),
            email=False,
        )
    return job
