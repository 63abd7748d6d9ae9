"""The order-class roster import: rows matched to the class's students by student number, each
previewed as new, changed (with what changes), unchanged or in error, then written with history."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from portal.core.imports import RowStatus, guess_mapping, records
from portal.core.spreadsheets import read_sheet
from portal.core.workflow import WorkflowError
from tests.training.people_builders import make_order_class
from training.choices import StudentOutcome
from training.imports import RosterImporter
from training.services import people as services
from training.services.people import RosterError

pytestmark = pytest.mark.django_db

Outcome = StudentOutcome
HEADER = ["学号", "姓名", "去向", "就业单位"]


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def csv_upload(rows, header=HEADER, encoding="utf-8-sig") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("roster.csv", buffer.getvalue().encode(encoding), content_type="text/csv")


def xlsx_upload(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


def check(order_class, upload):
    sheet = read_sheet(upload, max_bytes=10 * 1024 * 1024, max_rows=10_000)
    mapping = guess_mapping(RosterImporter, sheet.header, {})
    importer = RosterImporter({"order_class": order_class.pk})
    return importer.check(records(sheet, mapping), lambda done, total: None)


def by_row(results):
    return {result.row: result for result in results}


@pytest.fixture
def training_class(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "training")
    services.add_student(order_class, personas.school_staff, "2025010101", "张伟")
    services.add_student(order_class, personas.school_staff, "2025010102", "王芳")
    services.add_student(order_class, personas.school_staff, "2025010103", "李娜")
    return order_class


@pytest.fixture
def graduated_class(personas):
    order_class = make_order_class(personas.school_admin, personas.enterprise, personas.school, "graduated")
    return order_class


def test_rows_are_new_changed_or_unchanged_with_what_changes(training_class):
    results = check(
        training_class,
        csv_upload(
            [
                ("2025010101", "张伟", "", ""),  # on the roster, as it is
                ("2025010102", "王芳芳", "退出", ""),  # renamed and left
                ("2025010103", "李娜", "in training", ""),  # the outcome she has
                ("2025010104", "赵磊", "", ""),  # new: in training
                ("2025010105", "钱琳", "Left the class", ""),  # new, already left
            ]
        ),
    )
    assert [(r.row, r.status, r.key, r.label) for r in results] == [
        (2, RowStatus.UNCHANGED, "2025010101", "张伟"),
        (3, RowStatus.CHANGED, "2025010102", "王芳芳"),
        (4, RowStatus.UNCHANGED, "2025010103", "李娜"),
        (5, RowStatus.NEW, "2025010104", "赵磊"),
        (6, RowStatus.NEW, "2025010105", "钱琳"),
    ]
    assert results[1].changes == [("name", "王芳", "王芳芳"), ("outcome", "In training", "Left the class")]
    assert [(r.payload.outcome, r.errors) for r in results[3:]] == [
        (Outcome.IN_TRAINING, []),
        (Outcome.LEFT, []),
    ]
    assert training_class.students.get(student_number="2025010102").name == "王芳"  # checking writes nothing


def test_a_graduated_class_takes_outcomes_and_keeps_an_employer_until_the_outcome_changes(
    personas, graduated_class
):
    services.add_student(
        graduated_class,
        personas.school_staff,
        "G1",
        "甲",
        outcome=Outcome.HIRED_ELSEWHERE,
        employer="苏州某科技公司",
    )
    services.add_student(
        graduated_class,
        personas.school_staff,
        "G2",
        "乙",
        outcome=Outcome.HIRED_ELSEWHERE,
        employer="无锡某厂",
    )
    results = check(
        graduated_class,
        csv_upload(
            [
                ("G1", "甲", "", ""),  # blank outcome and employer: kept
                ("G2", "乙", "订单企业录用", ""),  # hired by the sponsor after all: the employer goes
                ("G3", "丙", "", ""),  # new in a graduated class: graduated
                ("G4", "丁", "其他单位就业", "常州某公司"),
                ("G5", "戊", "在读", ""),
            ]
        ),
    )
    g1, g2, g3, g4, g5 = results
    assert (g1.status, g1.payload.employer) == (RowStatus.UNCHANGED, "苏州某科技公司")
    assert g2.changes == [
        ("outcome", "Hired elsewhere", "Hired by the ordering enterprise"),
        ("employer", "无锡某厂", "—"),
    ]
    assert (g3.status, g3.payload.outcome) == (RowStatus.NEW, Outcome.GRADUATED)
    assert (g4.payload.outcome, g4.payload.employer) == (Outcome.HIRED_ELSEWHERE, "常州某公司")
    assert g5.errors == ["The class has graduated: a student is no longer in training."]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("", "赵磊", "", ""), "The student number is missing."),
        (("2025020101", "", "", ""), "The name is missing."),
        (
            ("2.02502E+09", "赵磊", "", ""),
            "The student number “2.02502E+09” was shortened by Excel; format the column as text.",
        ),
        (("2" * 33, "赵磊", "", ""), "The student number is longer than 32 characters."),
        (("2025020101", "赵" * 61, "", ""), "The name is longer than 60 characters."),
        (("2025020101", "赵磊", "", "厂" * 201), "The employer is longer than 200 characters."),
        (("2025010101", "赵磊", "", ""), "Student number 2025010101 is already on row 2."),
        (
            ("2025020101", "赵磊", "去向不明", ""),
            "Unknown outcome “去向不明”; use one of: In training, Graduated, "
            "Hired by the ordering enterprise, Hired elsewhere, Left the class.",
        ),
        (
            ("2025020101", "赵磊", "订单企业录用", ""),
            "Until the class graduates a student is either in training or has left.",
        ),
        (
            ("2025020101", "赵磊", "退出", "苏州某科技公司"),
            "An employer is recorded only for a student hired elsewhere, not for “Left the class”.",
        ),
    ],
    ids=[
        "no number",
        "no name",
        "shortened by Excel",
        "number too long",
        "name too long",
        "employer too long",
        "number twice in the file",
        "unknown outcome",
        "outcome refused before graduation",
        "employer without hire elsewhere",
    ],
)
def test_each_bad_row_is_an_error_with_its_reason(training_class, row, message):
    results = check(training_class, csv_upload([("2025010101", "张伟", "", ""), row]))
    assert results[0].status == RowStatus.UNCHANGED
    assert (results[1].row, results[1].status, results[1].errors) == (3, RowStatus.ERROR, [message])
    assert results[1].payload is None


def test_a_gb18030_csv_with_full_width_numbers(training_class):
    upload = csv_upload(
        [("２０２５０１０１０２", "王芳", "退出", ""), ("2025010199", "欧阳娜娜", "在读", "")],
        encoding="gb18030",
    )
    results = check(training_class, upload)
    assert [(r.key, r.status) for r in results] == [
        ("2025010102", RowStatus.CHANGED),
        ("2025010199", RowStatus.NEW),
    ]
    assert results[1].payload.name == "欧阳娜娜"


def test_an_xlsx_with_numbers_typed_as_numbers_and_english_headers(training_class):
    upload = xlsx_upload(
        [(2025010101, "张伟", None), (2025010107, "Li Ming", "left")],
        header=["Student number", "Name", "Outcome"],
    )
    results = check(training_class, upload)
    assert [(r.key, r.status) for r in results] == [
        ("2025010101", RowStatus.UNCHANGED),
        ("2025010107", RowStatus.NEW),
    ]
    assert results[1].payload.outcome == Outcome.LEFT


def test_the_write_adds_and_updates_with_the_reason_in_history(personas, training_class):
    results = check(
        training_class,
        csv_upload(
            [
                ("2025010101", "张伟", "", ""),
                ("2025010102", "王芳", "退出", ""),
                ("2025010104", "赵磊", "", ""),
            ]
        ),
    )
    done = []
    RosterImporter({"order_class": training_class.pk}).write(
        results, personas.secretariat, "Roster of 2026-03", lambda count, total: done.append((count, total))
    )
    students = {s.student_number: s for s in training_class.students.all()}
    assert (students["2025010104"].name, students["2025010104"].outcome) == ("赵磊", Outcome.IN_TRAINING)
    assert students["2025010102"].outcome == Outcome.LEFT
    for number in ("2025010102", "2025010104"):
        record = students[number].history.first()
        assert (record.history_user, record.history_change_reason) == (
            personas.secretariat,
            "Roster of 2026-03",
        )
    assert students["2025010101"].history.count() == 1  # unchanged: left alone
    assert students["2025010102"].modified > students["2025010101"].modified
    assert done == [(1, 2), (2, 2)]


def test_the_options_offer_the_classes_the_user_may_change_and_lock_refuses_a_closed_one(
    personas, training_class
):
    other = make_order_class(personas.outsider, personas.enterprise, personas.other_school, "enrolling")
    planned = make_order_class(personas.school_admin, personas.enterprise, personas.school, name="未开班")
    offered = RosterImporter.options_form(user=personas.school_admin).fields["order_class"].queryset
    assert set(offered) == {training_class}
    assert set(RosterImporter.options_form(user=personas.secretariat).fields["order_class"].queryset) == {
        training_class,
        other,
    }
    form = RosterImporter.options_form({"order_class": training_class.pk}, user=personas.school_admin)
    assert form.is_valid(), form.errors
    options = RosterImporter.options_from_form(form.cleaned_data)
    assert options == {"order_class": training_class.pk}
    assert RosterImporter(options).describe_options() == str(training_class)
    with pytest.raises(WorkflowError, match="Open enrolment"):
        RosterImporter({"order_class": planned.pk}).lock()


def test_the_schools_upload_follows_the_same_employer_rule(personas, graduated_class):
    # Naming the ordering enterprise for a student it hired is fine; an employer for one who left
    # contradicts the outcome.
    upload = csv_upload(
        [("G1", "甲", "订单企业录用", "苏州精工机械有限公司"), ("G2", "乙", "退出", "某公司")]
    )
    with pytest.raises(RosterError) as refused:
        services.import_roster(graduated_class, upload, personas.school_staff)
    assert [p.row for p in refused.value.problems] == [3]
    assert "only for a student hired elsewhere" in refused.value.problems[0].message


@pytest.mark.parametrize("size", [10, 200])
def test_the_check_runs_a_fixed_number_of_queries(personas, django_assert_num_queries, size):
    order_class = make_order_class(
        personas.school_admin, personas.enterprise, personas.school, "training", students=size // 2
    )
    numbers = list(order_class.students.values_list("student_number", flat=True))
    rows = [(number, "改名", "退出", "") for number in numbers] + [
        (f"N{index:05d}", f"学生{index}", "", "") for index in range(size - len(numbers))
    ]
    sheet = read_sheet(csv_upload(rows), max_bytes=10 * 1024 * 1024, max_rows=10_000)
    rows_in = records(sheet, guess_mapping(RosterImporter, sheet.header, {}))
    with django_assert_num_queries(2):  # the order class, its students
        results = RosterImporter({"order_class": order_class.pk}).check(rows_in, lambda done, total: None)
    assert [r.status for r in results].count(RowStatus.CHANGED) == size // 2
    assert [r.status for r in results].count(RowStatus.NEW) == size - size // 2


def test_the_template_names_the_columns_and_lists_the_outcomes():
    from openpyxl import load_workbook

    from portal.core.imports import template_workbook

    workbook = load_workbook(io.BytesIO(template_workbook(RosterImporter, "en")))
    assert [cell.value for cell in workbook.worksheets[0][1]] == [
        "student number *",
        "name *",
        "outcome",
        "employer",
    ]
    allowed = [row[1] for row in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert allowed == [value for value, _label in StudentOutcome.choices]
