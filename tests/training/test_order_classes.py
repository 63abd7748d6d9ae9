"""Order classes: who registers them, the status moving forward one step at a time, the roster and
its outcomes, and the sponsor-hire rate computed in SQL."""

import pytest
from django.utils import translation

from members.choices import UnitKind
from portal.core.workflow import InvalidInput, WorkflowError
from tests.cooperation.builders import make_active_agreement, make_agreement
from tests.factories import make_unit
from tests.training.people_builders import make_order_class, school_major
from training.choices import OrderClassStatus, StudentOutcome
from training.models import OrderClass, OrderClassStudent
from training.services import people as services
from training.services.people import ORDER_CLASS_STATUS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are read in English; the catalogue translates them for people.
    with translation.override("en"):
        yield


S, Outcome = OrderClassStatus, StudentOutcome


@pytest.mark.parametrize("who", ["school_admin", "enterprise_admin", "secretariat"])
def test_either_party_or_the_group_registers_a_planned_class(personas, who):
    order_class = make_order_class(getattr(personas, who), personas.enterprise, personas.school)
    assert order_class.status == S.PLANNED and order_class.history.count() == 1


def test_a_unit_cannot_register_a_class_between_two_other_units(personas):
    with pytest.raises(InvalidInput, match="Your own unit"):
        make_order_class(personas.outsider, personas.enterprise, personas.school)
    assert not OrderClass.objects.exists()


def test_the_agreement_must_bind_both_the_enterprise_and_the_school(personas):
    other = make_agreement(personas.secretariat, [personas.other_school, personas.enterprise])
    with pytest.raises(InvalidInput) as refused:
        make_order_class(personas.school_admin, personas.enterprise, personas.school, agreement=other)
    assert "agreement" in refused.value.errors
    agreement = make_active_agreement(personas)
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, agreement=agreement
    )
    assert order_class.agreement == agreement


def test_the_major_belongs_to_the_school_and_the_enterprise_is_an_enterprise(personas):
    with pytest.raises(InvalidInput) as refused:
        make_order_class(
            personas.secretariat,
            personas.enterprise,
            personas.school,
            major=school_major(personas.other_school),
        )
    assert "major" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        make_order_class(personas.secretariat, make_unit(kind=UnitKind.HIGHER_VOCATIONAL), personas.school)
    assert "enterprise" in refused.value.errors


def test_the_planned_size_and_cohort_year_are_checked(personas):
    with pytest.raises(InvalidInput) as refused:
        make_order_class(
            personas.school_admin, personas.enterprise, personas.school, planned_size=0, cohort_year=1990
        )
    assert {"planned_size", "cohort_year"} <= set(refused.value.errors)


def test_status_moves_forward_one_step_at_a_time(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school)
    seen = [order_class.status]
    for step in ("open_enrolment", "start_training", "graduate"):
        assert [t.name for t in ORDER_CLASS_STATUS.available(order_class)] == [step]
        order_class = services.advance_order_class(order_class, step, personas.school_admin)
        seen.append(order_class.status)
    assert seen == [S.PLANNED, S.ENROLLING, S.TRAINING, S.GRADUATED]
    assert ORDER_CLASS_STATUS.available(order_class) == []
    assert order_class.history.count() == 4
    assert order_class.history.first().history_user == personas.school_admin


@pytest.mark.parametrize(
    ("status", "step"),
    [
        ("planned", "start_training"),  # skipping a step
        ("planned", "graduate"),
        ("enrolling", "open_enrolment"),  # the same step twice (a second click)
        ("training", "open_enrolment"),  # backwards
        ("graduated", "start_training"),
        ("enrolling", "reopen"),  # no such step
    ],
)
def test_steps_out_of_order_are_refused(personas, status, step):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, status=status)
    with pytest.raises(WorkflowError):
        services.advance_order_class(order_class, step, personas.school_admin)
    order_class.refresh_from_db()
    assert order_class.status == status


def test_update_cannot_change_the_status(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school)
    order_class.status = S.GRADUATED
    order_class.planned_size = 40
    services.update_order_class(order_class, personas.school_staff)
    order_class.refresh_from_db()
    assert (order_class.status, order_class.planned_size) == (S.PLANNED, 40)


def test_the_roster_opens_with_enrolment(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school)
    with pytest.raises(WorkflowError, match="Open enrolment"):
        services.add_student(order_class, personas.school_staff, "2025001", "李明")
    assert not OrderClassStudent.objects.exists()


def test_students_are_added_trimmed_and_a_number_only_once(personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, status="enrolling"
    )
    student = services.add_student(order_class, personas.school_staff, " 2025001 ", " 李明 ")
    assert (student.student_number, student.name, student.outcome) == ("2025001", "李明", Outcome.IN_TRAINING)
    with pytest.raises(InvalidInput) as refused:
        services.add_student(order_class, personas.school_staff, "2025001", "李敏")
    assert "student_number" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        services.add_student(order_class, personas.school_staff, "", "")
    assert {"student_number", "name"} <= set(refused.value.errors)
    assert order_class.students.count() == 1


def test_before_graduation_a_student_is_in_training_or_has_left(personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "training", students=2
    )
    student = order_class.students.first()
    with pytest.raises(InvalidInput) as refused:
        services.record_outcome(student, Outcome.HIRED_BY_SPONSOR, personas.school_staff)
    assert "outcome" in refused.value.errors
    services.record_outcome(student, Outcome.LEFT, personas.school_staff)
    student.refresh_from_db()
    assert student.outcome == Outcome.LEFT


def test_graduating_marks_those_in_training_as_graduated_and_keeps_those_who_left(personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "training", students=3
    )
    leaver = order_class.students.first()
    services.record_outcome(leaver, Outcome.LEFT, personas.school_staff)
    services.advance_order_class(order_class, "graduate", personas.school_admin)
    outcomes = dict(order_class.students.values_list("student_number", "outcome"))
    assert outcomes.pop(leaver.student_number) == Outcome.LEFT
    assert set(outcomes.values()) == {Outcome.GRADUATED}
    assert OrderClassStudent.history.filter(outcome=Outcome.GRADUATED).count() == 2


def test_after_graduation_outcomes_are_recorded_and_no_one_is_in_training(personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "graduated", students=2
    )
    hired, other = order_class.students.all()
    services.record_outcome(hired, Outcome.HIRED_BY_SPONSOR, personas.school_staff, employer="ignored")
    services.record_outcome(other, Outcome.HIRED_ELSEWHERE, personas.school_staff, employer=" 苏州某公司 ")
    hired.refresh_from_db()
    other.refresh_from_db()
    assert (hired.outcome, hired.employer) == (Outcome.HIRED_BY_SPONSOR, "")
    assert (other.outcome, other.employer) == (Outcome.HIRED_ELSEWHERE, "苏州某公司")
    with pytest.raises(InvalidInput, match="no longer in training"):
        services.record_outcome(other, Outcome.IN_TRAINING, personas.school_staff)
    # Added after graduation (a late entry), a student has graduated unless stated otherwise.
    late = services.add_student(order_class, personas.school_staff, "X1", "补录学生")
    assert late.outcome == Outcome.GRADUATED


def test_a_student_entered_by_mistake_is_removed_until_the_class_graduates(personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "enrolling", students=2
    )
    services.remove_student(order_class.students.first(), personas.school_staff)
    assert order_class.students.count() == 1
    removal = OrderClassStudent.history.filter(history_type="-").get()
    assert removal.history_user == personas.school_staff
    services.advance_order_class(order_class, "start_training", personas.school_admin)
    services.advance_order_class(order_class, "graduate", personas.school_admin)
    with pytest.raises(WorkflowError, match="mark a student as left"):
        services.remove_student(order_class.students.first(), personas.school_staff)
    assert order_class.students.count() == 1
    removal = OrderClassStudent.history.filter(history_type="-").get()
    assert removal.history_user == personas.school_staff


def _with_outcomes(personas, outcomes):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "graduated", students=len(outcomes)
    )
    for student, outcome in zip(order_class.students.all(), outcomes, strict=True):
        services.record_outcome(student, outcome, personas.school_staff)
    return OrderClass.objects.with_counts().get(pk=order_class.pk)


def test_sponsor_hire_rate_is_hired_by_the_sponsor_of_all_graduates(personas):
    outcomes = (
        [Outcome.HIRED_BY_SPONSOR] * 5 + [Outcome.HIRED_ELSEWHERE] * 2 + [Outcome.GRADUATED, Outcome.LEFT]
    )
    order_class = _with_outcomes(personas, outcomes)
    assert (order_class.enrolled, order_class.left, order_class.graduates) == (8, 1, 8)
    assert (order_class.hired_by_sponsor, order_class.hired_elsewhere) == (5, 2)
    assert order_class.sponsor_hire_rate == pytest.approx(5 / 8)


def test_sponsor_hire_rate_is_none_without_graduates(personas):
    in_training = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "training", students=4
    )
    empty = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "planned", name="空班"
    )
    all_left = _with_outcomes(personas, [Outcome.LEFT, Outcome.LEFT])
    rates = dict(OrderClass.objects.with_counts().values_list("pk", "sponsor_hire_rate"))
    assert rates[in_training.pk] is None and rates[empty.pk] is None and rates[all_left.pk] is None
    assert OrderClass.objects.with_counts().get(pk=in_training.pk).enrolled == 4


def test_sponsor_hire_rate_orders_and_filters_in_sql(personas):
    low = _with_outcomes(
        personas, [Outcome.HIRED_BY_SPONSOR, Outcome.GRADUATED, Outcome.GRADUATED, Outcome.GRADUATED]
    )
    high = _with_outcomes(personas, [Outcome.HIRED_BY_SPONSOR, Outcome.HIRED_BY_SPONSOR])
    ranked = list(
        OrderClass.objects.with_counts().filter(sponsor_hire_rate__gt=0).order_by("-sponsor_hire_rate")
    )
    assert ranked == [high, low]
    assert ranked[1].sponsor_hire_rate == pytest.approx(0.25)


def test_the_demo_has_classes_in_every_status_and_students_in_every_outcome():
    from cooperation import demo as cooperation_demo
    from members import demo as members_demo
    from training.demo import people as demo

    members_demo.load()
    cooperation_demo.load()
    counts = demo.load()
    assert demo.is_loaded()
    assert counts["skill_masters"] == len(demo.MASTERS) and counts["order_classes"] == len(demo.COHORTS)
    assert set(OrderClass.objects.values_list("status", flat=True)) == set(S.values)
    assert set(OrderClassStudent.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    assert counts["order_class_students"] == OrderClassStudent.objects.count() > 100
    rates = (
        OrderClass.objects.with_counts()
        .filter(status=S.GRADUATED)
        .values_list("sponsor_hire_rate", flat=True)
    )
    assert all(0 < rate < 1 for rate in rates)
    assert OrderClass.objects.filter(agreement__isnull=False).count() == 4
