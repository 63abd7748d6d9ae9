"""Fifty teachers apply for one placement with five slots at the same moment, their schools approve
them all, and the enterprise's fifty acceptances race, each in its own thread with its own
database connection: on PostgreSQL the offer's row lock makes the decisions take turns, so exactly
five are accepted and the other forty-five wait on the list, in the order their schools approved."""

from functools import partial

import pytest
from django.db import connection

from members.choices import UnitKind
from portal.core.roles import Role
from portal.core.workflow import InvalidInput, WorkflowError
from tests.concurrency import race
from tests.factories import make_unit, make_user
from tests.training.placement_builders import make_offer, make_teacher
from training.choices import ApplicationStatus
from training.models import PlacementApplication
from training.services import placements as services

SLOTS = 5
TEACHERS = 50
SCHOOLS = 5

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def _schools(personas):
    """Five schools with an administrator each, and ten teachers in every one."""
    admins, teachers = [], []
    for s in range(SCHOOLS):
        school = make_unit(f"并发测试学校{s}", UnitKind.HIGHER_VOCATIONAL)
        admins.append(make_user(f"admin{s}", Role.UNIT_ADMIN, school))
        teachers += [make_teacher(school, f"teacher{s}_{t}") for t in range(TEACHERS // SCHOOLS)]
    return admins, teachers


def test_fifty_acceptances_racing_for_five_slots_accept_exactly_five(personas):
    admins, teachers = _schools(personas)
    offer = make_offer(personas.enterprise_admin, slots=SLOTS)

    applied = race(*(partial(services.apply_for_placement, offer, t, "申请企业实践") for t in teachers))
    assert all(isinstance(a, PlacementApplication) for a in applied), applied

    approvals = race(
        *(
            partial(services.approve_application, a, admins[i // (TEACHERS // SCHOOLS)])
            for i, a in enumerate(applied)
        )
    )
    assert all(isinstance(a, PlacementApplication) for a in approvals), approvals
    assert {a.status for a in approvals} == {ApplicationStatus.APPROVED}

    deciders = [personas.enterprise_admin, personas.enterprise_staff]
    outcomes = race(
        *(partial(services.accept_application, a, deciders[i % 2]) for i, a in enumerate(applied))
    )

    unexpected = [o for o in outcomes if not isinstance(o, (PlacementApplication, WorkflowError))]
    assert not unexpected, unexpected
    winners = {o.pk for o in outcomes if isinstance(o, PlacementApplication)}
    assert len(winners) == SLOTS

    stored = {a.pk: a for a in PlacementApplication.objects.filter(offer=offer)}
    assert {pk for pk, a in stored.items() if a.status == ApplicationStatus.ACCEPTED} == winners
    waiting = list(offer.applications.waiting_list())
    assert len(waiting) == TEACHERS - SLOTS
    assert {a.pk for a in waiting} == set(stored) - winners
    # The waiting list keeps the order in which the schools approved.
    approved_at = [a.school_decided_at for a in waiting]
    assert approved_at == sorted(approved_at)
    assert all(a.waitlisted_at == a.school_decided_at for a in waiting)


def test_one_teacher_applying_twice_at_the_same_moment_gets_one_application(personas):
    offer = make_offer(personas.enterprise_admin, slots=SLOTS)
    outcomes = race(
        *(partial(services.apply_for_placement, offer, personas.teacher, "申请") for _ in range(8))
    )
    assert sum(isinstance(o, PlacementApplication) for o in outcomes) == 1
    refused = [o for o in outcomes if not isinstance(o, PlacementApplication)]
    assert all(isinstance(o, InvalidInput) for o in refused), refused
    assert PlacementApplication.objects.filter(offer=offer).count() == 1


def test_two_enterprises_racing_for_one_teacher_on_overlapping_dates_get_one_placement(personas):
    other = make_unit("并发测试企业", UnitKind.ENTERPRISE)
    other_admin = make_user("other_admin", Role.UNIT_ADMIN, other)
    first = make_offer(personas.enterprise_admin, starts_in=30, length=20)
    second = make_offer(other_admin, starts_in=40, length=20, title="重叠岗位")
    applications = [
        services.approve_application(
            services.apply_for_placement(o, personas.teacher, "申请"), personas.school_admin
        )
        for o in (first, second)
    ]
    outcomes = race(
        partial(services.accept_application, applications[0], personas.enterprise_admin),
        partial(services.accept_application, applications[1], other_admin),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["PlacementApplication", "WorkflowError"]
    held = PlacementApplication.objects.filter(teacher=personas.teacher, status=ApplicationStatus.ACCEPTED)
    assert held.count() == 1
