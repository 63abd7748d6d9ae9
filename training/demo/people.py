"""The demo group's skill masters and order classes, on top of :mod:`members.demo` (units, majors,
logins) and :mod:`cooperation.demo` (the order-class agreements behind the classes).

Everything goes through :mod:`training.services.people`: classes are registered as planned and
stepped forward, rosters are entered and uploaded, and outcomes are recorded once a class has
graduated, so the statuses, counts and history are what the portal itself would have made. There is
a class in every status and a roster in every outcome. Years are relative to the day of loading,
and names and student numbers are derived from their position, so every run makes the same data.
"""

import csv
import io
from datetime import timedelta
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cooperation.models import Agreement
from members import demo as members_demo
from members.models import Major, User
from training.choices import OrderClassStatus, StudentOutcome
from training.models import OrderClass, OrderClassStudent, SkillMaster
from training.services import people as services

S, Outcome = OrderClassStatus, StudentOutcome


class Master(NamedTuple):
    """A skill master: ``starts`` and ``ends`` are days from today; ``by`` the unit key (or demo
    login) whose person records them."""

    name: str
    position: str
    enterprise: str
    school: str
    course: str
    major: str
    starts: int
    ends: int
    hours: int
    by: str


# fmt: off
MASTERS = (
    Master("周立新", "数控事业部高级技师", "hengrui", "siit", "数控系统调试与维修", "460103",
           -40, 100, 64, "school_admin"),
    Master("钱海涛", "工艺部主任工程师", "hengrui", "siit", "五轴加工工艺", "460103",
           -200, -60, 48, "school_admin"),
    Master("孙晓峰", "装调车间班组长", "hengrui", "siit", "机床装调与维修实训", "460301",
           60, 180, 72, "enterprise_admin"),
    Master("郑国庆", "售后服务部经理", "hengrui", "ahcme", "数控机床故障诊断", "460103",
           -20, 70, 32, "hengrui"),
    Master("吴静", "MES 实施顾问", "yunhu", "ccit", "制造执行系统实施与开发", "510203",
           -90, 45, 96, "ccit"),
    Master("冯一鸣", "测试组组长", "yunhu", "ccit", "工业软件测试", "510203",
           -400, -250, 40, "yunhu"),
    Master("陈思远", "封装工艺工程师", "xinrui", "jsit", "集成电路封装工艺", "510401",
           -30, 120, 48, "jsit"),
    Master("褚晓燕", "审计部高级经理", "dexin", "jssvc", "审计实务", "530302",
           -100, 20, 36, "jssvc"),
    Master("卫明", "税务咨询部合伙人", "dexin", "jssvc", "智能财税", "530302",
           30, 150, 32, "dexin"),
    Master("蒋涛", "网络优化工程师", "pengcheng", "ccit", "5G 网络优化", "510202",
           -60, 60, 40, "ccit"),
    Master("沈佳", "电驱装配车间主任", "chiyuan", "czmec", "电驱总成装配与检测", "460702",
           -120, 30, 56, "czmec"),
    Master("韩磊", "系统集成部技术总监", "xisheng", "wxit", "工业机器人系统集成", "460305",
           -15, 160, 80, "wxit"),
)
# fmt: on


class Cohort(NamedTuple):
    """An order class: ``agreement`` is the title of the demo agreement behind it; ``cohort`` is
    years from now; ``students`` and ``left`` the roster; ``hired`` and ``elsewhere`` how many
    graduates the enterprise and others took (the rest graduated without a job recorded yet);
    ``upload``: the roster comes as the school's spreadsheet rather than typed in."""

    name: str
    enterprise: str
    school: str
    major: str
    cohort: int
    planned: int
    status: str
    agreement: str = ""
    students: int = 0
    left: int = 0
    hired: int = 0
    elsewhere: int = 0
    upload: bool = False
    by: str = ""


# fmt: off
COHORTS = (
    Cohort("恒锐数控订单班（{year}级）", "hengrui", "siit", "460103", 0, 40, S.ENROLLING,
           "共建数控技术产业学院合作协议", students=28, left=1, upload=True, by="school_admin"),
    Cohort("恒锐数控订单班（{year}级）", "hengrui", "siit", "460103", -3, 35, S.GRADUATED,
           students=34, left=2, hired=22, elsewhere=6, by="enterprise_admin"),
    Cohort("云湖工业软件订单班（{year}级）", "yunhu", "ccit", "510203", -1, 40, S.TRAINING,
           "“工业软件订单班”联合培养协议", students=38, left=2, by="yunhu"),
    Cohort("芯瑞集成电路封装测试订单班（{year}级）", "xinrui", "jsit", "510401", 1, 30, S.PLANNED,
           "集成电路封装测试订单班合作协议", by="jsit"),
    Cohort("驰远新能源汽车订单班（{year}级）", "chiyuan", "czmec", "460702", -4, 45, S.GRADUATED,
           "新能源汽车技术订单班合作协议", students=42, left=3, hired=30, elsewhere=5, by="czmec"),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = ("子涵", "浩然", "梓萱", "宇轩", "欣怡", "俊杰", "诗琪", "博文", "雨桐", "嘉豪", "思彤", "明轩",
         "佳怡", "志强", "晓雯", "天宇", "一诺", "文博", "梦瑶", "子豪", "雅婷", "海洋", "晨曦", "泽宇")
# Where graduates hired elsewhere went.
EMPLOYERS = ("昆山博德电子科技有限公司", "苏州汇川联合动力系统有限公司", "无锡先导智能装备股份有限公司",
             "常州星宇车灯股份有限公司", "上海汽车集团股份有限公司乘用车分公司")
# fmt: on


def is_loaded() -> bool:
    return OrderClass.objects.filter(
        name__startswith="恒锐数控订单班", school__credit_code=members_demo.LEADING_CODE
    ).exists()


class _Loader:
    def __init__(self):
        self.today = timezone.localdate()
        self.units = members_demo.units()
        self.logins = User.objects.in_bulk([login[0] for login in members_demo.LOGINS], field_name="username")
        self.admins = members_demo.unit_admins()
        self.school_staff = self.logins["school_staff"]

    def user(self, key: str) -> User:
        """A demo login by user name, or the administrator of a unit by its key."""
        return self.logins.get(key) or self.admins[self.units[key].pk]

    def major(self, school: str, code: str) -> Major:
        return Major.objects.get(unit=self.units[school], code=code)

    def master(self, spec: Master) -> SkillMaster:
        master = SkillMaster(
            name=spec.name,
            position=spec.position,
            enterprise=self.units[spec.enterprise],
            school=self.units[spec.school],
            course=spec.course,
            major=self.major(spec.school, spec.major),
            starts_on=self.today + timedelta(days=spec.starts),
            ends_on=self.today + timedelta(days=spec.ends),
            hours=spec.hours,
        )
        return services.register_skill_master(master, self.user(spec.by))

    def keeper(self, spec: Cohort) -> User:
        """Who keeps the class's roster and moves it on: the school's administrator (the demo
        school's staff login enters the roster of its own classes)."""
        return self.user("school_admin") if spec.school == "siit" else self.user(spec.school)

    def order_class(self, spec: Cohort) -> OrderClass:
        year = self.today.year + spec.cohort
        agreement = None
        if spec.agreement:
            agreement = (
                Agreement.objects.filter(title=spec.agreement, parties__unit=self.units[spec.school])
                .filter(parties__unit=self.units[spec.enterprise])
                .first()
            )
        order_class = OrderClass(
            name=spec.name.format(year=year),
            enterprise=self.units[spec.enterprise],
            school=self.units[spec.school],
            major=self.major(spec.school, spec.major),
            cohort_year=year,
            planned_size=spec.planned,
            agreement=agreement,
        )
        services.register_order_class(order_class, self.user(spec.by))
        keeper = self.keeper(spec)
        roster_keeper = self.school_staff if spec.school == "siit" else keeper
        if spec.status == S.PLANNED:
            return order_class
        services.advance_order_class(order_class, "open_enrolment", keeper)
        rows = [self.student(year, spec, index) for index in range(spec.students)]
        if spec.upload:
            services.import_roster(order_class, self.roster_file(rows), roster_keeper)
        else:
            for number, name in rows:
                services.add_student(order_class, roster_keeper, number, name)
        students = list(order_class.students.order_by("student_number"))
        for student in students[len(students) - spec.left :]:
            services.record_outcome(student, Outcome.LEFT, roster_keeper)
        if spec.status == S.ENROLLING:
            return order_class
        services.advance_order_class(order_class, "start_training", keeper)
        if spec.status == S.TRAINING:
            return order_class
        services.advance_order_class(order_class, "graduate", keeper)
        graduates = students[: len(students) - spec.left]
        for student in graduates[: spec.hired]:
            services.record_outcome(student, Outcome.HIRED_BY_SPONSOR, roster_keeper)
        for index, student in enumerate(graduates[spec.hired : spec.hired + spec.elsewhere]):
            services.record_outcome(
                student, Outcome.HIRED_ELSEWHERE, roster_keeper, employer=EMPLOYERS[index % len(EMPLOYERS)]
            )
        return order_class

    @staticmethod
    def student(year: int, spec: Cohort, index: int) -> tuple[str, str]:
        serial = sum(ord(c) for c in spec.school + spec.major) % 90 + 10
        surname = SURNAMES[(index * 7 + serial) % len(SURNAMES)]
        given = GIVEN[(index * 5 + year) % len(GIVEN)]
        return f"{year}{spec.major[:4]}{serial:02d}{index + 1:03d}", surname + given

    @staticmethod
    def roster_file(rows) -> SimpleUploadedFile:
        """The roster as Excel on a Chinese Windows saves a CSV: GB18030, Chinese headers."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["学号", "姓名"])
        writer.writerows(rows)
        return SimpleUploadedFile(
            "订单班名单.csv", buffer.getvalue().encode("gb18030"), content_type="text/csv"
        )


def load() -> dict[str, int]:
    """Create the demo skill masters and order classes in one transaction; return the counts."""
    with transaction.atomic():
        loader = _Loader()
        masters = [loader.master(spec) for spec in MASTERS]
        classes = [loader.order_class(spec) for spec in COHORTS]
    return {
        "skill_masters": len(masters),
        "order_classes": len(classes),
        "order_class_students": OrderClassStudent.objects.filter(order_class__in=classes).count(),
    }
