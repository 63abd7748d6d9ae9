"""Placement offers and applications built through the services, as people make them; and
completed placements of years past, for the enterprise-practice figures."""

from datetime import date, timedelta

from django.utils import timezone

from members.models import MajorCategory, User
from portal.core.roles import Role
from tests.factories import make_user
from training.choices import ApplicationStatus, OfferStatus
from training.models import PlacementApplication, PlacementOffer
from training.services import placements as services

STATEMENT = "希望到企业一线了解数控加工新工艺，充实实训课程。"


def days_from_today(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def make_offer(by, slots=3, starts_in=30, length=20, apply_within=10, unit=None, **fields) -> PlacementOffer:
    """An open offer posted by ``by`` for their enterprise (or ``unit``), starting in ``starts_in``
    days and lasting ``length`` days."""
    starts_on = days_from_today(starts_in)
    offer = PlacementOffer(
        unit=unit or by.unit,
        title=fields.pop("title", "数控加工岗位实践"),
        description=fields.pop("description", "在精密加工车间跟岗，参与工艺改进。"),
        major_category=fields.pop("major_category", None) or MajorCategory.objects.get(code="46"),
        place=fields.pop("place", "苏州工业园区"),
        province=fields.pop("province", "32"),
        starts_on=starts_on,
        ends_on=fields.pop("ends_on", starts_on + timedelta(days=length - 1)),
        slots=slots,
        apply_by=fields.pop("apply_by", days_from_today(min(apply_within, starts_in))),
        **fields,
    )
    return services.post_offer(offer, by)


def make_running_offer(by, slots=3, started_days_ago=0, length=20, **fields) -> PlacementOffer:
    """An offer whose placement has started (teachers may apply until today): stored as it would
    be once its dates came, since posting refuses a last day to apply in the past."""
    offer = make_offer(by, slots=slots, starts_in=0, length=length, apply_within=0, **fields)
    if started_days_ago:
        PlacementOffer.objects.filter(pk=offer.pk).update(
            starts_on=offer.starts_on - timedelta(days=started_days_ago),
            ends_on=offer.ends_on - timedelta(days=started_days_ago),
        )
        offer.refresh_from_db()
    return offer


def make_teacher(school, username: str) -> User:
    return make_user(username, Role.TEACHER, school, name=f"{username} 老师")


def apply(offer, teacher, statement: str = STATEMENT) -> PlacementApplication:
    return services.apply_for_placement(offer, teacher, statement)


def approved(offer, teacher, school_admin) -> PlacementApplication:
    return services.approve_application(apply(offer, teacher), school_admin)


def accepted(offer, teacher, school_admin, decider) -> PlacementApplication:
    return services.accept_application(approved(offer, teacher, school_admin), decider)


def make_past_placement(teacher, enterprise, ends_on: date, days: int, **fields) -> PlacementApplication:
    """A placement completed before today, as the records of past years hold it: the workflow's
    dates cannot be replayed, so it is stored as it ended."""
    offer = PlacementOffer.objects.create(
        unit=enterprise,
        title=fields.pop("title", "往年企业实践"),
        description="往年的企业实践记录。",
        major_category=MajorCategory.objects.get(code="46"),
        place="苏州",
        province="32",
        starts_on=ends_on - timedelta(days=days - 1),
        ends_on=ends_on,
        slots=1,
        apply_by=ends_on - timedelta(days=days - 1),
        status=OfferStatus.CLOSED,
    )
    return PlacementApplication.objects.create(
        offer=offer,
        teacher=teacher,
        school=teacher.unit,
        statement=STATEMENT,
        status=fields.pop("status", ApplicationStatus.COMPLETED),
        days_completed=fields.pop("days_completed", days),
        evaluation="表现良好。",
        **fields,
    )
