"""The agreements and training needs of the demo group (``manage.py load_demo``), on top of the
member units, people and logins of :mod:`members.demo`.

Everything goes through the workflows of :mod:`cooperation.services`, so numbers, statuses,
signatures, history and in-app notifications are what the portal itself would have made. Only
what a workflow cannot do in the past is set afterwards: when parties signed on paper years ago,
when a need was posted, and an answer-by date that has since passed. Dates are relative to the day
of loading (``Y-1-09-01``: 1 September of last year; ``T+24``: in 24 days), so the register always
shows agreements in force, some expiring soon, and needs still open.

The numbers are this year's: the register starts when the group adopts the portal, and the
secretariat files the paper agreements still of interest into it then.
"""

import re
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation import services
from cooperation.choices import IN_FORCE, AgreementKind, AgreementStatus, NeedKind, PartyRole
from cooperation.models import Agreement, AgreementParty, Proposal, TrainingNeed
from members import demo as members_demo
from members.models import Industry, MajorCategory, User
from portal.core.mail import email_held_back

A, S = AgreementKind, AgreementStatus


class Deal(NamedTuple):
    """An agreement: ``parties`` are (unit key, obligations) in the order party A, B, C…;
    ``status`` is where its workflow ends; ``signed`` the day it was signed on paper (empty: in
    the portal, today); ``signers`` the units that have confirmed one still awaiting signatures;
    ``by`` the login or unit key whose administrator registers it; ``renews`` an earlier deal."""

    key: str
    kind: str
    title: str
    summary: str
    parties: tuple[tuple[str, str], ...]
    starts: str
    ends: str
    status: str
    signed: str = ""
    signers: str = ""
    apprentice: str = ""
    reason: str = ""
    by: str = "secretariat"
    renews: str = ""


# fmt: off
DEALS = (
    # The first deal marks the demo as loaded.
    Deal("college", A.SCHOOL_ENTERPRISE, "共建数控技术产业学院合作协议",
         "双方共建“恒锐数控产业学院”，在数控技术、机电一体化技术专业开展课程共建、实训基地共享、"
         "企业导师授课和毕业生就业推荐，每年联合招收产业学院班两个。",
         (("siit", "提供教学场地和专任教师，按企业岗位标准修订人才培养方案，每年组织学生到企业岗位实习。"),
          ("hengrui", "投入数控加工中心及数控系统实训设备，选派不少于6名工程师担任企业导师，"
                      "优先录用合格毕业生。")),
         "Y-2-09-01", "Y+1-08-31", S.ACTIVE, signed="Y-2-08-26", by="school_admin"),
    Deal("software_class", A.ORDER_CLASS, "“工业软件订单班”联合培养协议",
         "面向制造执行系统（MES）实施与开发岗位，从软件技术专业二年级学生中选拔40人组建订单班，"
         "企业参与课程设置并提供项目化教学案例。",
         (("ccit", "组织选拔和教学管理，开设企业定制课程模块，安排专任教师到企业实践。"),
          ("yunhu", "提供真实项目案例和开发环境，设立订单班奖学金，毕业考核合格者择优录用。")),
         "Y-1-09-01", "Y+2-06-30", S.ACTIVE, signed="Y-1-07-10"),
    Deal("apprentice_tc", A.APPRENTICESHIP, "机电技术应用专业现代学徒制三方协议",
         "学校、企业与学徒三方约定学徒在校学习与在岗培养的安排：理论课程在校完成，"
         "岗位技能由企业师傅按双元制标准带教，考核合格取得学历证书和职业技能等级证书。",
         (("tczz", "负责学籍管理和文化、专业基础课程教学，与企业共同考核学徒。"),
          ("demark", "为学徒配备企业师傅，按约定发放学徒津贴并购买意外伤害保险，提供岗位轮训。")),
         "Y-1-09-01", "Y+2-07-15", S.ACTIVE, signed="Y-1-08-28", apprentice="周子轩"),
    Deal("apprentice_csit", A.APPRENTICESHIP, "机电一体化技术专业现代学徒制三方协议",
         "学徒于下学期起进入企业工学交替培养，每周三天在岗、两天在校，企业师傅与学校教师共同制定培养计划。",
         (("csit", "制定工学交替教学计划，选派专业教师驻企指导。"),
          ("demark", "提供学徒岗位和企业师傅，承担学徒在岗期间的安全管理和津贴。")),
         "Y+1-03-01", "Y+3-06-30", S.SIGNED, apprentice="吴佳怡"),
    Deal("robot_base", A.BASE, "工业机器人生产性实训基地共建协议",
         "三方在企业园区共建工业机器人系统集成生产性实训基地，面向集团院校开放学生实训和教师培训，"
         "研究院提供机器视觉中试平台。",
         (("wxit", "负责实训基地教学运行和课程开发，每年安排不少于400人次学生实训。"),
          ("xisheng", "提供场地、工业机器人工作站及运维服务，选派工程师担任实训指导。"),
          ("zbyjy", "开放机器视觉中试平台，参与实训项目设计和教师技术培训。")),
         "Y-3-01-01", "T+24", S.ACTIVE, signed="Y-4-12-18"),
    Deal("teacher_practice", A.TEACHER_EXCHANGE, "教师企业实践基地合作协议",
         "企业接收学院机电类专业教师开展企业实践，每年不少于8人次，每人每次不少于一个月。",
         (("ahcme", "选派专业教师参加企业实践并做好考核管理。"),
          ("hengrui", "安排实践岗位和指导工程师，出具企业实践鉴定意见。")),
         "Y-2-01-01", "T+5", S.ACTIVE, signed="Y-3-12-20"),
    Deal("teacher_practice_next", A.TEACHER_EXCHANGE, "教师企业实践基地合作协议",
         "原协议期满续签，企业实践人次提高到每年12人次，并增设企业工程师到校授课。",
         (("ahcme", "选派专业教师参加企业实践并做好考核管理，聘请企业工程师为兼职教师。"),
          ("hengrui", "安排实践岗位和指导工程师，每学期选派工程师到校授课不少于32学时。")),
         "T+6", "Y+3-12-31", S.AWAITING, signers="hengrui", by="enterprise_admin",
         renews="teacher_practice"),
    Deal("vision_rd", A.RESEARCH, "机器视觉缺陷检测技术联合研发协议",
         "双方联合开发面向精密零部件的机器视觉缺陷检测算法与装备，成果优先在集团成员企业推广应用。",
         (("niit", "组织教师和学生团队承担算法研发与测试，共享实验室设备。"),
          ("zbyjy", "提供中试平台与工程化支持，负责成果转化与推广。")),
         "Y-1-01-01", "T+52", S.ACTIVE, signed="Y-2-12-15"),
    Deal("motor_housing", A.RESEARCH, "电驱壳体轻量化工艺联合攻关技术服务协议",
         "针对新能源汽车电驱壳体压铸件减重和气孔缺陷问题开展工艺攻关，周期一年。",
         (("usts", "组建材料成形课题组，完成工艺仿真与试验方案。"),
          ("chiyuan", "提供试制条件和检测数据，按合同约定支付技术服务费。")),
         "Y+1-01-01", "Y+1-12-31", S.DRAFT),
    Deal("scholarship", A.OTHER, "职业教育奖助学金捐赠协议",
         "基金会每年向学院捐赠奖助学金20万元，用于奖励技能竞赛获奖学生和资助家庭经济困难学生。",
         (("jjh", "按年度拨付捐赠资金，参与评审监督。"),
          ("siit", "制定评选办法，专款专用，每年报送资金使用报告。")),
         "Y-1-01-01", "Y+1-12-31", S.ACTIVE, signed="Y-2-12-10"),
    Deal("mentors", A.TEACHER_EXCHANGE, "教师企业实践与产业导师互聘协议",
         "学院教师到企业开展技术服务和企业实践，企业高级技师受聘为学院产业导师，双方互认工作量。",
         (("siit", "每年选派不少于10名教师到企业实践，为企业员工开设技能提升课程。"),
          ("hengrui", "推荐5名以上高级技师担任产业导师，承担实践教学和毕业设计指导。")),
         "Y+1-01-01", "Y+3-12-31", S.AWAITING, signers="hengrui", by="enterprise_admin"),
    Deal("chip_class", A.ORDER_CLASS, "集成电路封装测试订单班合作协议",
         "面向封装测试工艺和设备维护岗位组建订单班30人，企业参与教学并提供岗位实习。",
         (("jsit", "选拔学生组班，开设封装测试工艺课程，安排学生到企业岗位实习。"),
          ("xinrui", "提供课程案例和实习岗位，设立订单班奖学金，择优录用毕业生。")),
         "Y+1-09-01", "Y+4-06-30", S.AWAITING, signers="jsit"),
    Deal("accounting", A.SCHOOL_ENTERPRISE, "大数据与会计专业校企合作协议",
         "事务所为大数据与会计专业学生提供审计、税务岗位实习，注册会计师参与课程教学。",
         (("jssvc", "安排学生分批实习，聘请企业专家为兼职教师。"),
          ("dexin", "每年提供不少于20个实习岗位，选派注册会计师授课。")),
         "Y-4-09-01", "Y-1-08-31", S.EXPIRED, signed="Y-4-08-20"),
    Deal("accounting_next", A.SCHOOL_ENTERPRISE, "大数据与会计专业校企合作协议",
         "续签原协议，新增智能财务共享中心实训项目，实习岗位增至每年30个。",
         (("jssvc", "安排学生分批实习，共建智能财务共享实训室，聘请企业专家为兼职教师。"),
          ("dexin", "每年提供不少于30个实习岗位，选派注册会计师授课，参与实训室建设。")),
         "Y-1-09-01", "Y+2-08-31", S.ACTIVE, signed="Y-1-08-25", renews="accounting"),
    Deal("nev_class", A.ORDER_CLASS, "新能源汽车技术订单班合作协议",
         "为企业电驱装配与检测岗位定向培养新能源汽车技术专业学生一个班，三年制。",
         (("czmec", "负责招生组班和教学实施，企业课程占比不低于30%。"),
          ("chiyuan", "提供实训设备与企业导师，设立奖学金，录用考核合格的毕业生。")),
         "Y-4-09-01", "Y-1-06-30", S.EXPIRED, signed="Y-4-06-18"),
    Deal("battery_class", A.ORDER_CLASS, "动力电池方向订单班合作协议",
         "在新能源汽车技术专业开设动力电池方向订单班，企业参与人才培养全过程。",
         (("jhc", "组建订单班并开设电池模组装配与检测课程。"),
          ("ruineng", "提供实训设备和企业导师，承担学生岗位实习。")),
         "Y-1-09-01", "Y+2-06-30", S.TERMINATED, signed="Y-1-08-15",
         reason="企业产线由合肥整体迁往储能项目基地，订单岗位取消。经双方协商一致提前终止本协议，"
                "已在班学生转入学校新能源汽车技术专业常规教学班，企业承担本学期实训耗材费用。"),
    Deal("5g_class", A.ORDER_CLASS, "5G工业互联网订单班合作协议",
         "拟在物联网应用技术专业组建5G工业互联网方向订单班。",
         (("njcit", "负责组班和教学。"),
          ("pengcheng", "提供5G模组实训套件和企业导师。")),
         "Y+1-09-01", "Y+4-06-30", S.TERMINATED,
         reason="企业暂停华东地区招聘计划，协议在双方签署前撤回，待招聘计划恢复后重新商议。"),
    Deal("policy_memo", A.OTHER, "紧缺技能人才目录联合发布合作备忘录",
         "三方联合开展智能制造领域紧缺技能人才调研，每年发布紧缺人才目录，引导院校调整专业布局。",
         (("hrss", "牵头组织调研和目录发布，提供就业与职业技能等级认定数据。"),
          ("siit", "作为集团牵头学校汇总成员院校专业设置和招生数据。"),
          ("szim", "组织会员企业填报岗位需求，参与目录评审。")),
         "Y+1-01-01", "Y+2-12-31", S.DRAFT),
    Deal("network_teachers", A.TEACHER_EXCHANGE, "教师企业实践与企业工程师兼职授课协议",
         "学院网络与物联网专业教师到企业开展企业实践，企业工程师到校承担5G网络课程教学。",
         (("ccit", "每年选派6名教师到企业实践，为企业工程师办理兼职教师聘任。"),
          ("pengcheng", "安排实践岗位，每学期选派工程师到校授课。")),
         "Y-1-03-01", "Y+1-02-28", S.ACTIVE, signed="Y-1-02-20"),
    Deal("smt_line", A.SCHOOL_ENTERPRISE, "电子装联岗位实习与就业合作协议",
         "学校机电与计算机专业学生到企业SMT产线开展岗位实习，企业优先录用实习表现优秀的学生。",
         (("sipits", "组织学生岗位实习，派驻带队教师。"),
          ("bode", "提供实习岗位、住宿和实习补贴，安排师傅带教。")),
         "Y+1-02-01", "Y+4-01-31", S.SIGNED),
    Deal("public_base", A.BASE, "公共实训基地开放共享协议",
         "公共实训中心向学院开放虚拟仿真实训室和技能鉴定场地，学院承担部分社会培训项目。",
         (("ptc", "按学期安排开放时段，提供设备维护和安全管理。"),
          ("siit", "组织学生实训和教师培训，派出教师承担社会培训课程。")),
         "Y-1-03-01", "Y+2-02-28", S.ACTIVE, signed="Y-1-02-26", by="school_admin"),
    Deal("remote_maintenance", A.RESEARCH, "数控机床远程运维平台技术服务合同",
         "学院团队为企业开发数控机床远程状态监测与故障预警平台，分两期交付。",
         (("cslg", "完成平台设计、开发与部署，培训企业运维人员。"),
          ("hengrui", "提供设备接口和现场调试条件，按进度支付技术服务费。")),
         "Y-1-04-01", "Y+1-03-31", S.ACTIVE, signed="Y-1-03-28", by="enterprise_admin"),
    Deal("tourism_base", A.BASE, "旅游管理专业校外实训基地协议",
         "人力资源服务机构联合合作酒店为旅游管理专业学生提供前厅、客房和会展服务实训岗位。",
         (("hzvtc", "安排学生分批实训并派带队教师。"),
          ("huizhi", "对接合作酒店岗位，负责学生岗前培训和实训期间管理。")),
         "Y-3-03-01", "T+41", S.ACTIVE, signed="Y-3-02-25"),
)

# An amendment under an agreement in force: the deal it amends, title, summary, signed on paper.
AMENDMENT = ("college", "补充协议：增设五轴加工实训方向",
             "企业追加投入两台五轴加工中心，产业学院增设五轴加工实训方向，企业导师增至8名，其余条款不变。",
             "T-6")


class Offer(NamedTuple):
    """A school's proposal for a need."""

    school: str
    offer: str
    teachers: str
    schedule: str
    cost: str = ""


class Need(NamedTuple):
    """A training need. ``stage``: open, matched (``accept`` is the chosen offer), agreement
    (matched, then a draft agreement made from the match), overdue (closed when its answer-by day
    passed) or closed (by the enterprise). Days are from today; ``posted`` is days ago;
    ``withdrawn`` offers were withdrawn by their school. ``{next}`` in a title is next year."""

    unit: str
    kind: str
    title: str
    description: str
    industry: str
    categories: str
    headcount: int
    starts: int
    days: int
    place: str
    deadline: int
    posted: int
    stage: str
    offers: tuple[Offer, ...] = ()
    accept: int = 0
    withdrawn: int = 0


NEEDS = (
    Need("hengrui", NeedKind.UPSKILLING, "数控系统调试与维修技能提升培训",
         "售后服务部现有维修工程师需系统提升西门子、发那科数控系统的参数调试、PLC诊断和伺服故障排除能力，"
         "培训后参加企业内部技师评定。",
         "C", "46", 25, 40, 30, "苏州恒锐数控机床有限公司培训中心（吴中经济技术开发区）", 20, 6, "open",
         (Offer("siit", "开设“数控系统调试与维修”模块化课程，理论16学时、实操48学时，"
                        "使用学院数控维修实训室。",
                "机电工程学院数控维修教学团队（含2名高级技师）", "周六、周日集中授课，共4周", "每人2400元"),
          Offer("wxit", "依托智能制造专业委员会课程包，提供数控系统故障诊断专项培训和考核。",
                "机械技术学院 数控教研室教师3名", "工作日晚间及周六，共6周", "每人2200元"),
          Offer("czmec", "送教上门，在企业培训中心开展数控维修实操培训，配套线上课程。",
                "数控技术专业带头人及企业兼职教师", "连续10个工作日", "按培训总包价4.8万元"))),
    Need("hengrui", NeedKind.TALENT, "{next}届数控技术专业订单班人才需求",
         "因新厂区投产，计划从合作院校订单培养数控加工和装配调试技术员30名，订单学生享受企业奖学金，"
         "毕业后签订劳动合同。",
         "C", "46", 30, 60, 600, "苏州市吴中区（企业新厂区）", 30, 18, "agreement",
         (Offer("siit", "在数控技术专业二年级组建“恒锐订单班”，企业课程占比35%，最后一学期在企业岗位实习。",
                "数控技术专业教学团队，企业导师联合授课", "自下学期起至毕业，共三个学期",
                "企业承担奖学金和实训耗材"),
          Offer("tczz", "由中职数控技术应用专业组建订单班，并衔接学院三年制高职继续培养。",
                "数控专业骨干教师4名", "自下学期起，共两年", "企业承担实训耗材")),
         accept=0),
    Need("hengrui", NeedKind.SAFETY, "机加工车间安全生产与应急处置培训",
         "新车间投产前需对一线员工开展机械加工安全操作、消防和应急处置培训，须取得培训合格证明。",
         "C", "42 46", 80, 35, 5, "苏州恒锐数控机床有限公司新厂区", 25, 20, "open"),
    Need("xisheng", NeedKind.CERTIFICATION, "工业机器人操作与运维（1+X）职业技能等级证书培训",
         "计划组织系统集成事业部30名员工考取工业机器人操作与运维职业技能等级证书（中级）。",
         "C", "46", 30, 45, 20, "无锡锡晟智能装备股份有限公司实训基地", 25, 10, "open",
         (Offer("wxit", "学院为该证书考核站点，提供考前培训和考核组织，使用企业现有工作站实操。",
                "工业机器人技术专业考评员2名、教师3名", "每周二、四晚间及周六，共5周",
                "培训费每人1500元，考核费另计"),)),
    Need("xisheng", NeedKind.INDUCTION, "新入职工程师岗前培训",
         "今年校园招聘入职的40名电气和机械工程师需完成为期两周的岗前培训：企业文化、安全规范、产品与工艺基础。",
         "C", "46 51", 40, 30, 14, "无锡市新吴区锡兴路36号", 15, 12, "matched",
         (Offer("wxit", "与企业共同设计岗前培训方案，承担工艺基础和安全规范模块，安排实训室实操。",
                "电气技术学院教师4名", "两周全日制", "每人1200元"),
          Offer("niit", "提供智能制造通识和产品基础课程，可线上线下结合。",
                "机械工程学院教师3名", "两周，每天6学时", "每人1500元")),
         accept=0),
    Need("demark", NeedKind.TALENT, "机电一体化双元制学徒招募",
         "按德国双元制标准招收机电一体化方向学徒15名，学徒期三年，企业发放学徒津贴。",
         "C", "46", 15, 90, 1000, "太仓市经济开发区北京西路58号", 45, 8, "open",
         (Offer("tczz", "推荐中职机电技术应用专业学生，按双元制课程安排在校学习。",
                "机电专业双元制教学团队", "每学年在校两学期、在企两学期", "无"),
          Offer("csit", "以现代学徒制形式招生，工学交替培养，考核合格颁发学历证书和AHK证书。",
                "机电一体化技术专业教师及德方培训师", "三年，工学交替", "企业承担学徒津贴及AHK考试费"))),
    Need("bode", NeedKind.INDUCTION, "SMT产线新员工岗前培训",
         "旺季前新招一线员工60名，需完成SMT工艺、静电防护和质量意识岗前培训。",
         "C", "51", 60, 20, 5, "昆山市开发区前进东路829号", -4, 30, "overdue",
         (Offer("ksyz", "使用学校电子装联实训室开展SMT工艺实操培训。", "电子专业教师3名",
                "5个工作日全日制", "每人600元"),
          Offer("njcit", "提供电子装联岗前培训课程和线上考核。", "电子信息学院教师2名",
                "3天集中授课", "每人800元"))),
    Need("bode", NeedKind.SAFETY, "静电防护与危险化学品安全培训",
         "车间全体操作员每年一次静电防护和危险化学品（助焊剂、清洗剂）安全复训。",
         "C", "42", 120, 30, 3, "昆山博德电子科技有限公司", 20, 2, "open"),
    Need("yunhu", NeedKind.UPSKILLING, "工业互联网平台开发技术培训",
         "研发中心20名开发人员需掌握工业互联网平台的设备接入、时序数据处理和低代码应用开发。",
         "I", "51", 20, 40, 20, "苏州工业园区金鸡湖大道1355号", 25, 9, "open",
         (Offer("ccit", "开设工业互联网平台开发研修班，结合学院工业互联网实训平台开展项目实操。",
                "软件与大数据学院教师3名", "每周六全天，共6周", "每人3000元"),
          Offer("jit", "提供时序数据处理与低代码开发专题课程。", "软件工程学院教师2名",
                "每周三晚间，共8周", "每人2600元"),
          Offer("wzzz", "提供工业互联网基础课程。", "信息技术专业教师2名", "两周集中授课", "每人1200元")),
         withdrawn=1),
    Need("yunhu", NeedKind.CERTIFICATION, "Web前端开发（1+X）职业技能等级证书培训",
         "拟组织新入职前端开发人员考取Web前端开发职业技能等级证书。",
         "I", "51", 12, 30, 30, "苏州工业园区金鸡湖大道1355号", 20, 25, "closed",
         (Offer("ccit", "学院为该证书考核站点，提供考前培训和模拟考试。", "数字媒体专业教师2名",
                "周末授课，共4周", "每人1800元"),)),
    Need("xinrui", NeedKind.TALENT, "集成电路封装测试技术员需求",
         "封装测试产线扩产，需集成电路技术专业应届毕业生20名，从事封装工艺和测试设备维护。",
         "C", "51", 20, 100, 365, "上海市浦东新区张江高科技园区碧波路690号", 50, 5, "open",
         (Offer("jsit", "推荐集成电路技术专业应届毕业生，并在岗前开设封装测试工艺强化课程。",
                "集成电路学院教师2名", "毕业前一学期", "无"),)),
    Need("chiyuan", NeedKind.SAFETY, "新能源汽车高压电安全作业培训",
         "电驱装配线员工需取得高压电安全作业培训合格证明。",
         "C", "46 43", 50, 10, 3, "常州市武进国家高新区龙惠路16号", -2, 28, "overdue"),
    Need("dexin", NeedKind.UPSKILLING, "智能财务共享与税务数字化培训",
         "审计和税务部门30名员工需掌握财务共享中心运营、电子发票和数字化税务申报。",
         "L", "53", 30, 30, 10, "苏州市姑苏区三香路998号", 20, 7, "open",
         (Offer("jssvc", "依托学院智能财务实训中心开设专题研修。", "财经学院教师3名（含注册会计师1名）",
                "每周五下午，共5周", "每人1600元"),
          Offer("wzzz", "提供财务软件操作与电子发票实务课程。", "财经商贸专业教师2名",
                "每周六上午，共5周", "每人900元"))),
    Need("huizhi", NeedKind.INDUCTION, "合作酒店新员工服务礼仪岗前培训",
         "为合作酒店新招前厅、客房服务人员35名提供服务礼仪和岗位技能岗前培训。",
         "H", "54", 35, 25, 7, "无锡市滨湖区合作酒店培训室", 15, 4, "open",
         (Offer("hzvtc", "旅游管理专业教师团队提供服务礼仪、前厅和客房实务培训。",
                "旅游学院教师3名", "7天全日制", "每人900元"),)),
)
# fmt: on

DEAL_DATE = re.compile(r"^(?:Y([+-]\d+)-(\d\d)-(\d\d)|T([+-]\d+))$")


def _day(text: str, today: date) -> date:
    years, month, day, days = DEAL_DATE.match(text).groups()
    if days is not None:
        return today + timedelta(days=int(days))
    return date(today.year + int(years), int(month), int(day))


def _scan() -> ContentFile:
    """A one-page PDF standing in for the signed paper copy."""
    text = b"BT /F1 18 Tf 72 760 Td (Signed agreement - demo scan) Tj ET"
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    )
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return ContentFile(bytes(pdf), name="签字扫描件.pdf")


def is_loaded() -> bool:
    return Agreement.objects.filter(
        title=DEALS[0].title, parties__unit__credit_code=members_demo.LEADING_CODE
    ).exists()


def register_is_empty() -> bool:
    return not (Agreement.objects.exists() or TrainingNeed.objects.exists())


class _Loader:
    def __init__(self):
        self.today = timezone.localdate()
        self.units = members_demo.units()
        self.logins = User.objects.in_bulk([login[0] for login in members_demo.LOGINS], field_name="username")
        self.admins = members_demo.unit_admins()
        self.agreements: dict[str, Agreement] = {}

    def admin(self, key: str) -> User:
        return self.admins[self.units[key].pk]

    def user(self, key: str) -> User:
        """A demo login by user name, or the administrator of a unit by its key."""
        return self.logins.get(key) or self.admin(key)

    def deal(self, deal: Deal) -> Agreement:
        by = self.user(deal.by)
        parties = [
            {"unit": self.units[key], "role": role, "obligations": obligations}
            for (key, obligations), role in zip(deal.parties, PartyRole.values, strict=False)
        ]
        fields = {
            "title": deal.title,
            "summary": deal.summary,
            "apprentice_name": deal.apprentice,
            "starts_on": _day(deal.starts, self.today),
            "ends_on": _day(deal.ends, self.today),
        }
        if deal.renews:
            agreement = services.renew_agreement(self.agreements[deal.renews], by)
            for name, value in fields.items():
                setattr(agreement, name, value)
            services.update_agreement(agreement, parties, by)
        else:
            agreement = Agreement(kind=deal.kind, **fields)
            agreement._change_reason = _("Demo data")
            services.register_agreement(agreement, parties, by)
        if deal.signed:
            agreement = self.sign_on_paper(agreement, by, deal.signed)
        elif deal.status != S.DRAFT:
            agreement = services.submit_for_signature(agreement, by)
            signers = [key for key, _o in deal.parties] if deal.status in IN_FORCE else deal.signers.split()
            for key in signers:
                agreement = services.sign_agreement(agreement, self.units[key].pk, self.admin(key))
        if deal.status == S.TERMINATED:
            agreement = services.terminate_agreement(agreement, self.logins["secretariat"], deal.reason)
        self.agreements[deal.key] = agreement
        return agreement

    def sign_on_paper(self, agreement: Agreement, by: User, signed: str) -> Agreement:
        signed_on = _day(signed, self.today)
        agreement = services.record_paper_signing(agreement, by, _scan(), signed_on)
        # The workflow records the signatures as of now; on paper they were given that day.
        AgreementParty.objects.filter(agreement=agreement).update(
            signed_at=timezone.make_aware(datetime.combine(signed_on, time(10)))
        )
        return agreement

    def amendment(self) -> Agreement:
        key, title, summary, signed = AMENDMENT
        by = self.logins["school_admin"]
        amendment = services.add_amendment(self.agreements[key], by, title, summary)
        return self.sign_on_paper(amendment, by, signed)

    def need(self, spec: Need, industries, categories) -> TrainingNeed:
        enterprise = self.admin(spec.unit)
        starts_on = self.today + timedelta(days=spec.starts)
        deadline = self.today + timedelta(days=spec.deadline)
        need = TrainingNeed(
            unit=self.units[spec.unit],
            kind=spec.kind,
            title=spec.title.format(next=self.today.year + 1),
            description=spec.description,
            industry=industries[spec.industry],
            headcount=spec.headcount,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=spec.days),
            place=spec.place,
            deadline=max(deadline, self.today),  # the workflow takes no date already passed
        )
        services.post_need(need, [categories[code] for code in spec.categories.split()], enterprise)
        posted = timezone.now() - timedelta(days=spec.posted)
        TrainingNeed.objects.filter(pk=need.pk).update(created=posted)
        # Schools answered in the days after it was posted, before the answer-by day.
        until = min(timezone.now(), timezone.make_aware(datetime.combine(deadline, time(18))))
        proposals = []
        for position, offer in enumerate(spec.offers):
            school = self.units[offer.school]
            proposal = Proposal(
                need=need,
                unit=school,
                offer=offer.offer,
                teachers=offer.teachers,
                schedule=offer.schedule,
                cost_note=offer.cost,
            )
            # The demo's school staff login answers for its school, as staff usually do.
            by = self.logins["school_staff"] if offer.school == "siit" else self.admin(offer.school)
            services.submit_proposal(proposal, by)
            answered = posted + (until - posted) * (position + 1) / (len(spec.offers) + 1)
            Proposal.objects.filter(pk=proposal.pk).update(created=answered)
            proposals.append(proposal)
        # An answer-by day already past is set only now that the schools have answered in time;
        # load() then closes the need as the daily job would.
        TrainingNeed.objects.filter(pk=need.pk).update(deadline=deadline)
        for proposal in proposals[len(proposals) - spec.withdrawn :]:
            services.withdraw_proposal(proposal, proposal.submitted_by)
        if spec.stage in ("matched", "agreement"):
            services.accept_proposal(proposals[spec.accept], enterprise)
        if spec.stage == "agreement":
            services.draft_agreement_from_match(need, enterprise)
        if spec.stage == "closed":
            services.close_need(need, enterprise)
        return need


def load() -> dict[str, int]:
    """Create the demo agreements and training needs in one transaction, e-mailing no one (the
    bell still fills up); return how many of each were made."""
    with transaction.atomic(), email_held_back():
        loader = _Loader()
        for deal in DEALS:
            loader.deal(deal)
        loader.amendment()
        industries = Industry.objects.in_bulk(field_name="code")
        categories = MajorCategory.objects.in_bulk(field_name="code")
        needs = [loader.need(spec, industries, categories) for spec in NEEDS]
        # What the daily jobs would do next: close needs whose answer-by day passed and send the
        # reminders of agreements that end soon.
        services.close_overdue_needs(loader.today)
        services.run_agreement_upkeep(loader.today)
    return {
        "agreements": Agreement.objects.count(),
        "needs": len(needs),
        "proposals": Proposal.objects.count(),
    }
