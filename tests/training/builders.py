"""Training bases and bookings built through the services, as people make them."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import MajorCategory
from training.choices import BaseKind, BookingPurpose
from training.models import BaseBooking, TrainingBase
from training.services import bases as base_services
from training.services import bookings as services


def at(hour: int, days: int = 3, minute: int = 0) -> datetime:
    """``hour`` o'clock, local time, ``days`` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_base(unit, capacity=10, name="智能制造实训基地", **fields):
    m2m = {key: fields.pop(key) for key in ("open_to", "co_builders") if key in fields}
    base = TrainingBase.objects.create(
        unit=unit,
        name=name,
        kind=fields.pop("kind", BaseKind.PRODUCTION_LINE),
        address=fields.pop("address", "苏州工业园区星湖街 1 号"),
        province=fields.pop("province", "32"),
        city=fields.pop("city", "苏州市"),
        capacity=capacity,
        equipment=fields.pop("equipment", "五轴加工中心 4 台"),
        **fields,
    )
    base.majors_served.set(MajorCategory.objects.filter(code__in=["46"]))
    for key, units in m2m.items():
        getattr(base, key).set(units)
    return base


def make_booking(base, by, starts_at, ends_at, headcount, unit=None, **fields):
    booking = BaseBooking(
        base=base,
        unit=unit or by.unit,
        purpose=fields.pop("purpose", BookingPurpose.STUDENT_PRACTICE),
        starts_at=starts_at,
        ends_at=ends_at,
        headcount=headcount,
        **fields,
    )
    return services.request_booking(booking, by)


def make_confirmed(base, by, decider, starts_at, ends_at, headcount):
    return services.confirm_booking(make_booking(base, by, starts_at, ends_at, headcount), decider)


# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)


def png(name="base.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def make_photo(base, by, caption="实训车间"):
    return base_services.add_photo(base, by, png(), caption)
