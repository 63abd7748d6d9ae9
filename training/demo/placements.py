"""The demo group's teacher enterprise practice (教师企业实践): placement offers and applications in
every state, and the completed placements of past years that make up the teachers' practice days
(some meeting the six months in five years, some not).

Current offers go through the workflow of :mod:`training.services.placements`, so statuses, the
waiting list, slot offers, history and in-app notifications are what the portal would have made.
What the workflow cannot do in the past is set afterwards: a placement under way had its dates
moved back once its teachers were accepted, and the placements of past years are stored as the
records of what happened.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from members import demo as members_demo
from members.models import MajorCategory, User
from portal.core.mail import email_held_back
from portal.core.roles import Role
from training.choices import ApplicationStatus, OfferStatus
from training.models import PlacementApplication, PlacementOffer
from training.services import placements as services

# key, enterprise, title, major category, place, starts in (days), length (days), slots, apply within
OFFERS = [
    ("cnc", "hengrui", "数控加工工艺岗位实践", "46", "苏州工业园区星湖街 328 号", 20, 30, 2, 10),
    ("robot", "xisheng", "工业机器人集成调试岗位实践", "46", "无锡市新吴区锡士路 18 号", 40, 45, 1, 25),
    ("mes", "yunhu", "MES 实施顾问岗位实践", "51", "苏州工业园区金鸡湖大道 88 号", 25, 60, 3, 15),
    ("smt", "bode", "电子装联工艺岗位实践", "51", "昆山市开发区前进东路 579 号", 30, 30, 1, 20),
    ("battery", "chiyuan", "动力电池装配工艺岗位实践", "46", "常州市武进区龙城大道 88 号", 0, 60, 2, 0),
    ("inspection", "demark", "精密部件检测岗位实践", "46", "太仓市北京东路 66 号", 15, 20, 2, 5),
    ("5g", "pengcheng", "5G 基站运维岗位实践", "51", "深圳市南山区科技园", 35, 30, 2, 20),
]

DESCRIPTIONS = {
    "cnc": "在精密加工车间跟岗，参与五轴加工工艺编制与刀具优化，完成一项工艺改进小课题。",
    "robot": "参与工业机器人工作站的集成、调试与交付，熟悉现场安全规范与项目管理流程。",
    "mes": "随项目组驻场实施制造执行系统，参与需求调研、系统配置与上线培训。",
    "smt": "在表面贴装车间跟岗，学习贴片、回流焊工艺参数设置与质量检验。",
    "battery": "参与动力电池模组装配与检测工序，了解新能源汽车零部件质量管理体系。",
    "inspection": "在计量检测中心跟岗，学习三坐标测量与检测报告编制。",
    "5g": "随运维班组参与 5G 基站巡检、故障处理与网络优化。",
}

STATEMENTS = [
    "承担相关专业核心课程教学，希望到企业一线了解新工艺、新标准，充实实训项目。",
    "近五年企业实践时间不足，申请利用假期到企业跟岗，提升“双师型”教师能力。",
    "负责学校技能大赛集训，希望通过企业实践掌握真实生产中的调试与质量控制方法。",
]

# Completed placements of past years: teacher (unit key, index among its teachers; "teacher" is
# the demo login), enterprise, title, ended (days ago), days completed.
PAST = [
    (("teacher", 0), "hengrui", "数控设备维护岗位实践", 400, 60),
    (("teacher", 0), "xisheng", "自动化产线调试岗位实践", 1100, 60),
    (("siit", 0), "hengrui", "数控加工岗位实践", 200, 120),
    (("siit", 0), "demark", "精密装配岗位实践", 900, 90),
    (("siit", 1), "xisheng", "机器人编程岗位实践", 300, 30),
    (("siit", 1), "hengrui", "数控加工岗位实践", 2000, 150),  # older than five years
    (("wxit", 0), "xisheng", "工业机器人运维岗位实践", 500, 180),
    (("wxit", 1), "bode", "电子装联岗位实践", 700, 45),
    (("czmec", 0), "chiyuan", "新能源汽车电控岗位实践", 150, 100),
    (("czmec", 0), "chiyuan", "动力电池检测岗位实践", 1300, 90),
    (("ccit", 0), "yunhu", "软件实施岗位实践", 600, 200),
    (("njcit", 0), "pengcheng", "通信设备调测岗位实践", 1500, 60),
]


def _day(days: int):
    return timezone.localdate() + timedelta(days=days)


def load() -> dict[str, int]:
    units = members_demo.units()
    categories = MajorCategory.objects.in_bulk(field_name="code")
    admins = members_demo.unit_admins()
    demo_teacher = User.objects.get(username="teacher")
    teachers: dict[str, list[User]] = {"teacher": [demo_teacher]}
    for key in ("siit", "wxit", "czmec", "ccit", "njcit", "jssvc"):
        teachers[key] = list(
            User.objects.filter(unit=units[key], role=Role.TEACHER, is_active=True)
            .exclude(pk=demo_teacher.pk)
            .order_by("pk")
        )

    def school_admin(teacher):
        return admins[teacher.unit_id]

    def enterprise_admin(offer):
        return admins[offer.unit_id]

    statements = iter(STATEMENTS * 10)

    def apply(offer, teacher):
        return services.apply_for_placement(offer, teacher, next(statements))

    def approved(offer, teacher):
        return services.approve_application(apply(offer, teacher), school_admin(teacher))

    def accepted(offer, teacher):
        return services.accept_application(approved(offer, teacher), enterprise_admin(offer))

    with transaction.atomic(), email_held_back():
        offers = {}
        for key, unit, title, code, place, starts_in, length, slots, apply_within in OFFERS:
            enterprise = units[unit]
            offers[key] = services.post_offer(
                PlacementOffer(
                    unit=enterprise,
                    title=title,
                    description=DESCRIPTIONS[key],
                    major_category=categories[code],
                    place=place,
                    province=enterprise.province,
                    starts_on=_day(starts_in),
                    ends_on=_day(starts_in + length - 1),
                    slots=slots,
                    apply_by=_day(apply_within),
                ),
                admins[enterprise.pk],
            )
        siit, wxit, czmec = teachers["siit"], teachers["wxit"], teachers["czmec"]
        ccit, njcit, jssvc = teachers["ccit"], teachers["njcit"], teachers["jssvc"]

        # Both slots taken; two more teachers wait on the list, in the order their schools approved.
        cnc = offers["cnc"]
        accepted(cnc, demo_teacher)
        accepted(cnc, siit[2])
        approved(cnc, wxit[2])
        approved(cnc, czmec[1])

        # A slot offered from the list was not confirmed in time and passed to the next (before any
        # other slot is offered, so that only this one lapses).
        smt = offers["smt"]
        holder = accepted(smt, njcit[1])
        approved(smt, jssvc[1])
        approved(smt, jssvc[2])
        services.withdraw_application(holder, njcit[1])
        services.expire_slot_offers(now=timezone.now() + timedelta(days=7))

        # The one slot's holder withdrew: it is offered to the first on the list.
        robot = offers["robot"]
        holder = accepted(robot, wxit[0])
        approved(robot, wxit[1])
        approved(robot, czmec[2])
        services.withdraw_application(holder, wxit[0])

        # Every step of the school's and the enterprise's decisions.
        mes = offers["mes"]
        apply(mes, ccit[0])
        approved(mes, njcit[0])
        services.decline_application(
            apply(mes, ccit[1]), school_admin(ccit[1]), "本学期承担毕业设计指导，时间冲突。"
        )
        services.reject_application(
            approved(mes, jssvc[0]), enterprise_admin(mes), "本期岗位面向软件技术专业教师，专业不对口。"
        )

        # Under way for 40 days: one teacher has finished early and been evaluated, one goes on.
        battery = offers["battery"]
        finished = accepted(battery, czmec[0])
        accepted(battery, siit[0])
        PlacementOffer.objects.filter(pk=battery.pk).update(
            starts_on=battery.starts_on - timedelta(days=40), ends_on=battery.ends_on - timedelta(days=40)
        )
        services.complete_placement(
            finished, enterprise_admin(battery), 35, "实践期间认真负责，参与完成模组装配工装改进，成效明显。"
        )

        # Closed to applications, its teachers accepted; and a placement called off.
        inspection = offers["inspection"]
        accepted(inspection, siit[1])
        services.close_offer(inspection, enterprise_admin(inspection))
        fiveg = offers["5g"]
        approved(fiveg, njcit[2])
        services.cancel_offer(fiveg, enterprise_admin(fiveg), "基站改造计划调整，本期岗位取消。")

        for (unit, index), enterprise, title, ended, days in PAST:
            _past_placement(teachers[unit][index], units[enterprise], title, _day(-ended), days)

    return {
        "placement offers": PlacementOffer.objects.count(),
        "placement applications": PlacementApplication.objects.count(),
    }


def _past_placement(teacher, enterprise, title, ends_on, days) -> None:
    """A placement of past years, stored as it ended: evaluated and its days confirmed."""
    starts_on = ends_on - timedelta(days=days - 1)
    offer = PlacementOffer.objects.create(
        unit=enterprise,
        title=title,
        description=f"{enterprise.name_zh}{title}。",
        major_category=MajorCategory.objects.get(code="46"),
        place=enterprise.city,
        province=enterprise.province,
        starts_on=starts_on,
        ends_on=ends_on,
        slots=1,
        apply_by=starts_on - timedelta(days=14),
        status=OfferStatus.CLOSED,
    )
    decided = timezone.make_aware(datetime.combine(starts_on - timedelta(days=10), time(10)))
    PlacementApplication.objects.create(
        offer=offer,
        teacher=teacher,
        school=teacher.unit,
        statement=STATEMENTS[1],
        status=ApplicationStatus.COMPLETED,
        school_decided_at=decided - timedelta(days=2),
        enterprise_decided_at=decided,
        days_completed=days,
        evaluation="按计划完成企业实践任务，考核合格。",
        completed_at=timezone.make_aware(datetime.combine(ends_on, time(17))),
    )
