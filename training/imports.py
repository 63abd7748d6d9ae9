"""Importing an order class's roster from the secretariat's spreadsheets.

Rows are matched to the class's students by student number: a number on the roster is an update
(a blank outcome or employer keeps what is there), a new number a new student. The rules are the
roster's own (``training.services.people``): the school's upload checks its file here too.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portal.core.imports import Column, Importer, Records, RowResult, RowStatus, field_changes, unsaved_copy
from portal.core.permissions import restrict
from portal.core.spreadsheets import EXCEL_SHORTENED, header_key, narrow
from training.choices import StudentOutcome
from training.models import OrderClass, OrderClassStudent
from training.services.people import (
    ROSTER_OPEN,
    default_outcome,
    lock_roster,
    outcome_lookup,
    outcome_refusal,
)

Outcome = StudentOutcome
BATCH = 1000
# What a row may change on a student already on the roster.
FIELDS = ("name", "outcome", "employer")
MAX_LENGTH = {f: OrderClassStudent._meta.get_field(f).max_length for f in (*FIELDS, "student_number")}


class RosterOptionsForm(forms.Form):
    order_class = forms.ModelChoiceField(
        label=gettext_lazy("order class"),
        queryset=OrderClass.objects.none(),
        help_text=gettext_lazy("A class whose enrolment has opened."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["order_class"]
        field.queryset = restrict(
            OrderClass.objects.filter(status__in=ROSTER_OPEN).select_related("school"), user, "change"
        )
        # Schools run classes of the same name year after year.
        field.label_from_instance = lambda order_class: (
            f"{order_class} · {order_class.school} · {order_class.cohort_year}"
        )


class RosterImporter(Importer):
    kind = "roster"
    verbose_name = gettext_lazy("Order-class roster")
    options_form = RosterOptionsForm
    columns = (
        Column(
            "student_number",
            gettext_lazy("student number"),
            required=True,
            aliases=("student no", "student no.", "number", "学号"),
            hint=gettext_lazy(
                "Rows are matched to the class's students by this number; keep the column as text "
                "so that Excel keeps every digit."
            ),
        ),
        Column(
            "name",
            pgettext_lazy("student", "name"),
            required=True,
            aliases=("student name", "姓名", "学生姓名"),
        ),
        Column(
            "outcome",
            gettext_lazy("outcome"),
            aliases=("去向", "结果", "毕业去向", "就业去向"),
            hint=gettext_lazy(
                "Blank: in training for a new student (graduated once the class has graduated), "
                "unchanged for one already on the roster."
            ),
            allowed=lambda: list(Outcome.choices),
        ),
        Column(
            "employer",
            gettext_lazy("employer"),
            aliases=("就业单位", "工作单位", "单位"),
            hint=gettext_lazy("Only for a student hired elsewhere; blank keeps what is recorded."),
        ),
    )
    # The school's own upload only adds students: one already on the roster is a row error there.
    adds_only = False

    @classmethod
    def options_from_form(cls, cleaned_data: dict) -> dict:
        return {"order_class": cleaned_data["order_class"].pk}

    @classmethod
    def adding_to(cls, order_class: OrderClass) -> RosterImporter:
        """The check of the school's upload, against ``order_class`` as its caller locked it."""
        importer = cls({"order_class": order_class.pk})
        importer.order_class = order_class
        importer.adds_only = True
        return importer

    @cached_property
    def order_class(self) -> OrderClass:
        return OrderClass.objects.get(pk=self.options["order_class"])

    def describe_options(self) -> str:
        return str(self.order_class)

    def lock(self) -> None:
        self.order_class = lock_roster(self.options["order_class"])

    def check(self, records: Records, progress) -> list[RowResult]:
        # A class has tens of students: all of them in one query, whatever the file's length.
        existing = {s.student_number: s for s in self.order_class.students.all()}
        outcomes = outcome_lookup()
        first_seen: dict[str, int] = {}
        results = []
        for done, (row, values) in enumerate(records, start=1):
            results.append(self._check_row(row, values, existing, first_seen, outcomes))
            if done % 500 == 0:
                progress(done, len(records))
        return results

    def _check_row(self, row, values, existing, first_seen, outcomes) -> RowResult:
        order_class = self.order_class
        number = narrow(values.get("student_number", ""))
        name = values.get("name", "")
        outcome_text, employer = values.get("outcome", ""), values.get("employer", "")
        result = RowResult(row=row, key=number, label=name)
        current = existing.get(number)
        if not number:
            result.refuse(_("The student number is missing."))
        elif EXCEL_SHORTENED.match(number):
            result.refuse(
                _("The student number “%(number)s” was shortened by Excel; format the column as text.")
                % {"number": number}
            )
        elif len(number) > MAX_LENGTH["student_number"]:
            result.refuse(
                _("The student number is longer than %(max)d characters.")
                % {"max": MAX_LENGTH["student_number"]}
            )
        elif number in first_seen:
            result.refuse(
                _("Student number %(number)s is already on row %(row)d.")
                % {"number": number, "row": first_seen[number]}
            )
        elif self.adds_only and current is not None:
            result.refuse(_("Student number %(number)s is already on the roster.") % {"number": number})
        if number and number not in first_seen:
            first_seen[number] = row
        if not name:
            result.refuse(_("The name is missing."))
        elif len(name) > MAX_LENGTH["name"]:
            result.refuse(_("The name is longer than %(max)d characters.") % {"max": MAX_LENGTH["name"]})
        outcome = current.outcome if current is not None else default_outcome(order_class)
        if outcome_text:
            outcome = outcomes.get(header_key(outcome_text))
            if outcome is None:
                result.refuse(
                    _("Unknown outcome “%(outcome)s”; use one of: %(choices)s.")
                    % {"outcome": outcome_text, "choices": ", ".join(str(label) for label in Outcome.labels)}
                )
            elif refusal := outcome_refusal(order_class, outcome):
                result.refuse(refusal)
                outcome = None
        if len(employer) > MAX_LENGTH["employer"]:
            result.refuse(
                _("The employer is longer than %(max)d characters.") % {"max": MAX_LENGTH["employer"]}
            )
        # The ordering enterprise is the employer of a student it hired: naming it is no mistake.
        elif employer and outcome not in (None, Outcome.HIRED_ELSEWHERE, Outcome.HIRED_BY_SPONSOR):
            result.refuse(
                _("An employer is recorded only for a student hired elsewhere, not for “%(outcome)s”.")
                % {"outcome": Outcome(outcome).label}
            )
        if result.errors:
            return result
        if outcome != Outcome.HIRED_ELSEWHERE:
            employer = ""
        elif not employer and current is not None:
            employer = current.employer
        if current is None:
            result.payload = OrderClassStudent(
                order_class=order_class, student_number=number, name=name, outcome=outcome, employer=employer
            )
            result.status = RowStatus.NEW
            return result
        student = unsaved_copy(current)
        student.name, student.outcome, student.employer = name, outcome, employer
        result.payload = student
        result.changes = field_changes(current, student, FIELDS)
        result.status = RowStatus.CHANGED if result.changes else RowStatus.UNCHANGED
        return result

    def write(self, results: list[RowResult], by, reason: str, progress) -> None:
        new = [r.payload for r in results if r.status == RowStatus.NEW]
        changed = [r.payload for r in results if r.status == RowStatus.CHANGED]
        total, done = len(new) + len(changed), 0
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            bulk_create_with_history(batch, OrderClassStudent, default_user=by, default_change_reason=reason)
            done += len(batch)
            progress(done, total)
        now = timezone.now()
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            for student in batch:
                student.modified = now  # bulk_update leaves auto_now alone
            bulk_update_with_history(
                batch,
                OrderClassStudent,
                [*FIELDS, "modified"],
                default_user=by,
                default_change_reason=reason,
            )
            done += len(batch)
            progress(done, total)
