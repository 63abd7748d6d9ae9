"""Skill masters and order classes: registering them, an order class's status, its roster and its
students' outcomes. Pages, the API and the demo call these; each change runs in one transaction,
locks the order class whose rules it checks, and is kept in the history.

The order class moves one step at a time, only forward: planned → enrolling → training →
graduated. Students are on the roster from enrolment on; before graduation a student is in
training or has left, and only a graduated class records who graduated and who hired them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.choices import SCHOOL_KINDS, UnitKind, UnitStatus
from members.models import User
from portal.core.permissions import ALL, scope
from portal.core.workflow import InvalidInput, StateMachine, Transition, WorkflowError
from training.choices import OrderClassStatus, StudentOutcome
from training.models import OrderClass, OrderClassStudent, SkillMaster

S, Outcome = OrderClassStatus, StudentOutcome

ORDER_CLASS_STATUS = StateMachine(
    "status",
    Transition(
        "open_enrolment", pgettext_lazy("order class", "Open enrolment"), frozenset({S.PLANNED}), S.ENROLLING
    ),
    Transition(
        "start_training", pgettext_lazy("order class", "Start training"), frozenset({S.ENROLLING}), S.TRAINING
    ),
    Transition(
        "graduate", pgettext_lazy("order class", "Graduate the class"), frozenset({S.TRAINING}), S.GRADUATED
    ),
)
# The statuses in which the roster is kept: enrolment has opened.
ROSTER_OPEN = frozenset({S.ENROLLING, S.TRAINING, S.GRADUATED})
# The outcomes a student can have before the class graduates, and after.
OUTCOMES_BEFORE_GRADUATION = frozenset({Outcome.IN_TRAINING, Outcome.LEFT})
OUTCOMES_AFTER_GRADUATION = frozenset(
    {Outcome.GRADUATED, Outcome.HIRED_BY_SPONSOR, Outcome.HIRED_ELSEWHERE, Outcome.LEFT}
)

ROSTER_MAX_ROWS = 300
ROSTER_MAX_BYTES = 1024 * 1024


def _clean(obj, exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from error


def _save(obj, by: User, method: str = "save") -> None:
    """Save or delete ``obj``, its history naming the person who acted (pages, the API and the
    demo alike, with or without a request)."""
    obj._history_user = by
    getattr(obj, method)()


def _check_parties(obj, by: User, action: str) -> None:
    """The enterprise is an enterprise and the school a school; a unit's people register only what
    their own unit is one of the two parties to."""
    if obj.enterprise_id is None or obj.enterprise.kind != UnitKind.ENTERPRISE:
        raise InvalidInput(_("Choose a member enterprise."), "enterprise")
    if obj.school_id is None or obj.school.kind not in SCHOOL_KINDS:
        raise InvalidInput(_("Choose a member school."), "school")
    if scope(by, action, type(obj)) != ALL and by.unit_id not in {obj.enterprise_id, obj.school_id}:
        raise InvalidInput(_("Your own unit must be the enterprise or the school."))


def _check_active(obj) -> None:
    for field in ("enterprise", "school"):
        if getattr(obj, field).status != UnitStatus.ACTIVE:
            raise InvalidInput(_("%(unit)s is not an active member.") % {"unit": getattr(obj, field)}, field)


# Skill masters


def register_skill_master(master: SkillMaster, by: User) -> SkillMaster:
    """Record an enterprise expert teaching at a school."""
    with transaction.atomic():
        _check_parties(master, by, "add")
        _check_active(master)
        _clean(master)
        _save(master, by)
    return master


def update_skill_master(master: SkillMaster, by: User) -> SkillMaster:
    with transaction.atomic():
        SkillMaster.objects.select_for_update().get(pk=master.pk)
        _check_parties(master, by, "change")
        _clean(master)
        _save(master, by)
    return master


# Order classes


def _check_order_class(order_class: OrderClass, by: User, action: str) -> None:
    _check_parties(order_class, by, action)
    agreement = order_class.agreement
    if agreement is not None:
        parties = set(agreement.parties.values_list("unit_id", flat=True))
        if not {order_class.enterprise_id, order_class.school_id} <= parties:
            raise InvalidInput(
                _("The enterprise and the school must both be parties to the agreement."), "agreement"
            )
    _clean(order_class, exclude=["status"])


def register_order_class(order_class: OrderClass, by: User) -> OrderClass:
    """Register a class an enterprise orders from a school; it starts as planned."""
    with transaction.atomic():
        order_class.status = S.PLANNED
        _check_order_class(order_class, by, "add")
        _check_active(order_class)
        _save(order_class, by)
    return order_class


def update_order_class(order_class: OrderClass, by: User) -> OrderClass:
    """Change the class's record; its status moves only through :func:`advance_order_class`."""
    with transaction.atomic():
        locked = OrderClass.objects.select_for_update().get(pk=order_class.pk)
        order_class.status = locked.status
        _check_order_class(order_class, by, "change")
        _save(order_class, by)
    return order_class


def advance_order_class(order_class: OrderClass, step: str, by: User) -> OrderClass:
    """Move the class one step forward. Graduating it marks everyone still in training as
    graduated; their employment is recorded afterwards."""
    with transaction.atomic():
        order_class = OrderClass.objects.select_for_update().get(pk=order_class.pk)
        transition = ORDER_CLASS_STATUS.check(order_class, step)
        order_class.status = transition.target
        _save(order_class, by)
        if transition.target == S.GRADUATED:
            finishing = list(order_class.students.filter(outcome=Outcome.IN_TRAINING))
            for student in finishing:
                student.outcome = Outcome.GRADUATED
            bulk_update_with_history(finishing, OrderClassStudent, ["outcome"], default_user=by)
    return order_class


# The roster


def _lock_roster(order_class_id: int) -> OrderClass:
    order_class = OrderClass.objects.select_for_update().get(pk=order_class_id)
    if order_class.status not in ROSTER_OPEN:
        raise WorkflowError(_("Open enrolment before adding students to the roster."))
    return order_class


def outcomes_allowed(order_class: OrderClass) -> frozenset[str]:
    return OUTCOMES_AFTER_GRADUATION if order_class.status == S.GRADUATED else OUTCOMES_BEFORE_GRADUATION


def default_outcome(order_class: OrderClass) -> str:
    return Outcome.GRADUATED if order_class.status == S.GRADUATED else Outcome.IN_TRAINING


def _outcome_refusal(order_class: OrderClass, outcome: str) -> str | None:
    if outcome in outcomes_allowed(order_class):
        return None
    if order_class.status == S.GRADUATED:
        return _("The class has graduated: a student is no longer in training.")
    return _("Until the class graduates a student is either in training or has left.")


def _check_student(student: OrderClassStudent, order_class: OrderClass) -> None:
    student.student_number = (student.student_number or "").strip()
    student.name = (student.name or "").strip()
    student.employer = (student.employer or "").strip() if student.outcome == Outcome.HIRED_ELSEWHERE else ""
    refusal = _outcome_refusal(order_class, student.outcome)
    if refusal:
        raise InvalidInput(refusal, "outcome")
    _clean(student, exclude=["order_class"])
    taken = order_class.students.filter(student_number=student.student_number).exclude(pk=student.pk)
    if taken.exists():
        raise InvalidInput(_("This student number is already on the roster."), "student_number")


def add_student(
    order_class: OrderClass, by: User, student_number: str, name: str, **fields
) -> OrderClassStudent:
    """Put a student on the roster: in training, or graduated if the class already has."""
    with transaction.atomic():
        order_class = _lock_roster(order_class.pk)
        student = OrderClassStudent(
            order_class=order_class,
            student_number=student_number,
            name=name,
            outcome=fields.get("outcome") or default_outcome(order_class),
            employer=fields.get("employer", ""),
        )
        _check_student(student, order_class)
        _save(student, by)
    return student


def update_student(student: OrderClassStudent, by: User) -> OrderClassStudent:
    """Save a student's number, name, outcome and employer as edited."""
    with transaction.atomic():
        order_class = _lock_roster(student.order_class_id)
        _check_student(student, order_class)
        _save(student, by)
    return student


def record_outcome(
    student: OrderClassStudent, outcome: str, by: User, employer: str = ""
) -> OrderClassStudent:
    student.outcome = outcome
    student.employer = employer
    return update_student(student, by)


def remove_student(student: OrderClassStudent, by: User) -> None:
    """Take a student entered by mistake off the roster; one who leaves is marked as left. The
    roster of a graduated class is the record of its outcomes and stays."""
    with transaction.atomic():
        order_class = _lock_roster(student.order_class_id)
        if order_class.status == S.GRADUATED:
            raise WorkflowError(
                _("The class has graduated; mark a student as left rather than removing them.")
            )
        _save(student, by, "delete")


# Roster files


@dataclass(frozen=True)
class RowProblem:
    row: int | None
    message: str


class RosterError(InvalidInput):
    """A roster file refused as a whole, with every problem found in it, row by row."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        rows = len({p.row for p in problems})
        message = ngettext(
            "Nothing was saved: the file has a problem on %(count)d row.",
            "Nothing was saved: the file has problems on %(count)d rows.",
            rows,
        ) % {"count": rows}
        super().__init__(message, "file", errors={"file": [message, *map(describe_problem, problems)]})


def describe_problem(problem: RowProblem) -> str:
    if problem.row is None:
        return problem.message
    return _("Row %(row)d: %(message)s") % {"row": problem.row, "message": problem.message}


COLUMNS = {
    "student_number": ("student number", "student no", "student no.", "number", "学号"),
    "name": ("name", "student name", "姓名", "学生姓名"),
    "outcome": ("outcome", "去向", "结果", "毕业去向", "就业去向"),
    "employer": ("employer", "就业单位", "工作单位", "单位"),
}
COLUMN_LABELS = {
    "student_number": gettext_lazy("student number"),
    "name": gettext_lazy("name"),
}
# Outcomes as a school writes them: the stored code, the English name, or the Chinese one.
OUTCOME_NAMES = {
    Outcome.IN_TRAINING: ("在读", "在训", "在班", "培养中"),
    Outcome.GRADUATED: ("毕业", "已毕业"),
    Outcome.HIRED_BY_SPONSOR: ("订单企业录用", "被订单企业录用", "订单企业就业", "hired by sponsor"),
    Outcome.HIRED_ELSEWHERE: ("其他单位就业", "他处就业", "其他企业就业"),
    Outcome.LEFT: ("退出", "已退出", "中途退出", "退出订单班", "流失", "left"),
}
# A long number that Excel shortened to scientific notation when it wrote the CSV (2.02301E+11).
EXCEL_SHORTENED = re.compile(r"^\d(\.\d+)?E\+\d+$", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(str(text).replace("_", " ").split()).lower()


def _outcome_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Outcome.choices:
        lookup[_key(value)] = value
        lookup[_key(label)] = value
    for value, names in OUTCOME_NAMES.items():
        lookup.update({_key(name): value for name in names})
    return lookup


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a student number typed as a number in a spreadsheet
    return str(value).strip()


def _read_rows(upload) -> list[list[str]]:
    """The rows of a CSV (UTF-8 with or without BOM, or GB18030) or XLSX file, as trimmed text."""
    if upload.size > ROSTER_MAX_BYTES:
        raise InvalidInput(
            _("The file is %(size)s; a roster file may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(ROSTER_MAX_BYTES)},
            "file",
        )
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(_("This is an old Excel (.xls) file: save it as .xlsx or CSV."), "file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(
            _("The file is neither an XLSX workbook nor a CSV file in UTF-8 or GB18030."), "file"
        )
    if "\x00" in text:
        raise InvalidInput(
            _("The file is neither an XLSX workbook nor a CSV file in UTF-8 or GB18030."), "file"
        )
    dialect = csv.excel
    # A single column, or too little to tell: Excel's comma.
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    return [[_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign zip
        raise InvalidInput(_("The workbook cannot be read; save it again as .xlsx."), "file") from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        # A header, the limit and one more row tell whether the file is too long.
        for row in sheet.iter_rows(max_col=len(COLUMNS) + 6, values_only=True):
            cells = [_cell(cell) for cell in row]
            rows.append(cells)
            if sum(1 for r in rows if any(r)) > ROSTER_MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _header(cells: list[str]) -> dict[str, int]:
    names = {_key(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
    found = {}
    for index, cell in enumerate(cells):
        column = names.get(_key(cell))
        if column and column not in found:
            found[column] = index
    return found


@dataclass
class RosterRow:
    row: int
    student_number: str
    name: str
    outcome: str
    employer: str


def check_roster(order_class: OrderClass, upload) -> list[RosterRow]:
    """Every row of the file checked against the roster as it is: the students to add, or a
    RosterError listing each row's problems. Reads and writes nothing else."""
    rows = _read_rows(upload)
    numbered = [(index, cells) for index, cells in enumerate(rows, start=1) if any(cells)]
    if not numbered:
        raise InvalidInput(_("The file is empty."), "file")
    header_row, header_cells = numbered[0]
    columns = _header(header_cells)
    missing = [str(COLUMN_LABELS[c]) for c in ("student_number", "name") if c not in columns]
    if missing:
        raise RosterError(
            [
                RowProblem(
                    header_row,
                    _("The first row must name the columns; missing: %(columns)s.")
                    % {"columns": ", ".join(missing)},
                )
            ]
        )
    body = numbered[1:]
    if not body:
        raise InvalidInput(_("The file lists no students."), "file")
    if len(body) > ROSTER_MAX_ROWS:
        raise InvalidInput(
            _("A roster file may list at most %(limit)d students.") % {"limit": ROSTER_MAX_ROWS}, "file"
        )

    outcomes = _outcome_lookup()
    on_roster = set(order_class.students.values_list("student_number", flat=True))
    first_seen: dict[str, int] = {}
    problems: list[RowProblem] = []
    good: list[RosterRow] = []
    max_lengths = {
        f: OrderClassStudent._meta.get_field(f).max_length for f in ("student_number", "name", "employer")
    }

    def value(cells, column):
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else ""

    for row, cells in body:
        found = []
        number, name = value(cells, "student_number"), value(cells, "name")
        outcome_text, employer = value(cells, "outcome"), value(cells, "employer")
        if not number:
            found.append(_("The student number is missing."))
        elif EXCEL_SHORTENED.match(number):
            found.append(
                _("The student number “%(number)s” was shortened by Excel; format the column as text.")
                % {"number": number}
            )
        elif len(number) > max_lengths["student_number"]:
            found.append(
                _("The student number is longer than %(max)d characters.")
                % {"max": max_lengths["student_number"]}
            )
        elif number in first_seen:
            found.append(
                _("Student number %(number)s is already on row %(row)d.")
                % {"number": number, "row": first_seen[number]}
            )
        elif number in on_roster:
            found.append(_("Student number %(number)s is already on the roster.") % {"number": number})
        if number and number not in first_seen:
            first_seen[number] = row
        if not name:
            found.append(_("The name is missing."))
        elif len(name) > max_lengths["name"]:
            found.append(_("The name is longer than %(max)d characters.") % {"max": max_lengths["name"]})
        outcome = default_outcome(order_class)
        if outcome_text:
            outcome = outcomes.get(_key(outcome_text))
            if outcome is None:
                found.append(
                    _("Unknown outcome “%(outcome)s”; use one of: %(choices)s.")
                    % {"outcome": outcome_text, "choices": ", ".join(str(label) for label in Outcome.labels)}
                )
            elif refusal := _outcome_refusal(order_class, outcome):
                found.append(refusal)
        if len(employer) > max_lengths["employer"]:
            found.append(
                _("The employer is longer than %(max)d characters.") % {"max": max_lengths["employer"]}
            )
        problems.extend(RowProblem(row, message) for message in found)
        if not found:
            good.append(
                RosterRow(row, number, name, outcome, employer if outcome == Outcome.HIRED_ELSEWHERE else "")
            )
    if problems:
        raise RosterError(problems)
    return good


def import_roster(order_class: OrderClass, uploaded_file, by: User) -> list[OrderClassStudent]:
    """Add every student of a CSV or XLSX file to the roster, or none: the file is checked in full
    first, and any problem refuses it with the list of problems row by row."""
    with transaction.atomic():
        order_class = _lock_roster(order_class.pk)
        rows = check_roster(order_class, uploaded_file)
        students = [
            OrderClassStudent(
                order_class=order_class,
                student_number=row.student_number,
                name=row.name,
                outcome=row.outcome,
                employer=row.employer,
            )
            for row in rows
        ]
        return bulk_create_with_history(students, OrderClassStudent, default_user=by)
