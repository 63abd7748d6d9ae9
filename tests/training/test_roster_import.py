"""Roster files: CSV as Excel writes it (UTF-8 with or without BOM, GB18030 on Chinese Windows) and
XLSX, headers in Chinese or English; all or nothing, with every bad row listed."""

from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from portal.core.workflow import InvalidInput, WorkflowError
from tests.concurrency import race
from tests.training.people_builders import csv_file, make_order_class, xlsx_file
from training.choices import StudentOutcome
from training.models import OrderClassStudent
from training.services import people as services
from training.services.people import ROSTER_MAX_ROWS, RosterError, RowProblem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are read in English; the catalogue translates them for people.
    with translation.override("en"):
        yield


Outcome = StudentOutcome

GOOD = [
    ("2025010101", "张伟", "", ""),
    ("2025010102", "王芳", "在读", ""),
    ("2025010103", "李娜", "退出", ""),
]
# Row 1 is the header. Row 3 is blank (skipped), row 4 misses its name, row 5 repeats row 2's
# number, row 6 is already on the roster, row 7 has an outcome no one knows, row 8 is hired before
# the class graduated, row 9 is good but for its padding, which is trimmed.
BAD = [
    ("2025020101", "赵磊", "", ""),
    ("", "", "", ""),
    ("2025020102", "", "", ""),
    ("2025020101", "钱琳", "", ""),
    ("ON-ROSTER", "孙浩", "", ""),
    ("2025020105", "周洁", "去向不明", ""),
    ("2025020106", "吴迪", "订单企业录用", ""),
    ("  2025020107 ", " 郑爽  ", "", ""),
]
BAD_PROBLEMS = [
    RowProblem(4, "The name is missing."),
    RowProblem(5, "Student number 2025020101 is already on row 2."),
    RowProblem(6, "Student number ON-ROSTER is already on the roster."),
    RowProblem(
        7,
        "Unknown outcome “去向不明”; use one of: In training, Graduated, Hired by the ordering enterprise, "
        "Hired elsewhere, Left the class.",
    ),
    RowProblem(8, "Until the class graduates a student is either in training or has left."),
]


@pytest.fixture
def order_class(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "training")
    services.add_student(order_class, personas.school_staff, "ON-ROSTER", "孙浩")
    return order_class


def roster(order_class):
    return list(
        order_class.students.order_by("student_number").values_list("student_number", "name", "outcome")
    )


def expected_good():
    return [
        ("2025010101", "张伟", Outcome.IN_TRAINING),
        ("2025010102", "王芳", Outcome.IN_TRAINING),
        ("2025010103", "李娜", Outcome.LEFT),
        ("ON-ROSTER", "孙浩", Outcome.IN_TRAINING),
    ]


@pytest.mark.parametrize(
    "upload",
    [
        lambda: csv_file(GOOD, encoding="gb18030"),
        lambda: csv_file(GOOD, encoding="utf-8-sig"),
        lambda: csv_file(GOOD, encoding="utf-8"),
        lambda: xlsx_file(GOOD),
    ],
    ids=["gb18030", "utf-8-bom", "utf-8", "xlsx"],
)
def test_a_good_file_adds_every_student(personas, order_class, upload):
    added = services.import_roster(order_class, upload(), personas.school_staff)
    assert len(added) == 3
    assert roster(order_class) == expected_good()
    assert (
        order_class.students.get(student_number="2025010101").history.first().history_user
        == personas.school_staff
    )


def test_english_headers_in_any_order_and_numbers_typed_as_numbers(personas, order_class):
    upload = xlsx_file([("Li Ming", 2025030101, "in training")], header=["Name", "Student number", "Outcome"])
    services.import_roster(order_class, upload, personas.school_staff)
    assert order_class.students.filter(student_number="2025030101", name="Li Ming").exists()


@pytest.mark.parametrize(
    "upload",
    [
        lambda: csv_file(BAD, encoding="gb18030"),
        lambda: csv_file(BAD, encoding="utf-8-sig"),
        lambda: xlsx_file(BAD),
    ],
    ids=["gb18030", "utf-8-bom", "xlsx"],
)
def test_a_file_with_bad_rows_lists_each_and_saves_nothing(personas, order_class, upload):
    before = roster(order_class)
    with pytest.raises(RosterError) as refused:
        services.import_roster(order_class, upload(), personas.school_staff)
    assert refused.value.problems == BAD_PROBLEMS
    assert isinstance(refused.value, InvalidInput)
    assert refused.value.errors["file"][1] == "Row 4: The name is missing."
    assert roster(order_class) == before


def test_padding_is_trimmed_and_blank_rows_skipped(personas, order_class):
    services.import_roster(
        order_class, csv_file(BAD[7:8] + [("", "", "", "")] + BAD[:1]), personas.school_staff
    )
    assert ("2025020107", "郑爽", Outcome.IN_TRAINING) in roster(order_class)
    assert order_class.students.count() == 3


def test_a_graduated_class_takes_outcomes_and_employers(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "graduated")
    rows = [
        ("1", "甲", "订单企业录用", ""),
        ("2", "乙", "其他单位就业", "苏州某科技公司"),
        ("3", "丙", "", ""),
        ("4", "丁", "hired_by_sponsor", ""),
        ("5", "戊", "在读", ""),
    ]
    with pytest.raises(RosterError) as refused:
        services.import_roster(order_class, xlsx_file(rows), personas.school_staff)
    assert refused.value.problems == [
        RowProblem(6, "The class has graduated: a student is no longer in training.")
    ]
    services.import_roster(order_class, xlsx_file(rows[:4]), personas.school_staff)
    got = dict(order_class.students.values_list("student_number", "outcome"))
    assert got == {
        "1": Outcome.HIRED_BY_SPONSOR,
        "2": Outcome.HIRED_ELSEWHERE,
        "3": Outcome.GRADUATED,
        "4": Outcome.HIRED_BY_SPONSOR,
    }
    assert order_class.students.get(student_number="2").employer == "苏州某科技公司"


def test_a_header_without_the_needed_columns_is_refused(personas, order_class):
    with pytest.raises(RosterError) as refused:
        services.import_roster(order_class, csv_file(GOOD, header=["编号", "姓名"]), personas.school_staff)
    assert refused.value.problems[0].row == 1
    assert "student number" in refused.value.problems[0].message


def test_numbers_excel_shortened_are_caught(personas, order_class):
    with pytest.raises(RosterError) as refused:
        services.import_roster(
            order_class, csv_file([("2.02501E+09", "张伟", "", "")]), personas.school_staff
        )
    assert "shortened by Excel" in refused.value.problems[0].message


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: csv_file([]), "no rows below it"),
        (lambda: SimpleUploadedFile("empty.csv", b""), "empty"),
        (lambda: csv_file([(f"N{i}", "学生", "", "") for i in range(ROSTER_MAX_ROWS + 1)]), "at most 300"),
        (lambda: SimpleUploadedFile("big.csv", b"a" * (1024 * 1024 + 1)), "may be at most 1.0"),
        (
            lambda: SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
            "old Excel",
        ),
        (lambda: SimpleUploadedFile("fake.xlsx", b"PK\x03\x04 not really a workbook"), "cannot be read"),
        (lambda: SimpleUploadedFile("scan.pdf", b"%PDF-1.4\x00\xff\xfe\x00"), "neither an XLSX"),
    ],
    ids=["no rows", "empty", "too many rows", "too large", "xls", "broken xlsx", "binary"],
)
def test_files_that_are_not_rosters_get_a_clear_message(personas, order_class, upload, message):
    with pytest.raises(InvalidInput, match=message):
        services.import_roster(order_class, upload(), personas.school_staff)
    assert order_class.students.count() == 1


def test_a_planned_class_takes_no_roster(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school)
    with pytest.raises(WorkflowError, match="Open enrolment"):
        services.import_roster(order_class, csv_file(GOOD), personas.school_staff)
    assert not order_class.students.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_roster_uploaded_at_once_is_added_once_whole(personas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling")
    rows = [(f"2025{i:04d}", f"学生{i}", "", "") for i in range(40)]
    uploads = [
        partial(services.import_roster, order_class, csv_file(rows), personas.school_staff) for _ in range(6)
    ]
    typed = [
        partial(services.add_student, order_class, personas.school_admin, "20250007", "手工录入")
        for _ in range(4)
    ]
    outcomes = race(*uploads, *typed)
    added = [o for o in outcomes if isinstance(o, list)]
    students = [o for o in outcomes if isinstance(o, OrderClassStudent)]
    assert all(isinstance(o, list | OrderClassStudent | InvalidInput) for o in outcomes), outcomes
    # Either one upload took the whole file and every typed entry was refused, or one typed entry
    # came first and every upload was refused for that row, with the other typed entries.
    assert len(added) + len(students) == 1
    expected = 40 if added else 1
    assert order_class.students.count() == expected
    assert order_class.students.filter(student_number="20250007").count() == 1
