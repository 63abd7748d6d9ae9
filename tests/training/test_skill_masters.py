"""Skill masters: recorded by either unit or the group, never between two other units, with the
model's rules as clear refusals."""

from datetime import date

import pytest
from django.utils import translation

from members.choices import UnitKind, UnitStatus
from portal.core.workflow import InvalidInput
from tests.factories import make_unit
from tests.training.people_builders import make_skill_master, school_major
from training.models import SkillMaster
from training.services import people as services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are read in English; the catalogue translates them for people.
    with translation.override("en"):
        yield


def test_school_staff_records_an_expert_from_an_enterprise(personas):
    master = make_skill_master(personas.school_staff, personas.enterprise, personas.school)
    assert master.pk and master.history.count() == 1
    assert set(SkillMaster.objects.for_unit(personas.enterprise)) == {master}
    assert set(SkillMaster.objects.for_unit(personas.school)) == {master}


def test_enterprise_admin_records_its_expert_at_a_school(personas):
    master = make_skill_master(personas.enterprise_admin, personas.enterprise, personas.other_school)
    assert master.school == personas.other_school


def test_a_unit_cannot_record_an_expert_between_two_other_units(personas):
    with pytest.raises(InvalidInput, match="Your own unit"):
        make_skill_master(personas.outsider, personas.enterprise, personas.school)
    assert not SkillMaster.objects.exists()


def test_the_secretariat_records_between_any_enterprise_and_school(personas):
    assert make_skill_master(personas.secretariat, personas.enterprise, personas.school).pk


def test_the_enterprise_must_be_an_enterprise_and_the_school_a_school(personas):
    with pytest.raises(InvalidInput) as refused:
        make_skill_master(personas.secretariat, personas.other_school, personas.school)
    assert "enterprise" in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        make_skill_master(personas.secretariat, personas.enterprise, make_unit(kind=UnitKind.ENTERPRISE))
    assert "school" in refused.value.errors


def test_a_suspended_unit_gets_no_new_records(personas):
    personas.enterprise.status = UnitStatus.SUSPENDED
    personas.enterprise.save()
    with pytest.raises(InvalidInput, match="not an active member"):
        make_skill_master(personas.school_admin, personas.enterprise, personas.school)


def test_the_period_ends_after_it_starts_and_hours_are_positive(personas):
    with pytest.raises(InvalidInput) as refused:
        make_skill_master(
            personas.school_admin,
            personas.enterprise,
            personas.school,
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 4, 1),
            hours=0,
        )
    assert {"ends_on", "hours"} <= set(refused.value.errors)
    assert not SkillMaster.objects.exists()


def test_the_major_is_one_of_the_schools_own(personas):
    with pytest.raises(InvalidInput) as refused:
        make_skill_master(
            personas.school_admin,
            personas.enterprise,
            personas.school,
            major=school_major(personas.other_school),
        )
    assert "major" in refused.value.errors


def test_update_keeps_the_editor_a_party(personas):
    master = make_skill_master(
        personas.school_admin, personas.enterprise, personas.school, major=school_major(personas.school)
    )
    master.hours = 64
    services.update_skill_master(master, personas.enterprise_staff)
    master.refresh_from_db()
    assert master.hours == 64 and master.history.count() == 2
    master.school = personas.other_school
    master.major = None
    with pytest.raises(InvalidInput, match="Your own unit"):
        services.update_skill_master(master, personas.school_admin)


def test_active_in_a_year_spans_the_period(personas):
    master = make_skill_master(
        personas.school_admin,
        personas.enterprise,
        personas.school,
        starts_on=date(2024, 9, 1),
        ends_on=date(2026, 1, 31),
    )
    assert [
        y for y in (2023, 2024, 2025, 2026, 2027) if SkillMaster.objects.active_in(y).filter(pk=master.pk)
    ] == [
        2024,
        2025,
        2026,
    ]


def test_skill_masters_and_hours_per_unit(personas):
    make_skill_master(personas.school_admin, personas.enterprise, personas.school, hours=40)
    make_skill_master(personas.school_admin, personas.enterprise, personas.school, name="李华", hours=24)
    make_skill_master(personas.secretariat, personas.enterprise, personas.other_school, hours=16)
    per_school = {
        row["school"]: (row["masters"], row["hours"]) for row in SkillMaster.objects.per_unit("school")
    }
    assert per_school == {personas.school.pk: (2, 64), personas.other_school.pk: (1, 16)}
    assert list(SkillMaster.objects.per_unit("enterprise")) == [
        {"enterprise": personas.enterprise.pk, "masters": 3, "hours": 80}
    ]
