"""The API of skill masters, order classes and rosters: the pages' filters, rules and services,
fixed query counts, and roster uploads answered with the problems of every row."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.choices import UnitKind
from tests.factories import make_unit
from tests.training.people_builders import (
    csv_file,
    make_order_class,
    make_skill_master,
    school_major,
    xlsx_file,
)
from training.choices import OrderClassStatus, StudentOutcome
from training.models import OrderClass, SkillMaster
from training.services import people as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def add_masters(personas, n):
    major = school_major(personas.school)
    for _ in range(n):
        make_skill_master(
            personas.secretariat, make_unit(kind=UnitKind.ENTERPRISE), personas.school, major=major
        )


def add_classes(personas, n):
    for _ in range(n):
        make_order_class(
            personas.secretariat, make_unit(kind=UnitKind.ENTERPRISE), personas.school, "enrolling", 2
        )


def add_students(personas, n):
    order_class = make_order_class(personas.secretariat, personas.enterprise, personas.school, "enrolling")
    for _ in range(n):
        services.add_student(order_class, personas.secretariat, f"N{OrderClass.objects.count()}-{_}", "学生")


CASES = [
    # session, user, count, page with enterprise, school and major
    ("/api/skill-masters/?page_size=100", "secretariat", add_masters, 4),
    # session, user, the school and the category the filters name, count, page
    (
        "/api/skill-masters/?page_size=100&school={school}&major_category=46&year=2026",
        "teacher",
        add_masters,
        6,
    ),
    # session, user, count, page with its units, major, category, agreement and roster counts
    ("/api/order-classes/?page_size=100", "secretariat", add_classes, 4),
    # session, user, the school the filter names, count, page
    ("/api/order-classes/?page_size=100&status=enrolling&school={school}", "school_admin", add_classes, 5),
    # session, user, count, page with its class
    ("/api/order-class-students/?page_size=100", "school_staff", add_students, 4),
]


@pytest.mark.parametrize(
    ("url", "role", "add_rows", "expected"), CASES, ids=[f"{c[0]} as {c[1]}" for c in CASES]
)
def test_api_list_runs_a_fixed_number_of_queries(client, personas, url, role, add_rows, expected):
    client.force_login(getattr(personas, role))
    url = url.format(school=personas.school.pk)
    for rows, total in ((3, 3), (27, 30)):
        add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] == total
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)


def test_school_admin_records_a_skill_master_and_cannot_record_between_others(client, personas):
    client.force_login(personas.school_admin)
    data = {
        "name": "陈师傅",
        "enterprise": personas.enterprise.pk,
        "school": personas.school.pk,
        "course": "PLC 编程",
        "major": school_major(personas.school).pk,
        "starts_on": "2026-03-01",
        "ends_on": "2026-06-30",
        "hours": 32,
    }
    response = client.post("/api/skill-masters/", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["school_name"] == personas.school.name_zh
    response = client.post(
        "/api/skill-masters/",
        {**data, "school": personas.other_school.pk, "major": None},
        content_type="application/json",
    )
    assert response.status_code == 400 and "Your own unit" in str(response.json())
    response = client.post(
        "/api/skill-masters/", {**data, "ends_on": "2026-01-01"}, content_type="application/json"
    )
    assert response.status_code == 400 and "ends_on" in response.json()
    master = SkillMaster.objects.get()
    response = client.patch(
        f"/api/skill-masters/{master.pk}/", {"hours": 40}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["hours"] == 40


def test_order_class_lifecycle_through_the_api(client, personas):
    client.force_login(personas.enterprise_admin)
    data = {
        "name": "精工数控订单班",
        "enterprise": personas.enterprise.pk,
        "school": personas.school.pk,
        "major": school_major(personas.school).pk,
        "cohort_year": 2025,
        "planned_size": 4,
    }
    response = client.post("/api/order-classes/", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "planned" and body["enrolled"] == 0 and body["sponsor_hire_rate"] is None
    pk = body["id"]
    # The enterprise ordered it; the school runs it (for the enterprise there is no such step).
    response = client.post(
        f"/api/order-classes/{pk}/advance/", {"step": "open_enrolment"}, content_type="application/json"
    )
    assert response.status_code == 404
    client.force_login(personas.school_admin)
    advance = f"/api/order-classes/{pk}/advance/"
    assert client.post(advance, {"step": "graduate"}, content_type="application/json").status_code == 409
    assert client.post(advance, {"step": "fly"}, content_type="application/json").status_code == 400
    response = client.post(advance, {"step": "open_enrolment"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "enrolling"
    upload = csv_file(
        [("1", "甲", "", ""), ("2", "乙", "", ""), ("3", "丙", "", ""), ("4", "丁", "退出", "")]
    )
    response = client.post(f"/api/order-classes/{pk}/roster/", {"file": upload})
    assert response.status_code == 201 and len(response.json()) == 4
    client.post(advance, {"step": "start_training"}, content_type="application/json")
    response = client.post(advance, {"step": "graduate"}, content_type="application/json")
    assert response.json()["graduates"] == 3 and response.json()["enrolled"] == 3
    students = {s.student_number: s for s in OrderClass.objects.get(pk=pk).students.all()}
    for number in ("1", "2"):
        response = client.patch(
            f"/api/order-class-students/{students[number].pk}/",
            {"outcome": "hired_by_sponsor"},
            content_type="application/json",
        )
        assert response.status_code == 200
    body = client.get(f"/api/order-classes/{pk}/").json()
    assert body["hired_by_sponsor"] == 2 and body["sponsor_hire_rate"] == pytest.approx(2 / 3)


def test_roster_upload_with_bad_rows_is_a_400_listing_each_row(client, personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling")
    client.force_login(personas.school_staff)
    upload = xlsx_file(
        [("1", "甲", "", ""), ("1", "乙", "", ""), ("", "丙", "", ""), ("4", "丁", "订单企业录用", "")]
    )
    response = client.post(f"/api/order-classes/{order_class.pk}/roster/", {"file": upload})
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"row": 3, "message": "Student number 1 is already on row 2."},
        {"row": 4, "message": "The student number is missing."},
        {"row": 5, "message": "Until the class graduates a student is either in training or has left."},
    ]
    assert not order_class.students.exists()
    response = client.post(
        f"/api/order-classes/{order_class.pk}/roster/", {"file": csv_file([("1",)], header=["x"])}
    )
    assert response.status_code == 400 and response.json()["problems"][0]["row"] == 1


def test_students_through_the_api(client, personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling")
    other = make_order_class(
        personas.outsider, personas.enterprise, personas.other_school, "enrolling", name="外校班"
    )
    client.force_login(personas.school_staff)
    url = "/api/order-class-students/"
    data = {"order_class": order_class.pk, "student_number": "2025001", "name": "李明"}
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == 201 and response.json()["outcome"] == StudentOutcome.IN_TRAINING
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == 400 and "student_number" in response.json()
    response = client.post(
        url, {**data, "student_number": "2", "outcome": "graduated"}, content_type="application/json"
    )
    assert response.status_code == 400 and "outcome" in response.json()
    response = client.post(url, {**data, "order_class": other.pk}, content_type="application/json")
    assert response.status_code == 400 and "order_class" in response.json()
    student = order_class.students.get()
    assert client.delete(f"{url}{student.pk}/").status_code == 204
    assert not order_class.students.exists()
    # Another unit's student does not exist for this school.
    stranger = services.add_student(other, personas.outsider, "X", "外校学生")
    assert client.get(f"{url}{stranger.pk}/").status_code == 404


def test_the_enterprise_reads_its_classes_but_does_not_keep_the_roster(client, personas):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "training", students=2
    )
    client.force_login(personas.enterprise_staff)
    assert client.get("/api/order-classes/").json()["count"] == 1
    assert client.get("/api/order-class-students/").json()["count"] == 2
    student = order_class.students.first()
    response = client.patch(
        f"/api/order-class-students/{student.pk}/", {"outcome": "left"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert OrderClass.objects.get().status == OrderClassStatus.TRAINING


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 401),
        ("teacher", 403),
        ("school_staff", 204),
        ("school_admin", 204),
        ("outsider", 404),
        ("supervisor", 403),
        ("secretariat", 204),
        ("enterprise_admin", 404),  # the enterprise reads the roster; the school keeps it
    ],
)
def test_who_may_remove_a_student(client, personas, role, expected):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "enrolling", 1
    )
    if role:
        client.force_login(getattr(personas, role))
    response = client.delete(f"/api/order-class-students/{order_class.students.get().pk}/")
    assert response.status_code == expected
    assert order_class.students.exists() == (expected != 204)
