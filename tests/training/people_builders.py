"""Skill masters, order classes and roster files built as people make them, through the services."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members.models import Major
from training.models import OrderClass, SkillMaster
from training.services import people as services
from training.services.people import ORDER_CLASS_STATUS

HEADER = ["学号", "姓名", "去向", "就业单位"]
# The steps that lead from planned to each status.
STEPS_TO = {"planned": [], "enrolling": ["open_enrolment"], "training": ["open_enrolment", "start_training"]}
STEPS_TO["graduated"] = [*STEPS_TO["training"], "graduate"]


def school_major(school, code="460103", name="数控技术") -> Major:
    major = Major.objects.filter(unit=school, code=code).first()
    if major is None:
        major = Major(unit=school, code=code, name=name)
        major.full_clean()
        major.save()
    return major


def make_skill_master(by, enterprise, school, name="王建国", **fields) -> SkillMaster:
    master = SkillMaster(
        name=name,
        position=fields.pop("position", "高级技师"),
        enterprise=enterprise,
        school=school,
        course=fields.pop("course", "数控系统调试"),
        major=fields.pop("major", None),
        starts_on=fields.pop("starts_on", date(2026, 3, 1)),
        ends_on=fields.pop("ends_on", date(2026, 7, 15)),
        hours=fields.pop("hours", 48),
        **fields,
    )
    return services.register_skill_master(master, by)


def make_order_class(by, enterprise, school, status="planned", students=0, name="数控技术订单班", **fields):
    """A class moved to ``status`` with ``students`` on its roster (added while enrolling)."""
    order_class = OrderClass(
        name=name,
        enterprise=enterprise,
        school=school,
        major=fields.pop("major", None) or school_major(school),
        cohort_year=fields.pop("cohort_year", 2025),
        planned_size=fields.pop("planned_size", 30),
        **fields,
    )
    services.register_order_class(order_class, by)
    steps = STEPS_TO[status]
    for index, step in enumerate(steps):
        services.advance_order_class(order_class, step, by)
        if index == 0:
            for number in range(students):
                services.add_student(order_class, by, f"S{order_class.pk:04d}{number:03d}", f"学生{number}")
    order_class.refresh_from_db()
    return order_class


def next_step(order_class) -> str:
    return ORDER_CLASS_STATUS.available(order_class)[0].name


def csv_file(rows, encoding="utf-8-sig", header=HEADER, name="roster.csv") -> SimpleUploadedFile:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(encoding), content_type="text/csv")


def xlsx_file(rows, header=HEADER, name="roster.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
