"""Skill masters and order classes: registering them, an order class's status, its roster and its
students' outcomes. Pages, the API and the demo call these; each change runs in one transaction,
locks the order class whose rules it checks, and is kept in the history.

The order class moves one step at a time, only forward: planned → enrolling → training →
graduated. Students are on the roster from enrolment on; before graduation a student is in
training or has left, and only a graduated class records who graduated and who hired them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.choices import SCHOOL_KINDS, UnitKind, UnitStatus
from members.models import User
from portal.core.imports import guess_mapping, missing_columns, records
from portal.core.permissions import ALL, scope
from portal.core.spreadsheets import choice_lookup, read_sheet
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


def lock_roster(order_class_id: int) -> OrderClass:
    order_class = OrderClass.objects.select_for_update().get(pk=order_class_id)
    if order_class.status not in ROSTER_OPEN:
        raise WorkflowError(_("Open enrolment before adding students to the roster."))
    return order_class


def outcomes_allowed(order_class: OrderClass) -> frozenset[str]:
    return OUTCOMES_AFTER_GRADUATION if order_class.status == S.GRADUATED else OUTCOMES_BEFORE_GRADUATION


def default_outcome(order_class: OrderClass) -> str:
    return Outcome.GRADUATED if order_class.status == S.GRADUATED else Outcome.IN_TRAINING


def outcome_refusal(order_class: OrderClass, outcome: str) -> str | None:
    if outcome in outcomes_allowed(order_class):
        return None
    if order_class.status == S.GRADUATED:
        return _("The class has graduated: a student is no longer in training.")
    return _("Until the class graduates a student is either in training or has left.")


def _check_student(student: OrderClassStudent, order_class: OrderClass) -> None:
    student.student_number = (student.student_number or "").strip()
    student.name = (student.name or "").strip()
    student.employer = (student.employer or "").strip() if student.outcome == Outcome.HIRED_ELSEWHERE else ""
    refusal = outcome_refusal(order_class, student.outcome)
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
        order_class = lock_roster(order_class.pk)
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
        order_class = lock_roster(student.order_class_id)
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
        order_class = lock_roster(student.order_class_id)
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


# Outcomes as a school writes them besides the stored code and the English or Chinese name.
OUTCOME_NAMES = {
    Outcome.IN_TRAINING: ("在读", "在训", "在班", "培养中"),
    Outcome.GRADUATED: ("毕业", "已毕业"),
    Outcome.HIRED_BY_SPONSOR: ("订单企业录用", "被订单企业录用", "订单企业就业", "hired by sponsor"),
    Outcome.HIRED_ELSEWHERE: ("其他单位就业", "他处就业", "其他企业就业"),
    Outcome.LEFT: ("退出", "已退出", "中途退出", "退出订单班", "流失", "left"),
}


def outcome_lookup() -> dict[str, str]:
    """From an outcome as written (compared by ``header_key``) to the stored outcome."""
    return choice_lookup(
        Outcome.choices, {name: value for value, names in OUTCOME_NAMES.items() for name in names}
    )


def check_roster(order_class: OrderClass, upload) -> list[OrderClassStudent]:
    """Every row of the file checked against the roster as it is: the students to add, or a
    RosterError listing each row's problems. Reads and writes nothing else."""
    # The bulk import applies these same rules; it builds on this module, so it comes in late.
    from training.imports import RosterImporter

    sheet = read_sheet(upload, max_bytes=ROSTER_MAX_BYTES, max_rows=ROSTER_MAX_ROWS)
    mapping = guess_mapping(RosterImporter, sheet.header, {})
    missing = missing_columns(RosterImporter, mapping)
    if missing:
        raise RosterError(
            [
                RowProblem(
                    sheet.header_row,
                    _("The first row must name the columns; missing: %(columns)s.")
                    % {"columns": ", ".join(str(column.label) for column in missing)},
                )
            ]
        )
    results = RosterImporter.adding_to(order_class).check(records(sheet, mapping), lambda done, total: None)
    problems = [RowProblem(result.row, message) for result in results for message in result.errors]
    if problems:
        raise RosterError(problems)
    return [result.payload for result in results]


def import_roster(order_class: OrderClass, uploaded_file, by: User) -> list[OrderClassStudent]:
    """Add every student of a CSV or XLSX file to the roster, or none: the file is checked in full
    first, and any problem refuses it with the list of problems row by row."""
    with transaction.atomic():
        order_class = lock_roster(order_class.pk)
        students = check_roster(order_class, uploaded_file)
        return bulk_create_with_history(students, OrderClassStudent, default_user=by)
