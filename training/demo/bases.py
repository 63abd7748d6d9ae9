"""The demo group's shared training bases and their bookings, in every state."""

import struct
import zlib
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from cooperation.models import Agreement
from members import demo as members_demo
from members.models import MajorCategory
from training.choices import BaseKind, BookingPurpose, BookingStatus
from training.models import BaseBooking, TrainingBase
from training.services import bases as base_services
from training.services import bookings as booking_services

K, P = BaseKind, BookingPurpose

# key, owner, name, kind, capacity, city, address, major categories, equipment, co-builders,
# open to (None: all members), colour of the photo
BASES = [
    (
        "cnc",
        "hengrui",
        "恒锐数控加工共享实训基地",
        K.PRODUCTION_LINE,
        40,
        "苏州市",
        "苏州工业园区星湖街 328 号",
        ["46"],
        "五轴联动加工中心 6 台；数控车床 12 台；三坐标测量机 1 台",
        ["siit", "szim"],
        None,
        (52, 101, 164),
    ),
    (
        "robot",
        "siit",
        "智能制造产教融合实训中心",
        K.SIMULATED,
        60,
        "苏州市",
        "苏州国际教育园致能大道 1 号",
        ["46", "51"],
        "工业机器人工作站 20 套；智能产线实训平台 2 条；PLC 实训台 30 台",
        ["hengrui", "xisheng"],
        None,
        (38, 132, 96),
    ),
    (
        "vr",
        "wxit",
        "工业机器人虚拟仿真实训室",
        K.VIRTUAL,
        50,
        "无锡市",
        "无锡市新吴区高浪东路 1600 号",
        ["46"],
        "虚拟仿真工位 50 个；VR 头显 25 套",
        [],
        ["siit", "czmec", "xisheng"],
        (120, 86, 160),
    ),
    (
        "public",
        "ptc",
        "苏州市公共实训基地",
        K.SIMULATED,
        200,
        "苏州市",
        "苏州市姑苏区三香路 1208 号",
        ["46", "51", "53"],
        "覆盖机电、电子、财经等 40 个实训工位区",
        [],
        None,
        (200, 120, 40),
    ),
    (
        "battery",
        "chiyuan",
        "新能源汽车动力电池装配实训线",
        K.PRODUCTION_LINE,
        24,
        "常州市",
        "常州市武进区龙城大道 88 号",
        ["46", "50"],
        "电池模组装配线 1 条；电池检测设备 8 台",
        ["czmec"],
        ["czmec", "ccit"],
        (30, 140, 180),
    ),
    (
        "software",
        "yunhu",
        "云湖软件开发实训室",
        K.VIRTUAL,
        36,
        "苏州市",
        "苏州工业园区金鸡湖大道 88 号",
        ["51"],
        "开发工作站 36 台；云开发平台账号",
        ["jssvc"],
        None,
        (90, 90, 90),
    ),
]

# base, booking unit, purpose, days from today, from hour, to hour, headcount, status, reason
BOOKINGS = [
    ("cnc", "siit", P.STUDENT_PRACTICE, 7, 8, 17, 30, BookingStatus.CONFIRMED, ""),
    ("cnc", "czmec", P.TEACHER_TRAINING, 7, 13, 17, 10, BookingStatus.CONFIRMED, ""),
    ("cnc", "wxit", P.STUDENT_PRACTICE, 7, 9, 12, 8, BookingStatus.REQUESTED, ""),
    ("cnc", "demark", P.STAFF_TRAINING, 14, 9, 16, 15, BookingStatus.REQUESTED, ""),
    (
        "cnc",
        "sipits",
        P.STUDENT_PRACTICE,
        10,
        8,
        12,
        20,
        BookingStatus.DECLINED,
        "当天设备年度检修，请改约其他日期。",
    ),
    ("robot", "hengrui", P.STAFF_TRAINING, 3, 9, 17, 25, BookingStatus.CONFIRMED, ""),
    ("robot", "ksyz", P.STUDENT_PRACTICE, 5, 8, 12, 40, BookingStatus.CONFIRMED, ""),
    ("robot", "jyj", P.SOCIAL_TRAINING, 12, 9, 16, 50, BookingStatus.REQUESTED, ""),
    ("robot", "tczz", P.STUDENT_PRACTICE, 9, 13, 17, 30, BookingStatus.CANCELLED, ""),
    ("vr", "siit", P.TEACHER_TRAINING, 4, 9, 12, 20, BookingStatus.CONFIRMED, ""),
    ("public", "hrss", P.SOCIAL_TRAINING, 6, 9, 17, 120, BookingStatus.CONFIRMED, ""),
    ("public", "siit", P.STUDENT_PRACTICE, 6, 9, 12, 60, BookingStatus.REQUESTED, ""),
    ("battery", "czmec", P.STUDENT_PRACTICE, 8, 8, 17, 24, BookingStatus.CONFIRMED, ""),
    ("software", "jssvc", P.STUDENT_PRACTICE, 2, 14, 17, 30, BookingStatus.CONFIRMED, ""),
]

# Bookings that already took place, for the calendar's past and the reports: base, unit, purpose,
# days ago, hours, headcount.
PAST = [
    ("cnc", "siit", P.STUDENT_PRACTICE, 20, 8, 17, 35),
    ("cnc", "hengrui", P.STAFF_TRAINING, 13, 9, 12, 18),
    ("robot", "wxit", P.TEACHER_TRAINING, 30, 9, 16, 22),
    ("public", "jyj", P.SOCIAL_TRAINING, 45, 9, 17, 150),
    ("battery", "ccit", P.STUDENT_PRACTICE, 15, 8, 12, 20),
]


def _photo(rgb: tuple[int, int, int], width: int = 320, height: int = 200) -> ContentFile:
    """A plain PNG of one colour, standing in for the photos units upload."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )
    return ContentFile(png, name="photo.png")


def _at(days: int, hour: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def is_loaded() -> bool:
    return TrainingBase.objects.filter(name=BASES[0][2]).exists()


def load() -> dict[str, int]:
    units = members_demo.units()
    admins = members_demo.unit_admins()
    categories = MajorCategory.objects.in_bulk(field_name="code")
    bases = {}
    for key, owner, name, kind, capacity, city, address, codes, equipment, builders, open_to, rgb in BASES:
        unit = units[owner]
        agreement = (
            Agreement.objects.filter(parties__unit=unit)
            .filter(parties__unit__in=[units[b] for b in builders])
            .first()
            if builders
            else None
        )
        base = TrainingBase(
            unit=unit,
            name=name,
            kind=kind,
            capacity=capacity,
            province=unit.province,
            city=city,
            address=address,
            equipment=equipment,
            agreement=agreement,
            open_to_all=open_to is None,
            description=f"{name}由{unit.name_zh}建设，面向集团成员单位开放预约。",
        )
        base_services.register_base(
            base,
            admins[unit.pk],
            majors_served=[categories[code] for code in codes],
            co_builders=[units[b] for b in builders],
            open_to=[units[u] for u in open_to or []],
        )
        base_services.add_photo(base, admins[unit.pk], _photo(rgb), f"{name}实训现场")
        bases[key] = base
    count = 0
    for key, booker, purpose, days, start, end, headcount, status, reason in BOOKINGS:
        base = bases[key]
        booking = booking_services.request_booking(
            BaseBooking(
                base=base,
                unit=units[booker],
                purpose=purpose,
                starts_at=_at(days, start),
                ends_at=_at(days, end),
                headcount=headcount,
                note="",
            ),
            admins[units[booker].pk],
        )
        owner = admins[base.unit_id]
        if status in (BookingStatus.CONFIRMED, BookingStatus.CANCELLED):
            booking = booking_services.confirm_booking(booking, owner)
        if status == BookingStatus.CANCELLED:
            booking_services.cancel_booking(booking, admins[units[booker].pk])
        elif status == BookingStatus.DECLINED:
            booking_services.decline_booking(booking, owner, reason)
        count += 1
    # The workflow refuses bookings in the past, so those that already took place are written as
    # the record of what happened.
    for key, booker, purpose, days, start, end, headcount in PAST:
        base = bases[key]
        BaseBooking.objects.create(
            base=base,
            unit=units[booker],
            purpose=purpose,
            starts_at=_at(-days, start),
            ends_at=_at(-days, end),
            headcount=headcount,
            status=BookingStatus.CONFIRMED,
            requested_by=admins[units[booker].pk],
            decided_by=admins[base.unit_id],
            decided_at=_at(-days - 7, 10),
        )
        count += 1
    return {"bases": len(bases), "bookings": count}
