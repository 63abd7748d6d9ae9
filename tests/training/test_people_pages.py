"""The pages of skill masters and order classes: lists with their filters and fixed query counts,
the class's page with its roster, steps, uploads and outcomes, and both units' pages listing them."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.choices import UnitKind
from members.models import User
from portal.core.roles import Role
from tests.factories import make_unit
from tests.training.people_builders import (
    csv_file,
    make_order_class,
    make_skill_master,
    school_major,
    xlsx_file,
)
from training.choices import OrderClassStatus, StudentOutcome
from training.models import OrderClass, OrderClassStudent, SkillMaster
from training.services import people as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    # The pages answer in the person's language; these tests read the English messages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def add_masters(personas, n):
    for i in range(n):
        enterprise = make_unit(kind=UnitKind.ENTERPRISE)
        make_skill_master(personas.secretariat, enterprise, personas.school, name=f"导师{i}")


def add_classes(personas, n):
    for i in range(n):
        enterprise = make_unit(kind=UnitKind.ENTERPRISE)
        make_order_class(
            personas.secretariat, enterprise, personas.school, "enrolling", students=2, name=f"订单班{i}"
        )


CASES = [
    # session, user, count, bell, enterprises, schools and major categories for the filter form,
    # page with enterprise, school and major
    ("training:master_list", "secretariat", add_masters, 8),
    # the same and the person's own unit for the menu
    ("training:master_list", "school_admin", add_masters, 9),
    ("training:master_list", "teacher", add_masters, 9),
    # session, user, count, bell, enterprises, schools, categories, page with its units, major,
    # category and agreement and the roster counted
    ("training:order_class_list", "secretariat", add_classes, 8),
    ("training:order_class_list", "school_staff", add_classes, 9),
]


@pytest.mark.parametrize(
    ("name", "role", "add_rows", "expected"), CASES, ids=[f"{c[0]} as {c[1]}" for c in CASES]
)
def test_list_runs_a_fixed_number_of_queries(client, personas, name, role, add_rows, expected):
    client.force_login(getattr(personas, role))
    for rows, total in ((3, 3), (27, 30)):
        add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name) + "?per_page=100")
        assert response.status_code == 200
        assert len(response.context["table"].page.object_list) == total
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)


def test_master_list_filters(client, personas):
    make_skill_master(
        personas.secretariat, personas.enterprise, personas.school, name="王建国", course="数控编程"
    )
    make_skill_master(
        personas.secretariat,
        personas.enterprise,
        personas.other_school,
        name="刘强",
        starts_on=date(2023, 3, 1),
        ends_on=date(2023, 6, 30),
    )
    client.force_login(personas.secretariat)
    url = reverse("training:master_list")

    def names(query):
        return {m.name for m in client.get(url, query).context["table"].data}

    assert names({"school": personas.school.pk}) == {"王建国"}
    assert names({"enterprise": personas.enterprise.pk}) == {"王建国", "刘强"}
    assert names({"year": 2023}) == {"刘强"}
    assert names({"q": "数控编程"}) == {"王建国"}
    assert client.get(url, {"year": "not a year"}).status_code == 200


def test_a_teacher_sees_their_schools_skill_masters_only(client, personas):
    make_skill_master(personas.secretariat, personas.enterprise, personas.school, name="本校导师")
    make_skill_master(personas.secretariat, personas.enterprise, personas.other_school, name="外校导师")
    client.force_login(personas.teacher)
    response = client.get(reverse("training:master_list"))
    assert [m.name for m in response.context["table"].data] == ["本校导师"]
    other = SkillMaster.objects.get(name="外校导师")
    assert client.get(other.get_absolute_url()).status_code == 404


def test_order_class_list_filters_and_shows_enrolment_and_rate(client, personas):
    graduated = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "graduated", students=4, name="毕业班"
    )
    for student in graduated.students.all()[:3]:
        services.record_outcome(student, StudentOutcome.HIRED_BY_SPONSOR, personas.school_admin)
    make_order_class(
        personas.school_admin,
        personas.enterprise,
        personas.school,
        "enrolling",
        cohort_year=2026,
        name="新班",
    )
    client.force_login(personas.school_admin)
    url = reverse("training:order_class_list")
    response = client.get(url)
    content = response.content.decode()
    assert "4 / 30" in content and "75%" in content
    assert {c.name for c in client.get(url, {"status": "graduated"}).context["table"].data} == {"毕业班"}
    assert {c.name for c in client.get(url, {"cohort_year": 2026}).context["table"].data} == {"新班"}
    assert {c.name for c in client.get(url, {"major_category": "46"}).context["table"].data} == {
        "毕业班",
        "新班",
    }
    assert {c.name for c in client.get(url, {"q": "毕业"}).context["table"].data} == {"毕业班"}


def test_detail_shows_roster_progress_outcomes_and_only_the_allowed_step(client, personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "training", students=3
    )
    url = order_class.get_absolute_url()
    client.force_login(personas.school_admin)
    response = client.get(url)
    content = response.content.decode()
    assert content.count('data-testid="student"') == 3
    assert 'data-testid="enrolment">3 / 30' in content
    assert 'max="30" value="3"' in content
    assert [s.name for s in response.context["steps"]] == ["graduate"]
    assert reverse("training:order_class_step", args=[order_class.pk, "graduate"]) in content
    assert response.context["student_form"] is not None and response.context["upload_form"] is not None
    # Staff keep the roster but do not move the status; the enterprise only looks.
    client.force_login(personas.school_staff)
    response = client.get(url)
    assert response.context["steps"] == [] and response.context["upload_form"] is not None
    client.force_login(personas.enterprise_admin)
    response = client.get(url)
    assert response.context["steps"] == [] and response.context["student_form"] is None
    assert 'data-testid="step"' not in response.content.decode()


def test_steps_through_the_page_and_a_second_click_is_refused(client, personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school)
    client.force_login(personas.school_admin)
    step_url = reverse("training:order_class_step", args=[order_class.pk, "open_enrolment"])
    assert client.get(step_url).status_code == 200
    response = client.post(step_url)
    assert response.status_code == 302
    order_class.refresh_from_db()
    assert order_class.status == OrderClassStatus.ENROLLING
    again = client.post(step_url)
    assert again.status_code == 200 and "cannot be done while the status" in again.content.decode()
    assert client.get(reverse("training:order_class_step", args=[order_class.pk, "jump"])).status_code == 404


def test_enterprise_admin_registers_a_class_for_its_own_unit(client, personas):
    major = school_major(personas.school)
    client.force_login(personas.enterprise_admin)
    url = reverse("training:order_class_add")
    form = client.get(url).context["form"]
    assert form.fields["enterprise"].disabled
    data = {
        "name": "精工数控订单班",
        "enterprise": make_unit(kind=UnitKind.ENTERPRISE).pk,  # tampered: the fixed field keeps its own unit
        "school": personas.school.pk,
        "major": major.pk,
        "cohort_year": 2026,
        "planned_size": 30,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    order_class = OrderClass.objects.get()
    assert order_class.enterprise == personas.enterprise and order_class.status == OrderClassStatus.PLANNED


def test_bad_input_on_the_class_form_is_shown_next_to_the_field(client, personas):
    client.force_login(personas.school_admin)
    data = {
        "name": "班",
        "enterprise": personas.enterprise.pk,
        "major": school_major(personas.other_school).pk,
        "cohort_year": 2026,
        "planned_size": 0,
    }
    response = client.post(reverse("training:order_class_add"), data)
    assert response.status_code == 200
    assert {"major", "planned_size"} <= set(response.context["form"].errors)
    assert not OrderClass.objects.exists()


def test_school_staff_records_a_skill_master_for_their_school(client, personas):
    client.force_login(personas.school_staff)
    data = {
        "name": "陈师傅",
        "enterprise": personas.enterprise.pk,
        "school": personas.other_school.pk,  # tampered: their own school stays
        "course": "PLC 编程",
        "starts_on": "2026-03-01",
        "ends_on": "2026-06-30",
        "hours": 32,
    }
    response = client.post(reverse("training:master_add"), data)
    assert response.status_code == 302
    master = SkillMaster.objects.get()
    assert master.school == personas.school
    response = client.post(reverse("training:master_edit", args=[master.pk]), {**data, "hours": 0})
    assert response.status_code == 200 and "hours" in response.context["form"].errors


def test_an_association_cannot_open_the_add_pages(client, personas):
    association = make_unit(kind=UnitKind.INDUSTRY_ASSOCIATION)
    admin = User.objects.create_user("assoc", role=Role.UNIT_ADMIN, unit=association)
    client.force_login(admin)
    assert client.get(reverse("training:master_add")).status_code == 403
    assert client.get(reverse("training:order_class_add")).status_code == 403


def test_add_and_edit_students_on_the_page(client, personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling")
    client.force_login(personas.school_staff)
    add = reverse("training:student_add", args=[order_class.pk])
    assert (
        client.post(add, {"student_number": "2025001", "name": "李明", "outcome": "in_training"}).status_code
        == 302
    )
    response = client.post(add, {"student_number": "2025001", "name": "李敏", "outcome": "in_training"})
    assert response.status_code == 200 and "student_number" in response.context["form"].errors
    response = client.post(add, {"student_number": "2025002", "name": "王强", "outcome": "hired_by_sponsor"})
    assert response.status_code == 200 and "outcome" in response.context["form"].errors
    student = order_class.students.get()
    services.advance_order_class(order_class, "start_training", personas.school_admin)
    services.advance_order_class(order_class, "graduate", personas.school_admin)
    edit = reverse("training:student_edit", args=[student.pk])
    response = client.post(
        edit,
        {"student_number": "2025001", "name": "李明", "outcome": "hired_elsewhere", "employer": "某公司"},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.outcome, student.employer) == (StudentOutcome.HIRED_ELSEWHERE, "某公司")


def test_remove_a_student_entered_by_mistake(client, personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "enrolling", students=1
    )
    client.force_login(personas.school_staff)
    response = client.post(reverse("training:student_remove", args=[order_class.students.get().pk]))
    assert response.status_code == 302 and not order_class.students.exists()


def test_roster_upload_lists_the_problems_and_saves_nothing(client, personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling")
    client.force_login(personas.school_staff)
    url = reverse("training:order_class_roster", args=[order_class.pk])
    page = client.get(url).content.decode()
    assert "at most 300 students and 1.0\xa0MB" in page
    bad = csv_file([("1", "张伟", "", ""), ("1", "", "", "")], encoding="gb18030")
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-testid="problem"') == 2
    assert "Student number 1 is already on row 2." in content and "The name is missing." in content
    assert not OrderClassStudent.objects.exists()
    response = client.post(url, {"file": xlsx_file([("1", "张伟", "", ""), ("2", "王芳", "", "")])})
    assert response.status_code == 302
    assert order_class.students.count() == 2


def test_both_units_pages_list_their_skill_masters_and_order_classes(client, personas):
    make_skill_master(personas.secretariat, personas.enterprise, personas.school, name="王建国")
    make_skill_master(personas.secretariat, personas.enterprise, personas.other_school, name="外校导师")
    make_order_class(
        personas.secretariat, personas.enterprise, personas.school, "enrolling", students=2, name="数控订单班"
    )
    for user, unit in (
        (personas.school_admin, personas.school),
        (personas.enterprise_admin, personas.enterprise),
    ):
        client.force_login(user)
        content = client.get(unit.get_absolute_url()).content.decode()
        assert "王建国" in content and "数控订单班" in content and "2 of 30 enrolled" in content
    # The enterprise's page shows its experts at every school; the school's only its own.
    assert "外校导师" in content
    client.force_login(personas.school_admin)
    assert "外校导师" not in client.get(personas.school.get_absolute_url()).content.decode()
    # A teacher sees their school's skill masters, not its order classes.
    client.force_login(personas.teacher)
    content = client.get(personas.school.get_absolute_url()).content.decode()
    assert 'data-testid="unit-skill-master"' in content and 'id="order-classes"' not in content


def test_the_unit_page_runs_a_fixed_number_of_queries_for_its_training_lists(client, personas):
    client.force_login(personas.secretariat)
    counts = []
    for rows in (2, 8):
        for i in range(rows - (counts and 2 or 0)):
            make_skill_master(
                personas.secretariat, personas.enterprise, personas.school, name=f"导师{rows}{i}"
            )
            make_order_class(
                personas.secretariat,
                personas.enterprise,
                personas.school,
                "enrolling",
                students=1,
                name=f"班{rows}{i}",
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(personas.school.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_admin_reads_skill_masters_and_order_classes_with_their_roster(client, personas):
    master = make_skill_master(personas.secretariat, personas.enterprise, personas.school)
    order_class = make_order_class(personas.secretariat, personas.enterprise, personas.school, "enrolling", 2)
    client.force_login(personas.secretariat)
    for name, args in (
        ("admin:training_skillmaster_changelist", []),
        ("admin:training_skillmaster_change", [master.pk]),
        ("admin:training_orderclass_changelist", []),
        ("admin:training_orderclass_change", [order_class.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert order_class.students.first().student_number in response.content.decode()
    assert client.get(reverse("admin:training_orderclass_add")).status_code == 403
