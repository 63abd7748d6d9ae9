"""``manage.py load_demo``: the group a newcomer sees must be complete, valid and loadable twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from members.choices import SCHOOL_KINDS, ApplicationStatus, CouncilRole, UnitKind, UnitStatus
from members.models import (
    Committee,
    Major,
    MembershipApplication,
    MemberUnit,
    User,
    major_level_and_category,
)
from members.validators import validate_credit_code
from portal.core.roles import Role
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "secretariat": Role.SECRETARIAT,
    "supervisor": Role.SUPERVISOR,
    "school_admin": Role.UNIT_ADMIN,
    "school_staff": Role.UNIT_STAFF,
    "teacher": Role.TEACHER,
    "enterprise_admin": Role.UNIT_ADMIN,
    "enterprise_staff": Role.UNIT_STAFF,
}


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (MemberUnit, User, Major, Committee, MembershipApplication)
    return {model.__name__: model.objects.count() for model in models}


# Each load takes a second or two, so each test checks one broad promise of the demo.


def test_register_is_valid_and_covers_every_kind_role_and_status():
    load_demo()
    units = list(MemberUnit.objects.all())
    assert len(units) >= 40
    assert {unit.kind for unit in units} == set(UnitKind.values)
    assert {unit.council_role for unit in units} == set(CouncilRole.values)
    assert {unit.status for unit in units} == set(UnitStatus.values)
    for unit in units:
        validate_credit_code(unit.credit_code)
        unit.full_clean()
        assert unit.left_on or unit.status != UnitStatus.WITHDRAWN, unit
    assert len({unit.credit_code for unit in units}) == len(units)
    leading = MemberUnit.objects.get(is_leading_school=True)
    assert leading.kind in SCHOOL_KINDS
    assert leading.council_role == CouncilRole.CHAIR


def test_schools_have_majors_committees_have_members_and_the_queue_is_not_empty():
    load_demo()
    majors = Major.objects.select_related("unit", "category")
    assert majors.count() >= 40
    for major in majors:
        level, category = major_level_and_category(major.code)
        assert (major.level, major.category.code) == (level, category), major
        assert major.unit.kind in SCHOOL_KINDS
    committees = Committee.objects.with_list_related()
    assert len(committees) >= 2
    assert all(committee.member_count >= 3 for committee in committees)
    applications = MembershipApplication.objects.all()
    assert applications.pending().count() >= 3
    assert all(a.rejection_reason for a in applications.filter(status=ApplicationStatus.REJECTED))


def test_demo_logins_have_their_role_and_password_and_are_printed():
    output = load_demo()
    for username, role in DEMO_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password("demo-pass-2026")
        assert username in output
    assert "demo-pass-2026" in output
    assert User.objects.get(username="supervisor").is_staff
    assert not User.objects.get(username="teacher").is_staff
    # Lists look populated: people in every role beyond the demo logins.
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(role=Role.TEACHER).count() >= 20


def test_running_twice_creates_nothing_more_and_prints_the_logins_again():
    load_demo()
    before = counts()
    output = load_demo()
    assert counts() == before
    assert all(username in output for username in DEMO_LOGINS)


def test_a_register_with_other_units_is_left_alone():
    make_unit("无锡职业技术学院")
    output = load_demo()
    assert MemberUnit.objects.count() == 1
    assert not User.objects.filter(username="secretariat").exists()
    assert "secretariat" not in output
