"""The demo group that ``manage.py load_demo`` creates for a newcomer: a vocational education group
led from Suzhou, with schools, enterprises, associations, institutes and agencies of the Yangtze
River Delta and a few partners beyond it.

Schools and public bodies appear under their real names; the enterprises, associations, two of
the institutes and every person are invented. Credit codes, addresses, phone numbers and e-mail
addresses are made up but well-formed (credit codes carry correct check digits) and derived from
the names, so every run produces the same data.
"""

import itertools
import re
import zlib
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.choices import ApplicationStatus, CouncilRole, UnitKind, UnitStatus
from members.models import Committee, Industry, Major, MembershipApplication, MemberUnit, User
from members.validators import uscc_check_digit
from portal.core.roles import Role

K, R = UnitKind, CouncilRole

PASSWORD = "demo-pass-2026"

# Demo logins: user name, role, full name, pinyin for the e-mail address, unit key. The group's
# own offices have no unit; like most groups' secretariats they sit at the leading school.
LOGINS = (
    ("secretariat", Role.SECRETARIAT, "顾卫东", "guweidong", None),
    ("supervisor", Role.SUPERVISOR, "钱立新", "qianlixin", None),
    ("school_admin", Role.UNIT_ADMIN, "陈雅琴", "chenyaqin", "siit"),
    ("school_staff", Role.UNIT_STAFF, "刘振华", "liuzhenhua", "siit"),
    ("teacher", Role.TEACHER, "孙国栋", "sunguodong", "siit"),
    ("enterprise_admin", Role.UNIT_ADMIN, "张海峰", "zhanghaifeng", "hengrui"),
    ("enterprise_staff", Role.UNIT_STAFF, "李思雨", "lisiyu", "hengrui"),
)

# Place: province (GB/T 2260), prefecture-level city, division code of the registering authority
# (county-level where units register there), telephone area code.
PLACES = {
    "苏州": ("32", "苏州市", "320500", "0512"),
    "虎丘": ("32", "苏州市", "320505", "0512"),
    "吴中": ("32", "苏州市", "320506", "0512"),
    "相城": ("32", "苏州市", "320507", "0512"),
    "常熟": ("32", "苏州市", "320581", "0512"),
    "张家港": ("32", "苏州市", "320582", "0512"),
    "昆山": ("32", "苏州市", "320583", "0512"),
    "太仓": ("32", "苏州市", "320585", "0512"),
    "南京": ("32", "南京市", "320100", "025"),
    "无锡": ("32", "无锡市", "320200", "0510"),
    "常州": ("32", "常州市", "320400", "0519"),
    "南通": ("32", "南通市", "320600", "0513"),
    "徐汇": ("31", "上海市", "310104", "021"),
    "浦东": ("31", "上海市", "310115", "021"),
    "奉贤": ("31", "上海市", "310120", "021"),
    "杭州": ("33", "杭州市", "330100", "0571"),
    "宁波": ("33", "宁波市", "330200", "0574"),
    "鄞州": ("33", "宁波市", "330212", "0574"),
    "金华": ("33", "金华市", "330700", "0579"),
    "合肥": ("34", "合肥市", "340100", "0551"),
    "芜湖": ("34", "芜湖市", "340200", "0553"),
    "南山": ("44", "深圳市", "440305", "0755"),
}

# The first two characters of a credit code (GB 32100-2015): the registering authority (1
# establishment office, 5 civil affairs, 9 market regulation) and the kind of organisation
# (11 government organ, 12 public institution, 51 social group, 52 private non-enterprise unit,
# 53 foundation, 91 enterprise). A spec's ``registry`` overrides the kind's usual one.
REGISTRY = {
    K.SECONDARY_VOCATIONAL: "12",
    K.HIGHER_VOCATIONAL: "12",
    K.VOCATIONAL_UNDERGRADUATE: "12",
    K.APPLIED_UNDERGRADUATE: "12",
    K.ENTERPRISE: "91",
    K.INDUSTRY_ASSOCIATION: "51",
    K.RESEARCH_INSTITUTE: "12",
    K.GOVERNMENT_AGENCY: "11",
    K.OTHER: "12",
}

# Majors of the national vocational major catalogue (2021): 2x bachelor, 4x–5x higher, 6x–7x
# secondary level. Applied undergraduate universities teach from the general undergraduate
# catalogue, which the register does not hold, so they list none.
MAJOR_NAMES = {
    "260101": "机械设计制造及自动化",
    "260302": "机械电子工程技术",
    "310203": "软件工程技术",
    "310205": "大数据工程技术",
    "460101": "机械设计与制造",
    "460103": "数控技术",
    "460301": "机电一体化技术",
    "460305": "工业机器人技术",
    "460306": "电气自动化技术",
    "460701": "汽车制造与试验技术",
    "460702": "新能源汽车技术",
    "510101": "电子信息工程技术",
    "510102": "物联网应用技术",
    "510201": "计算机应用技术",
    "510202": "计算机网络技术",
    "510203": "软件技术",
    "510204": "数字媒体技术",
    "510205": "大数据技术",
    "510206": "云计算技术应用",
    "510207": "信息安全技术应用",
    "510209": "人工智能技术应用",
    "510401": "集成电路技术",
    "520201": "护理",
    "530302": "大数据与会计",
    "530701": "电子商务",
    "530802": "现代物流管理",
    "540101": "旅游管理",
    "570102": "学前教育",
    "660103": "数控技术应用",
    "660301": "机电技术应用",
    "700206": "汽车运用与维修",
    "710201": "计算机应用",
    "710204": "数字媒体技术应用",
    "730301": "会计事务",
    "730701": "电子商务",
}


class Spec(NamedTuple):
    """A member unit. ``industries`` are GB/T 4754 section codes; ``majors`` are
    ``code:yearly intake`` pairs."""

    key: str
    kind: str
    name_zh: str
    name_en: str
    short_name: str
    place: str
    address: str
    domain: str
    industries: str
    role: str
    joined: str
    description: str
    majors: str = ""
    status: str = UnitStatus.ACTIVE
    left: str = ""
    registry: str = ""


# fmt: off
UNITS = (
    # The leading school comes first: its credit code marks the demo as loaded.
    Spec("siit", K.HIGHER_VOCATIONAL, "苏州工业职业技术学院", "Suzhou Institute of Industrial Technology",
         "苏工院", "吴中", "江苏省苏州市吴中区致能大道1号", "www.siit.edu.cn", "C I P", R.CHAIR,
         "2018-06-28", "以智能制造和电子信息专业群为特色的公办高职院校，集团牵头学校，秘书处设在本校。",
         "460301:240 460305:160 460103:120 460306:120 510201:100 510205:80"),
    Spec("jssvc", K.HIGHER_VOCATIONAL, "苏州市职业大学", "Suzhou Vocational University", "苏职大", "吴中",
         "江苏省苏州市吴中区国际教育园致能大道106号", "www.jssvc.edu.cn", "C I F", R.VICE_CHAIR,
         "2018-06-28", "苏州市属公办高职院校，机电、信息与商贸类专业面向本地先进制造业和现代服务业。",
         "460301:160 510203:120 530302:200 530701:120 540101:80"),
    Spec("wxit", K.HIGHER_VOCATIONAL, "无锡职业技术学院", "Wuxi Institute of Technology", "无锡职院",
         "无锡", "江苏省无锡市滨湖区高浪西路1600号", "www.wxit.edu.cn", "C I", R.VICE_CHAIR, "2018-06-28",
         "以装备制造类专业见长的公办高职院校，牵头集团智能制造专业委员会。",
         "460101:200 460301:200 460305:120 460306:160 460702:120 510209:80"),
    Spec("czmec", K.HIGHER_VOCATIONAL, "常州机电职业技术学院",
         "Changzhou Vocational Institute of Mechatronic Technology", "常机电", "常州",
         "江苏省常州市武进区鸣新中路26号", "www.czmec.cn", "C G", R.VICE_CHAIR, "2018-06-28",
         "机电类高职院校，在新能源汽车和数控技术领域与区域企业共建产业学院。",
         "460103:160 460301:200 460701:120 460702:160 460305:120"),
    Spec("ccit", K.HIGHER_VOCATIONAL, "常州信息职业技术学院", "Changzhou College of Information Technology",
         "常信院", "常州", "江苏省常州市武进区鸣新中路22号", "www.ccit.js.cn", "I", R.EXECUTIVE,
         "2018-09-12", "电子信息类高职院校，软件、网络与数字媒体专业承担集团多个订单班。",
         "510201:160 510202:160 510203:200 510204:100 510206:80 510207:80"),
    Spec("njcit", K.HIGHER_VOCATIONAL, "南京信息职业技术学院",
         "Nanjing Vocational College of Information Technology", "南信院", "南京",
         "江苏省南京市栖霞区仙林大学城文澜路99号", "www.njcit.cn", "I C", R.EXECUTIVE, "2018-09-12",
         "以电子信息和通信技术为主干的高职院校，牵头集团电子信息专业委员会。",
         "510101:200 510102:160 510401:120 510203:160 510209:120"),
    Spec("jsit", K.HIGHER_VOCATIONAL, "江苏信息职业技术学院",
         "Jiangsu Vocational College of Information Technology", "江苏信息职院", "无锡",
         "江苏省无锡市惠山区钱藕路1号", "www.jsit.edu.cn", "I C", R.EXECUTIVE, "2019-04-18",
         "集成电路与物联网方向特色鲜明，与半导体企业共建集成电路实训中心。",
         "510401:160 510101:120 510205:120 530701:100"),
    Spec("csit", K.HIGHER_VOCATIONAL, "苏州健雄职业技术学院", "Suzhou Chien-Shiung Institute of Technology",
         "健雄学院", "太仓", "江苏省太仓市科教新城健雄路1号", "www.csit.edu.cn", "C", R.EXECUTIVE,
         "2018-09-12", "地处太仓中德合作园区，借鉴德国双元制与德资企业开展现代学徒制培养。",
         "460101:120 460301:160 460305:120 530802:100"),
    Spec("nbpt", K.HIGHER_VOCATIONAL, "宁波职业技术学院", "Ningbo Polytechnic", "宁职院", "宁波",
         "浙江省宁波市北仑区学府路388号", "www.nbpt.edu.cn", "C G", R.COUNCIL, "2020-05-20",
         "服务宁波港口经济与先进制造业，机电和物流类专业与集团企业开展合作。",
         "460301:160 530802:160 510202:120"),
    Spec("hzvtc", K.HIGHER_VOCATIONAL, "杭州职业技术学院", "Hangzhou Vocational & Technical College",
         "杭职院", "杭州", "浙江省杭州市钱塘区学源街68号", "www.hzvtc.edu.cn", "C F H", R.COUNCIL,
         "2020-05-20", "探索“校企共同体”办学，电子商务与旅游类专业与集团成员共建实训基地。",
         "460301:120 530701:160 540101:100"),
    Spec("stiei", K.HIGHER_VOCATIONAL, "上海电子信息职业技术学院",
         "Shanghai Technical Institute of Electronics & Information", "上电信", "奉贤",
         "上海市奉贤区海思路3098号", "www.stiei.edu.cn", "I C", R.COUNCIL, "2021-03-26",
         "上海市公办高职院校，电子信息与智能制造专业面向长三角电子制造企业。",
         "510101:160 510201:160 460306:120"),
    Spec("ahcme", K.HIGHER_VOCATIONAL, "安徽机电职业技术学院",
         "Anhui Technical College of Mechanical and Electrical Engineering", "安徽机电", "芜湖",
         "安徽省芜湖市弋江区文昌西路16号", "www.ahcme.cn", "C", R.MEMBER, "2022-06-16",
         "安徽省机电类高职院校，参与集团跨省教师企业实践项目。", "460101:200 460103:160 460301:200"),
    Spec("niit", K.VOCATIONAL_UNDERGRADUATE, "南京工业职业技术大学",
         "Nanjing Vocational University of Industry Technology", "南工职大", "南京",
         "江苏省南京市栖霞区羊山北路1号", "www.niit.edu.cn", "C I", R.VICE_CHAIR, "2018-06-28",
         "公办职业本科高校，开设机械、软件和大数据方向的职业本科专业。",
         "260101:80 310203:80 310205:60 460301:240 510203:160"),
    Spec("szpu", K.VOCATIONAL_UNDERGRADUATE, "深圳职业技术大学", "Shenzhen Polytechnic University",
         "深职大", "南山", "广东省深圳市南山区西丽湖留仙大道7098号", "www.szpu.edu.cn", "C I", R.EXECUTIVE,
         "2021-03-26", "粤港澳大湾区的职业本科高校，跨区域参与集团人工智能与工业机器人项目。",
         "310203:120 260302:80 510209:160 460305:160"),
    Spec("jhc", K.VOCATIONAL_UNDERGRADUATE, "金华职业技术大学",
         "Jinhua University of Vocational Technology", "金职大", "金华", "浙江省金华市婺城区海棠西路1188号",
         "www.jhc.cn", "C Q", R.COUNCIL, "2023-09-20",
         "浙江中部的职业本科高校，新能源汽车与医护类专业与集团企业开展订单培养。",
         "260101:60 460702:160 520201:200 570102:160"),
    Spec("cslg", K.APPLIED_UNDERGRADUATE, "常熟理工学院", "Changshu Institute of Technology", "常熟理工",
         "常熟", "江苏省常熟市南三环路99号", "www.cslg.edu.cn", "C I", R.EXECUTIVE, "2019-04-18",
         "应用型本科高校，与集团高职院校开展“3+2”分段培养和专转本衔接。"),
    Spec("usts", K.APPLIED_UNDERGRADUATE, "苏州科技大学", "Suzhou University of Science and Technology",
         "苏科大", "虎丘", "江苏省苏州市虎丘区科锐路1号", "www.usts.edu.cn", "E M", R.COUNCIL, "2020-05-20",
         "以工科见长的省属本科高校，为集团成员提供应用研究与教师培训支持。"),
    Spec("wxu", K.APPLIED_UNDERGRADUATE, "无锡太湖学院", "Wuxi Taihu University", "太湖学院", "无锡",
         "江苏省无锡市滨湖区钱荣路68号", "www.wxu.edu.cn", "C J", R.MEMBER, "2022-06-16",
         "民办应用型本科高校，智能制造与会计类专业与集团企业合作安排实习和就业。", registry="52"),
    Spec("jit", K.APPLIED_UNDERGRADUATE, "金陵科技学院", "Jinling Institute of Technology", "金科院",
         "南京", "江苏省南京市江宁区弘景大道99号", "www.jit.edu.cn", "I", R.COUNCIL, "2021-03-26",
         "南京市属应用型本科高校，软件与数字创意方向与集团信息类企业共建实践基地。"),
    Spec("sipits", K.SECONDARY_VOCATIONAL, "苏州工业园区工业技术学校",
         "Suzhou Industrial Park Industrial Technology School", "园区工技", "苏州",
         "江苏省苏州工业园区星湖街515号", "www.sipits.cn", "C I", R.EXECUTIVE, "2018-06-28",
         "园区内的公办中职学校，机电与信息类专业与外资企业合作开展学徒制培养。",
         "660301:120 660103:80 710201:120"),
    Spec("ksyz", K.SECONDARY_VOCATIONAL, "江苏省昆山第一中等专业学校",
         "Kunshan No.1 Secondary Vocational School", "昆山一中专", "昆山",
         "江苏省昆山市玉山镇前进西路1188号", "www.ks1zz.cn", "C I", R.COUNCIL, "2019-04-18",
         "昆山市公办中职学校，机电、数字媒体与电商专业对接昆山电子信息产业。",
         "660301:160 710204:80 730701:120"),
    Spec("tczz", K.SECONDARY_VOCATIONAL, "江苏省太仓中等专业学校", "Taicang Secondary Vocational School",
         "太仓中专", "太仓", "江苏省太仓市城厢镇县府东街99号", "www.tczz.net", "C", R.EXECUTIVE,
         "2018-09-12", "与太仓德资企业长期合作开展双元制培养，输送机电与数控技术工人。",
         "660103:120 660301:120 700206:80"),
    Spec("wzzz", K.SECONDARY_VOCATIONAL, "江苏省吴中中等专业学校", "Wuzhong Secondary Vocational School",
         "吴中中专", "吴中", "江苏省苏州市吴中区东吴南路68号", "www.szwzzz.cn", "F I", R.COUNCIL,
         "2020-05-20", "吴中区公办中职学校，信息技术与财经商贸类专业为区域中小企业输送技能人才。",
         "710201:120 730301:120 730701:80"),
    Spec("xczz", K.SECONDARY_VOCATIONAL, "江苏省相城中等专业学校", "Xiangcheng Secondary Vocational School",
         "相城中专", "相城", "江苏省苏州市相城区元和街道御窑路88号", "www.szxczz.cn", "C G", R.COUNCIL,
         "2021-03-26", "相城区公办中职学校，汽车运用与维修、机电技术应用专业与集团汽车企业合作。",
         "660301:80 700206:120 710204:80"),
    Spec("sgx", K.SECONDARY_VOCATIONAL, "上海市工业技术学校", "Shanghai Industrial Technology School",
         "上海工校", "徐汇", "上海市徐汇区龙吴路2555号", "www.shgyjx.cn", "C", R.COUNCIL, "2021-03-26",
         "上海市公办中职学校，数控与机电专业参与长三角中高职贯通培养。", "660103:80 660301:120"),
    Spec("zhongce", K.SECONDARY_VOCATIONAL, "杭州市中策职业学校", "Hangzhou Zhongce Vocational School",
         "中策职校", "杭州", "浙江省杭州市拱墅区长木路80号", "www.hzzcvs.cn", "C F G", R.MEMBER,
         "2022-06-16", "杭州市公办中职学校，汽修、计算机与电商专业办学规模较大。",
         "700206:160 710201:120 730701:120"),
    Spec("yinzhou", K.SECONDARY_VOCATIONAL, "宁波市鄞州职业教育中心学校",
         "Ningbo Yinzhou Vocational Education Center School", "鄞州职教中心", "鄞州",
         "浙江省宁波市鄞州区首南街道学府路1号", "www.yzzjzx.cn", "C F", R.MEMBER, "2023-09-20",
         "鄞州区公办中职学校，机电与会计事务专业服务本地制造企业。", "660301:120 710201:120 730301:80"),
    Spec("hengrui", K.ENTERPRISE, "苏州恒锐数控机床有限公司", "Suzhou Hengrui CNC Machine Tool Co., Ltd.",
         "恒锐数控", "吴中", "江苏省苏州市吴中经济技术开发区淞苇路1288号", "www.hengrui-cnc.com.cn", "C",
         R.VICE_CHAIR, "2018-06-28", "数控机床与柔性加工单元制造商，与集团院校共建数控技术产业学院。"),
    Spec("xisheng", K.ENTERPRISE, "无锡锡晟智能装备股份有限公司",
         "Wuxi Xisheng Intelligent Equipment Co., Ltd.", "锡晟智能", "无锡", "江苏省无锡市新吴区锡兴路36号",
         "www.xisheng-ie.com", "C M", R.VICE_CHAIR, "2018-06-28",
         "工业机器人系统集成与智能产线供应商，设有向集团开放的生产性实训基地。"),
    Spec("demark", K.ENTERPRISE, "太仓德玛克精密部件有限公司",
         "Taicang Demark Precision Components Co., Ltd.", "德玛克", "太仓",
         "江苏省太仓市经济开发区北京西路58号", "www.demark-tc.com", "C", R.EXECUTIVE, "2018-09-12",
         "德资精密部件企业，按双元制与太仓中专、健雄学院合作培养机电学徒。"),
    Spec("bode", K.ENTERPRISE, "昆山博德电子科技有限公司", "Kunshan Bode Electronic Technology Co., Ltd.",
         "博德电子", "昆山", "江苏省昆山市开发区前进东路829号", "www.bode-ks.com", "C I", R.EXECUTIVE,
         "2019-04-18", "消费电子与汽车电子组件制造商，每年向集团院校提供订单班和岗位实习。"),
    Spec("yunhu", K.ENTERPRISE, "苏州云湖软件科技有限公司", "Suzhou Yunhu Software Technology Co., Ltd.",
         "云湖软件", "苏州", "江苏省苏州工业园区金鸡湖大道1355号", "www.yunhusoft.com", "I", R.EXECUTIVE,
         "2019-04-18", "工业软件与制造执行系统开发商，与信息类院校共建软件技术订单班。"),
    Spec("xinrui", K.ENTERPRISE, "上海芯瑞半导体科技有限公司",
         "Shanghai Xinrui Semiconductor Technology Co., Ltd.", "芯瑞半导体", "浦东",
         "上海市浦东新区张江高科技园区碧波路690号", "www.xinrui-semi.com", "C I", R.COUNCIL, "2020-05-20",
         "集成电路封装测试企业，为集成电路技术专业提供岗位实习和企业导师。"),
    Spec("chiyuan", K.ENTERPRISE, "常州驰远新能源汽车零部件有限公司",
         "Changzhou Chiyuan New Energy Auto Parts Co., Ltd.", "驰远汽配", "常州",
         "江苏省常州市武进国家高新区龙惠路16号", "www.chiyuan-auto.com", "C", R.COUNCIL, "2020-05-20",
         "新能源汽车电驱与热管理部件制造商，与常州机电合作开设新能源汽车订单班。"),
    Spec("ruineng", K.ENTERPRISE, "合肥锐能动力电池有限公司", "Hefei Ruineng Power Battery Co., Ltd.",
         "锐能电池", "合肥", "安徽省合肥市经济技术开发区繁华大道2666号", "www.ruineng-battery.com", "C D",
         R.COUNCIL, "2025-03-18", "动力电池模组与储能系统制造商，经入会申请于2025年加入集团。"),
    Spec("pengcheng", K.ENTERPRISE, "深圳鹏城智联通信技术有限公司",
         "Shenzhen Pengcheng Zhilian Communication Technology Co., Ltd.", "鹏城智联", "南山",
         "广东省深圳市南山区科技园科苑路15号", "www.pczl-tech.com", "I", R.COUNCIL, "2021-03-26",
         "5G工业互联网模组与网关供应商，参与集团物联网课程开发。"),
    Spec("huizhi", K.ENTERPRISE, "苏州汇智人力资源服务有限公司",
         "Suzhou Huizhi Human Resources Service Co., Ltd.", "汇智人力", "苏州",
         "江苏省苏州市姑苏区人民路3118号", "www.huizhi-hr.com", "L", R.MEMBER, "2023-09-20",
         "人力资源服务机构，为集团院校毕业生提供就业对接和岗前培训。"),
    Spec("dexin", K.ENTERPRISE, "苏州德信会计师事务所有限公司",
         "Suzhou Dexin Certified Public Accountants Co., Ltd.", "德信会计", "苏州",
         "江苏省苏州市姑苏区三香路998号", "www.dexincpa.cn", "L J", R.MEMBER, "2022-06-16",
         "会计审计与财税咨询机构，为大数据与会计专业提供实习岗位和兼职教师。"),
    Spec("yonggang", K.ENTERPRISE, "宁波甬港智能物流有限公司", "Ningbo Yonggang Smart Logistics Co., Ltd.",
         "甬港物流", "宁波", "浙江省宁波市北仑区明州路318号", "www.yonggang-logistics.com", "G", R.MEMBER,
         "2020-05-20", "港口集装箱与智能仓储物流服务商；连续两年未参加集团活动，成员资格暂停。",
         status=UnitStatus.SUSPENDED),
    Spec("taihustar", K.ENTERPRISE, "无锡太湖之星酒店管理有限公司",
         "Wuxi Taihu Star Hotel Management Co., Ltd.", "太湖之星酒店", "无锡",
         "江苏省无锡市滨湖区环湖路99号", "www.taihustar-hotel.com", "H", R.MEMBER, "2021-03-26",
         "酒店与会展服务企业；因经营场所改造暂停参加集团活动，成员资格暂停。", status=UnitStatus.SUSPENDED),
    Spec("huishu", K.ENTERPRISE, "杭州汇数信息技术有限公司",
         "Hangzhou Huishu Information Technology Co., Ltd.", "汇数信息", "杭州",
         "浙江省杭州市西湖区文三路478号", "www.huishu-info.com", "I L", R.MEMBER, "2021-03-26",
         "数据服务与电商运营外包企业，因业务调整于2024年底退出集团。", status=UnitStatus.WITHDRAWN,
         left="2024-12-31"),
    Spec("jincheng", K.ENTERPRISE, "江苏锦程建设集团有限公司",
         "Jiangsu Jincheng Construction Group Co., Ltd.", "锦程建设", "南通",
         "江苏省南通市崇川区工农路111号", "www.jincheng-build.com", "E", R.MEMBER, "2019-04-18",
         "建筑施工总承包企业，曾与集团院校合作开展智能建造实训，2023年退出集团。",
         status=UnitStatus.WITHDRAWN, left="2023-08-15"),
    Spec("szim", K.INDUSTRY_ASSOCIATION, "苏州市智能制造产业协会",
         "Suzhou Intelligent Manufacturing Industry Association", "苏州智造协会", "苏州",
         "江苏省苏州市姑苏区干将西路1280号", "www.szimia.org.cn", "C M", R.EXECUTIVE, "2018-09-12",
         "装备制造与自动化企业的行业协会，组织企业人才需求调研和职业技能竞赛。"),
    Spec("szsia", K.INDUSTRY_ASSOCIATION, "苏州市软件行业协会", "Suzhou Software Industry Association",
         "苏州软协", "苏州", "江苏省苏州工业园区星湖街328号", "www.szsia.org.cn", "I", R.COUNCIL,
         "2019-04-18", "软件与信息服务企业的行业组织，协助集团对接信息类人才需求。"),
    Spec("cznev", K.INDUSTRY_ASSOCIATION, "常州市新能源汽车产业协会",
         "Changzhou New Energy Vehicle Industry Association", "常州新能源车协会", "常州",
         "江苏省常州市新北区太湖东路9号", "www.cznev.org.cn", "C G", R.MEMBER, "2021-03-26",
         "新能源汽车整车与零部件企业的行业协会，参与新能源汽车专业委员会。"),
    Spec("zbyjy", K.RESEARCH_INSTITUTE, "苏州智能装备技术研究院有限公司",
         "Suzhou Intelligent Equipment Technology Research Institute Co., Ltd.", "智能装备研究院", "相城",
         "江苏省苏州市相城区澄阳街道相城大道888号", "www.szieri.cn", "M C", R.EXECUTIVE, "2019-04-18",
         "新型研发机构，开展工业机器人与机器视觉应用研究，向集团开放中试平台。", registry="91"),
    Spec("cpyjy", K.RESEARCH_INSTITUTE, "苏州产教融合发展研究院",
         "Suzhou Institute for Industry-Education Integration", "产教融合研究院", "苏州",
         "江苏省苏州市姑苏区十梓街338号", "www.szciei.org.cn", "M P", R.COUNCIL, "2019-04-18",
         "民办非企业研究机构，研究产教融合政策，为集团年度报告提供数据分析。", registry="52"),
    Spec("szaas", K.RESEARCH_INSTITUTE, "苏州市农业科学院", "Suzhou Academy of Agricultural Sciences",
         "苏州农科院", "相城", "江苏省苏州市相城区望亭镇问渠路1号", "www.szaas.cn", "A M", R.MEMBER,
         "2022-06-16", "市属农业科研事业单位，为涉农专业提供现代农业技术培训和实训场地。"),
    Spec("jyj", K.GOVERNMENT_AGENCY, "苏州市教育局", "Suzhou Municipal Education Bureau", "市教育局",
         "苏州", "江苏省苏州市姑苏区道前街119号", "jyj.suzhou.gov.cn", "P S", R.COUNCIL, "2018-06-28",
         "集团业务指导单位，统筹全市职业院校专业布局和产教融合政策。"),
    Spec("hrss", K.GOVERNMENT_AGENCY, "苏州市人力资源和社会保障局",
         "Suzhou Municipal Human Resources and Social Security Bureau", "市人社局", "苏州",
         "江苏省苏州市姑苏区三香路999号", "hrss.suzhou.gov.cn", "S", R.COUNCIL, "2018-06-28",
         "负责职业技能等级认定和就业服务，与集团合作发布紧缺人才目录。"),
    Spec("gxj", K.GOVERNMENT_AGENCY, "苏州市工业和信息化局",
         "Suzhou Municipal Bureau of Industry and Information Technology", "市工信局", "苏州",
         "江苏省苏州市姑苏区三香路998号", "gxj.suzhou.gov.cn", "S C", R.MEMBER, "2019-04-18",
         "推动企业智能化改造和数字化转型，协助集团对接重点产业链企业。"),
    Spec("jjh", K.OTHER, "苏州市职业教育发展基金会", "Suzhou Vocational Education Development Foundation",
         "职教基金会", "苏州", "江苏省苏州市姑苏区竹辉路168号", "www.szvedf.org.cn", "P S", R.MEMBER,
         "2020-05-20", "非公募基金会，设立奖学金并资助集团技能竞赛和教师企业实践。", registry="53"),
    Spec("ptc", K.OTHER, "苏州市公共实训服务中心", "Suzhou Public Training Service Center", "公共实训中心",
         "苏州", "江苏省苏州市相城区高铁新城南天成路58号", "www.szptc.org.cn", "P O", R.MEMBER,
         "2021-03-26", "公共实训基地运营单位，向集团成员开放虚拟仿真实训和技能鉴定场地。"),
)

# Committees: name, English name, chair unit, founded, remit, other member units.
COMMITTEES = (
    ("校企合作工作委员会", "School–Enterprise Cooperation Working Committee", "siit", "2018-09-12",
     "统筹成员单位间的合作协议、订单班和教师企业实践，审议年度合作计划。",
     "jssvc nbpt hzvtc hengrui xisheng huizhi jyj hrss jjh ptc cpyjy"),
    ("智能制造专业委员会", "Intelligent Manufacturing Committee", "wxit", "2019-03-15",
     "围绕数控、工业机器人和智能产线，协调专业标准、实训基地共享和技能竞赛。",
     "siit czmec csit ahcme niit sipits tczz hengrui xisheng demark zbyjy szim"),
    ("电子信息专业委员会", "Electronics and Information Committee", "njcit", "2019-05-20",
     "面向集成电路、软件和物联网产业，组织课程共建、企业导师聘任和订单班。",
     "ccit jsit stiei szpu jit ksyz wzzz bode yunhu xinrui pengcheng szsia"),
    ("新能源汽车专业委员会", "New Energy Vehicle Committee", "czmec", "2021-04-10",
     "对接新能源汽车与动力电池产业链，推进中高职贯通培养和现代学徒制试点。",
     "jhc zhongce xczz sgx chiyuan ruineng cznev"),
)
# fmt: on


class Applicant(NamedTuple):
    """A membership application still in (or out of) the secretariat's queue."""

    kind: str
    name_zh: str
    name_en: str
    short_name: str
    place: str
    address: str
    domain: str
    industries: str
    description: str
    motivation: str
    days_ago: int
    rejection: str = ""
    registry: str = ""


APPLICANTS = (
    Applicant(
        K.ENTERPRISE,
        "苏州瑞博智能科技有限公司",
        "Suzhou Ruibo Intelligent Technology Co., Ltd.",
        "瑞博智能",
        "相城",
        "江苏省苏州市相城区黄桥街道春申湖西路18号",
        "www.ruibo-tech.com",
        "C I",
        "协作机器人与机器视觉检测设备研发制造企业。",
        "每年需要约30名工业机器人和机电一体化方向的毕业生，希望与集团院校合作开设订单班。",
        1,
    ),
    Applicant(
        K.HIGHER_VOCATIONAL,
        "南通职业大学",
        "Nantong Vocational University",
        "南通职大",
        "南通",
        "江苏省南通市崇川区青年中路89号",
        "www.ntvu.edu.cn",
        "C E",
        "南通市属公办高职院校，建筑、机电与纺织类专业服务南通制造业和建筑业。",
        "希望与苏锡常地区的装备制造企业共建实训基地，并参与集团教师企业实践项目。",
        3,
    ),
    Applicant(
        K.SECONDARY_VOCATIONAL,
        "江苏省张家港中等专业学校",
        "Zhangjiagang Secondary Vocational School",
        "张家港中专",
        "张家港",
        "江苏省张家港市杨舍镇暨阳西路100号",
        "www.zjgzz.cn",
        "C",
        "张家港市公办中职学校，机电、化工与汽修专业对接沿江冶金和化工企业。",
        "希望加入智能制造专业委员会，与集团高职院校开展中高职贯通培养。",
        5,
    ),
    Applicant(
        K.INDUSTRY_ASSOCIATION,
        "苏州市电子商务协会",
        "Suzhou E-commerce Association",
        "苏州电商协会",
        "苏州",
        "江苏省苏州市姑苏区干将东路666号",
        "www.szeca.org.cn",
        "F I",
        "电子商务企业和服务商的行业组织。",
        "希望组织会员企业为电子商务专业提供直播电商和跨境电商实践岗位。",
        8,
    ),
    Applicant(
        K.ENTERPRISE,
        "苏州学途教育咨询有限公司",
        "Suzhou Xuetu Education Consulting Co., Ltd.",
        "学途教育",
        "苏州",
        "江苏省苏州市姑苏区十全街299号",
        "www.xuetu-edu.com",
        "P L",
        "学历提升与考证培训咨询机构。",
        "希望向集团院校学生推广学历提升和考证培训课程。",
        40,
        rejection="申请单位主营学历提升中介与招生咨询，不属于集团面向的产业企业或职业院校，"
        "且未提供与成员单位的合作基础。欢迎今后以实际产教合作项目再次申请。",
    ),
)

# The unit admitted through the portal, with the application it was admitted from.
ADMITTED = ("ruineng", "希望与新能源汽车专业委员会的院校合作开设动力电池方向订单班，并共建储能实训室。")

# Who works at a unit of each kind besides the demo logins; the first is the unit's contact.
STAFFING = {
    K.SECONDARY_VOCATIONAL: (Role.UNIT_ADMIN, Role.TEACHER, Role.TEACHER),
    K.HIGHER_VOCATIONAL: (Role.UNIT_ADMIN, Role.UNIT_STAFF, Role.TEACHER, Role.TEACHER, Role.TEACHER),
    K.VOCATIONAL_UNDERGRADUATE: (Role.UNIT_ADMIN, Role.UNIT_STAFF, Role.TEACHER, Role.TEACHER, Role.TEACHER),
    K.APPLIED_UNDERGRADUATE: (Role.UNIT_ADMIN, Role.TEACHER, Role.TEACHER),
    K.ENTERPRISE: (Role.UNIT_ADMIN, Role.UNIT_STAFF),
}


def _pairs(text: str) -> list[tuple[str, str]]:
    return re.findall(r"([^\x00-\x7f]+)([a-z]+)", text)


# Names are drawn from these, each with its pinyin for the e-mail address. The demo logins' given
# names are left out so that their addresses never collide with generated ones.
SURNAMES = _pairs(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 赵zhao 黄huang 周zhou 吴wu 徐xu 孙sun 胡hu 朱zhu 高gao "
    "林lin 何he 郭guo 马ma 罗luo 梁liang 宋song 郑zheng 谢xie 韩han 唐tang 冯feng 董dong 程cheng 沈shen"
)
GIVEN_NAMES = _pairs(
    "芳fang 强qiang 敏min 洋yang 静jing 帆fan 磊lei 丽li 杰jie 婷ting 明ming 悦yue 斌bin 琳lin 峰feng "
    "霞xia 涛tao 颖ying 骏jun 晨chen 佳jia 伟wei 娟juan 冰bing 亮liang 雪xue 浩hao 超chao 建国jianguo "
    "晓燕xiaoyan 志强zhiqiang 丽华lihua 文博wenbo 雨桐yutong 子涵zihan 俊杰junjie 秀英xiuying "
    "国平guoping 春梅chunmei 海燕haiyan"
)


def _person(index: int) -> tuple[str, str]:
    """The index-th invented person: full name and login. Consecutive people (the staff of one
    unit) differ in surname, so their e-mail addresses at the unit's domain never clash."""
    surname, surname_py = SURNAMES[index % len(SURNAMES)]
    given, given_py = GIVEN_NAMES[index * 7 % len(GIVEN_NAMES)]
    return surname + given, surname_py + given_py


def _seed(text: str) -> int:
    return zlib.crc32(text.encode())


def credit_code(registry: str, division: str, name: str) -> str:
    """A unified social credit code (GB 32100-2015): registry (2), division code (6), organisation
    code (9, ending in its own GB 11714 check digit), check digit. The organisation code comes
    from the name, so each run yields the same code."""
    body = f"{_seed(name) % 10**8:08d}"
    check = 11 - sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    first17 = registry + division + body + {10: "X", 11: "0"}.get(check, str(check))
    return first17 + uscc_check_digit(first17)


def _mobile(seed: int) -> str:
    return f"1{'35789'[seed % 5]}{seed % 10**9:09d}"


def _email(login: str, domain: str) -> str:
    return f"{login}@{domain.removeprefix('www.')}"


def _register_fields(spec: Spec | Applicant, contact: tuple[str, str]) -> dict:
    """The fields a member unit shares with its membership application."""
    province, city, division, area = PLACES[spec.place]
    seed = _seed(spec.domain)  # not the name, whose hash makes the organisation code
    # Enterprises give a mobile number; schools and public bodies an office landline.
    phone = _mobile(seed) if spec.kind == K.ENTERPRISE else f"{area}-6{seed % 10**7:07d}"
    return {
        "kind": spec.kind,
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "short_name": spec.short_name,
        "credit_code": credit_code(spec.registry or REGISTRY[spec.kind], division, spec.name_zh),
        "province": province,
        "city": city,
        "address": spec.address,
        "website": f"https://{spec.domain}",
        "description": spec.description,
        "contact_name": contact[0],
        "contact_phone": phone,
        "contact_email": _email(contact[1], spec.domain),
    }


SPECS = {spec.key: spec for spec in UNITS}
# The demo's units by key, found by credit code: other apps' demo data never relies on primary keys.
UNIT_CODES = {key: _register_fields(spec, ("", ""))["credit_code"] for key, spec in SPECS.items()}
LEADING_CODE = UNIT_CODES[UNITS[0].key]


def units() -> dict[str, MemberUnit]:
    """The loaded demo units by key."""
    found = MemberUnit.objects.in_bulk(UNIT_CODES.values(), field_name="credit_code")
    return {key: found[code] for key, code in UNIT_CODES.items()}


def unit_admins() -> dict[int, User]:
    """An active administrator of each unit, by unit id, to act for it in the demo. The demo
    logins act for their own units, so what they did shows up when they sign in."""
    admins: dict[int, User] = {}
    for user in User.objects.filter(role=Role.UNIT_ADMIN, is_active=True).order_by("pk"):
        admins.setdefault(user.unit_id, user)
    for user in User.objects.filter(username__in=["school_admin", "enterprise_admin"]):
        admins[user.unit_id] = user
    return admins


def is_loaded() -> bool:
    return MemberUnit.objects.filter(credit_code=LEADING_CODE).exists()


def load() -> dict[str, int]:
    """Create the demo group in one transaction; return how many of each thing were made."""
    reason = _("Demo data")
    password = make_password(PASSWORD)  # hashed once: the slow hasher would dominate the run
    people = itertools.count()
    units: dict[str, MemberUnit] = {}
    contacts: dict[str, tuple[str, str]] = {}
    staff: list[User] = []
    majors: list[Major] = []
    with transaction.atomic():
        industries = Industry.objects.in_bulk(field_name="code")
        for spec in UNITS:
            contacts[spec.key] = _person(next(people))
            unit = MemberUnit(
                **_register_fields(spec, contacts[spec.key]),
                council_role=spec.role,
                is_leading_school=spec is UNITS[0],
                status=spec.status,
                joined_on=date.fromisoformat(spec.joined),
                left_on=date.fromisoformat(spec.left) if spec.left else None,
            )
            unit._change_reason = reason
            unit.full_clean()
            unit.save()
            unit.industries.set([industries[code] for code in spec.industries.split()])
            units[spec.key] = unit
            for position, role in enumerate(STAFFING.get(spec.kind, (Role.UNIT_ADMIN,))):
                name, login = contacts[spec.key] if position == 0 else _person(next(people))
                email = _email(login, spec.domain)
                staff.append(
                    User(
                        username=email,
                        email=email,
                        name=name,
                        phone=_mobile(_seed(email)),
                        role=role,
                        unit=unit,
                        password=password,
                        is_active=spec.status != UnitStatus.WITHDRAWN,
                    )
                )
            for item in spec.majors.split():
                code, intake = item.split(":")
                major = Major(unit=unit, code=code, name=MAJOR_NAMES[code], yearly_intake=int(intake))
                major.full_clean()  # derives level and category from the code
                majors.append(major)
        bulk_create_with_history(staff, User, default_change_reason=reason)
        bulk_create_with_history(majors, Major, default_change_reason=reason)

        logins = {}
        for username, role, name, login, key in LOGINS:
            user = User(
                username=username,
                email=_email(login, SPECS[key or UNITS[0].key].domain),
                name=name,
                phone=_mobile(_seed(username)),
                role=role,
                unit=units.get(key),
                password=password,
            )
            user.full_clean()
            user._change_reason = reason
            user.save()  # save() sets is_staff for the group's own roles
            logins[username] = user

        for name_zh, name_en, chair, founded, remit, members in COMMITTEES:
            committee = Committee(
                name_zh=name_zh,
                name_en=name_en,
                chair_unit=units[chair],
                founded_on=date.fromisoformat(founded),
                description=remit,
            )
            committee._change_reason = reason
            committee.full_clean()
            committee.save()
            committee.members.set([units[key] for key in [chair, *members.split()]])

        now = timezone.now()
        secretariat = logins["secretariat"]
        for applicant in APPLICANTS:
            submitted = now - timedelta(days=applicant.days_ago)
            application = MembershipApplication(
                **_register_fields(applicant, _person(next(people))), motivation=applicant.motivation
            )
            if applicant.rejection:
                application.status = ApplicationStatus.REJECTED
                application.rejection_reason = applicant.rejection
                application.decided_by = secretariat
                application.decided_at = submitted + timedelta(days=6)
            _save_application(application, applicant.industries.split(), industries, submitted, reason)

        key, motivation = ADMITTED
        unit = units[key]
        decided = timezone.make_aware(datetime.combine(unit.joined_on, time(10)))
        application = MembershipApplication(
            **_register_fields(SPECS[key], contacts[key]),
            motivation=motivation,
            status=ApplicationStatus.APPROVED,
            decided_by=secretariat,
            decided_at=decided,
            unit=unit,
        )
        _save_application(
            application, SPECS[key].industries.split(), industries, decided - timedelta(days=12), reason
        )

    return {
        "units": len(units),
        "people": len(staff) + len(logins),
        "majors": len(majors),
        "committees": len(COMMITTEES),
        "applications": len(APPLICANTS) + 1,
    }


def _save_application(application, codes, industries, submitted, reason) -> None:
    application._change_reason = reason
    application.full_clean()
    application.save()
    application.industries.set([industries[code] for code in codes])
    # Backdated so the secretariat's queue shows a realistic spread of waiting times.
    MembershipApplication.objects.filter(pk=application.pk).update(created=submitted)
