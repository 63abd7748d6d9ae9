"""The demo group's narrative for this year's report: what the secretariat writes before a run."""

from django.utils import timezone

from cooperation.choices import AgreementStatus
from cooperation.models import Agreement
from members import demo as members_demo
from portal.reports.models import ReportDraft, TypicalCase

OVERVIEW = (
    "本年度集团新增成员单位 6 家，成员覆盖高职院校、中职学校、职业本科、应用型本科、"
    "行业企业、行业协会和科研院所。"
    "集团理事会召开全体会议 2 次，智能制造、电子信息、新能源汽车等专业委员会围绕区域产业链开展专题活动。"
)
RESULTS = (
    "集团成员校与企业共建共享实训基地，联合开展订单班培养和教师企业实践；"
    "订单班毕业生留用率稳步提升，专业教师赴企业实践的覆盖面进一步扩大。"
)
CONTRIBUTION = (
    "集团面向区域智能制造和电子信息产业开展企业职工技能提升培训和社会培训，"
    "共享实训基地向成员单位和社会开放，服务中小企业技术改造和人才需求。"
)
SUGGESTIONS = (
    "一是进一步完善实训基地共享的预约与结算机制；二是扩大教师企业实践岗位来源，重点补齐现代服务业领域；"
    "三是推动订单班与企业用人计划更紧密衔接，提高订单企业录用率。"
)
CASES = [
    (
        "hengrui",
        "校企共建数控加工共享实训基地",
        "恒锐数控与苏州工业职院共建数控加工共享实训基地，面向集团成员单位开放预约，"
        "全年承接学生实训、教师培训和企业职工培训，实现设备共享、师资互聘。",
    ),
    (
        "siit",
        "“恒锐订单班”贯通培养",
        "学校与企业共同制定人才培养方案，企业工程师担任产业导师，学生在企业真实产线完成岗位实习，"
        "毕业后多数被订单企业录用。",
    ),
]


def is_loaded() -> bool:
    return ReportDraft.objects.filter(year=timezone.localdate().year).exists()


def load() -> dict[str, int]:
    units = members_demo.units()
    draft = ReportDraft.objects.create(
        year=timezone.localdate().year,
        overview=OVERVIEW,
        results=RESULTS,
        contribution=CONTRIBUTION,
        suggestions=SUGGESTIONS,
    )
    draft.agreements.set(Agreement.objects.filter(status=AgreementStatus.ACTIVE).order_by("number")[:3])
    for position, (unit, title, text) in enumerate(CASES):
        TypicalCase.objects.create(draft=draft, unit=units[unit], title=title, text=text, position=position)
    return {"drafts": 1, "cases": len(CASES)}
