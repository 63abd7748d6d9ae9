"""Bulk imports: the shape every importer takes.

An importer names its columns, checks every row of a file into a :class:`RowResult` — new,
changed (with the fields that change), unchanged, or in error with the reasons — and writes the
checked rows. Checking reads and writes nothing else, so it can show a preview; writing happens in
one transaction that checks again first, so a file is written whole or not at all
(``portal.imports`` runs both, on Celery for large files).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.spreadsheets import Sheet, header_key


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    required: bool = False
    # Other headers people give this column, in any language.
    aliases: tuple[str, ...] = ()
    hint: str | Promise = ""
    # What may be written in the column, as (code, name): either is taken.
    allowed: Callable[[], Iterable[tuple[str, str]]] | None = None


class RowStatus(models.TextChoices):
    NEW = "new", gettext_lazy("New")
    CHANGED = "changed", gettext_lazy("Changed")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    ERROR = "error", gettext_lazy("Error")


@dataclass
class RowResult:
    row: int
    status: str = RowStatus.NEW
    key: str = ""
    label: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)
    errors: list[str] = field(default_factory=list)
    # What ``write`` needs; never stored.
    payload: Any = None

    def refuse(self, message: str) -> None:
        self.errors.append(message)
        self.status = RowStatus.ERROR


Records = list[tuple[int, dict[str, str]]]
Progress = Callable[[int, int], None]


class Importer:
    """One kind of import. ``options`` are what the person chose beside the file (an order class
    for a roster), as ``options_form`` cleaned them into plain values."""

    kind: str
    verbose_name: str | Promise
    columns: tuple[Column, ...]
    # A form of what to choose beside the file, built with ``user=``; None when there is nothing.
    options_form = None

    def __init__(self, options: dict | None = None):
        self.options = options or {}

    @classmethod
    def options_from_form(cls, cleaned_data: dict) -> dict:
        """The options form's choices as plain values that a job keeps (primary keys)."""
        return {}

    @classmethod
    def column(cls, key: str) -> Column:
        return next(c for c in cls.columns if c.key == key)

    def describe_options(self) -> str:
        """The options in words, for the import's page."""
        return ""

    def lock(self) -> None:
        """Lock what the check relies on; called inside the writing transaction, before checking."""

    def check(self, records: Records, progress: Progress) -> list[RowResult]:
        raise NotImplementedError

    def write(self, results: list[RowResult], by, reason: str, progress: Progress) -> None:
        raise NotImplementedError


def unsaved_copy(obj):
    """An in-memory copy of a saved row, for a check to change and compare with the original."""
    model = type(obj)
    copy = model(**{f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields})
    copy._state.adding = False
    return copy


def field_changes(before, after, fields: Iterable[str]) -> list[tuple[str, str, str]]:
    """The fields that differ between two versions of a row, as (field, old, new) the way a person
    reads them: choices by their labels, blanks as a dash."""
    changes = []
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        model_field = type(before)._meta.get_field(name)
        if model_field.choices:
            labels = dict(model_field.flatchoices)
            old, new = labels.get(old, old), labels.get(new, new)
        changes.append((str(model_field.verbose_name), shown(old), shown(new)))
    return changes


def shown(value) -> str:
    return "—" if value in (None, "") else str(value)


def _names(label) -> set[str]:
    names = set()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            names.add(header_key(str(label)))
    return names


def guess_mapping(importer: type[Importer], header: list[str], remembered: dict[str, str]) -> list[str]:
    """For each header cell, the column it is, or "" to ignore it: by the column's name in either
    language or an alias, else as this header was mapped before."""
    known = {}
    for column in importer.columns:
        for name in _names(column.label) | {header_key(a) for a in (column.key, *column.aliases)}:
            known.setdefault(name, column.key)
    mapping, taken = [], set()
    for cell in header:
        key = header_key(cell)
        column = known.get(key) or remembered.get(key, "")
        if column in taken or column not in {c.key for c in importer.columns}:
            column = ""
        taken.add(column)
        mapping.append(column)
    return mapping


def missing_columns(importer: type[Importer], mapping: list[str]) -> list[Column]:
    return [c for c in importer.columns if c.required and c.key not in mapping]


def records(sheet: Sheet, mapping: list[str]) -> Records:
    """The rows as {column: text}, by the mapping of header positions to columns."""
    positions = [(index, key) for index, key in enumerate(mapping) if key]
    return [
        (number, {key: cells[index] if index < len(cells) else "" for index, key in positions})
        for number, cells in sheet.rows
    ]


def template_workbook(importer: type[Importer], language: str) -> bytes:
    """An empty workbook to fill in: the columns (required ones starred) with drop-down lists where
    the values are fixed, a sheet explaining each column, and a sheet of the allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    with translation.override(language):
        workbook = Workbook()
        data = workbook.active
        data.title = _("Data")
        notes = workbook.create_sheet(_("Columns"))
        values = workbook.create_sheet(_("Allowed values"))
        bold = Font(bold=True)
        notes.append([_("Column"), _("Required"), _("What to write")])
        values.append([_("Column"), _("Code"), _("Name")])
        for cell in (*notes[1], *values[1]):
            cell.font = bold
        for position, column in enumerate(importer.columns, start=1):
            title = str(column.label) + (" *" if column.required else "")
            data.cell(row=1, column=position, value=title).font = bold
            letter = get_column_letter(position)
            data.column_dimensions[letter].width = max(14, len(title) * 2)
            # Codes and numbers stay text, so Excel keeps leading zeros and long digits.
            data.column_dimensions[letter].number_format = "@"
            notes.append([str(column.label), _("Yes") if column.required else "", str(column.hint)])
            if column.allowed is None:
                continue
            first = values.max_row + 1
            for written, meaning in column.allowed():
                values.append([str(column.label), str(written), str(meaning)])
            last = values.max_row
            if last - first < 200:  # a list longer than that is a hindrance in a drop-down
                check = DataValidation(
                    type="list",
                    # The names, in the template's language: an import takes names and codes alike.
                    formula1=f"{quote_sheetname(values.title)}!$C${first}:$C${last}",
                    allow_blank=True,
                    showErrorMessage=False,
                )
                data.add_data_validation(check)
                check.add(f"{letter}2:{letter}10001")
        data.freeze_panes = "A2"
        for sheet, widths in ((notes, (24, 10, 80)), (values, (24, 28, 40))):
            for position, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(position)].width = width
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
