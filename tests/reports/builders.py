"""A group whose records of 2024 are known row by row, for checking the report's figures.

The records of a past year cannot be replayed through the services (they refuse dates in the
past), so they are stored as they ended, like tests/training/placement_builders.make_past_placement.
Each call adds one "cell" of the group; every figure of 2024 grows by a known amount per cell."""

import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cooperation.choices import AgreementKind, AgreementStatus, NeedKind, NeedStatus, ProposalStatus
from cooperation.models import Agreement, AgreementParty, Proposal, TrainingNeed
from members.choices import CouncilRole, UnitKind, UnitStatus
from members.models import Industry, MajorCategory
from portal.core.roles import Role
from tests.factories import make_major, make_unit, make_user
from training.choices import (
    ApplicationStatus,
    BaseKind,
    BookingPurpose,
    BookingStatus,
    OfferStatus,
    OrderClassStatus,
    StudentOutcome,
)
from training.models import (
    BaseBooking,
    OrderClass,
    OrderClassStudent,
    PlacementApplication,
    PlacementOffer,
    SkillMaster,
    TrainingBase,
)

YEAR = 2024
_cells = itertools.count(1)


def at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _agreement(cell: int, serial: int, kind, units, **fields) -> Agreement:
    created = fields.pop("created")
    agreement = Agreement.objects.create(
        number=f"T{cell:04d}-{serial}", kind=kind, title=f"协议{cell}-{serial}", **fields
    )
    Agreement.objects.filter(pk=agreement.pk).update(created=created)
    for unit, role in zip(units, "AB", strict=True):
        AgreementParty.objects.create(agreement=agreement, unit=unit, role=role)
    return agreement


def _created(model, obj, when: datetime):
    model.objects.filter(pk=obj.pk).update(created=when)


def add_cell() -> dict:
    """One school, one enterprise that joined in 2024, one enterprise that withdrew in 2024 and one
    that joined only in 2025; with their agreements, needs, bases, placements, skill masters and an
    order class."""
    cell = next(_cells)
    school = make_unit(
        f"报告测试学校{cell}",
        kind=UnitKind.HIGHER_VOCATIONAL,
        joined_on=date(2020, 1, 1),
        council_role=CouncilRole.COUNCIL,
        province="32",
    )
    enterprise = make_unit(
        f"报告测试企业{cell}",
        kind=UnitKind.ENTERPRISE,
        joined_on=date(YEAR, 3, 1),
        council_role=CouncilRole.MEMBER,
        province="33",
        industries=("C",),
    )
    make_unit(
        kind=UnitKind.ENTERPRISE,
        joined_on=date(2019, 1, 1),
        left_on=date(YEAR, 6, 30),
        status=UnitStatus.WITHDRAWN,
        industries=("A",),
    )
    make_unit(kind=UnitKind.ENTERPRISE, joined_on=date(YEAR + 1, 2, 1))
    major = make_major(school, code="460103", name="数控技术")
    teacher = make_user(f"report_teacher{cell}", Role.TEACHER, school)
    applicant = make_user(f"report_applicant{cell}", Role.TEACHER, school)

    # Signed in 2024 and in force at its end; and one of 2021 that ended in August 2024.
    _agreement(
        cell,
        1,
        AgreementKind.SCHOOL_ENTERPRISE,
        [school, enterprise],
        signed_on=date(YEAR, 5, 10),
        starts_on=date(YEAR, 6, 1),
        ends_on=date(YEAR + 2, 5, 31),
        status=AgreementStatus.ACTIVE,
        created=at(date(YEAR, 5, 1), 9),
    )
    _agreement(
        cell,
        2,
        AgreementKind.ORDER_CLASS,
        [school, enterprise],
        signed_on=date(2021, 9, 1),
        starts_on=date(2021, 9, 1),
        ends_on=date(YEAR, 8, 31),
        status=AgreementStatus.EXPIRED,
        created=at(date(2021, 8, 20), 9),
    )

    # A need matched ten days after it was posted, and one nobody answered.
    industry = Industry.objects.get(code="C")
    matched = TrainingNeed.objects.create(
        unit=enterprise,
        kind=NeedKind.UPSKILLING,
        title="数控技能提升",
        description="-",
        industry=industry,
        headcount=20,
        starts_on=date(YEAR, 5, 1),
        ends_on=date(YEAR, 5, 5),
        place="苏州",
        deadline=date(YEAR, 4, 20),
        status=NeedStatus.MATCHED,
    )
    _created(TrainingNeed, matched, at(date(YEAR, 4, 1), 9))
    Proposal.objects.create(
        need=matched,
        unit=school,
        offer="-",
        teachers="-",
        schedule="-",
        status=ProposalStatus.ACCEPTED,
        decided_at=at(date(YEAR, 4, 11), 9),
    )
    unanswered = TrainingNeed.objects.create(
        unit=enterprise,
        kind=NeedKind.SAFETY,
        title="安全培训",
        description="-",
        industry=industry,
        headcount=10,
        starts_on=date(YEAR, 10, 1),
        ends_on=date(YEAR, 10, 2),
        place="苏州",
        deadline=date(YEAR, 9, 20),
        status=NeedStatus.OPEN,
    )
    _created(TrainingNeed, unanswered, at(date(YEAR, 9, 1), 9))

    # A base of 10 places: 5 people for 8 hours in July; 2 people for the last 4 hours of the
    # year (the booking runs on into 2025); and a request still undecided.
    base = TrainingBase.objects.create(
        unit=enterprise,
        name=f"报告测试基地{cell}",
        kind=BaseKind.PRODUCTION_LINE,
        address="-",
        province="32",
        city="苏州市",
        capacity=10,
    )
    _created(TrainingBase, base, at(date(YEAR - 1, 6, 1)))
    bookings = [
        (at(date(YEAR, 7, 1), 9), at(date(YEAR, 7, 1), 17), 5, BookingStatus.CONFIRMED),
        (at(date(YEAR, 12, 31), 20), at(date(YEAR + 1, 1, 1), 4), 2, BookingStatus.CONFIRMED),
        (at(date(YEAR, 11, 1), 9), at(date(YEAR, 11, 1), 12), 3, BookingStatus.REQUESTED),
    ]
    for starts_at, ends_at, headcount, status in bookings:
        booking = BaseBooking.objects.create(
            base=base,
            unit=school,
            purpose=BookingPurpose.STUDENT_PRACTICE,
            starts_at=starts_at,
            ends_at=ends_at,
            headcount=headcount,
            status=status,
        )
        _created(BaseBooking, booking, starts_at - timedelta(days=10))

    # A placement of 180 days completed in 2024 (the teacher meets the requirement) and an
    # application of November still awaiting the school.
    offer = PlacementOffer.objects.create(
        unit=enterprise,
        title="企业实践",
        description="-",
        major_category=MajorCategory.objects.get(code="46"),
        place="苏州",
        province="32",
        starts_on=date(YEAR, 4, 1),
        ends_on=date(YEAR, 9, 27),
        slots=2,
        apply_by=date(YEAR, 3, 20),
        status=OfferStatus.CLOSED,
    )
    done = PlacementApplication.objects.create(
        offer=offer,
        teacher=teacher,
        school=school,
        statement="-",
        status=ApplicationStatus.COMPLETED,
        enterprise_decided_at=at(date(YEAR, 3, 25), 9),
        days_completed=180,
        completed_at=at(date(YEAR, 10, 20), 9),
    )
    _created(PlacementApplication, done, at(date(YEAR, 3, 10), 9))
    waiting = PlacementApplication.objects.create(
        offer=offer, teacher=applicant, school=school, statement="-", status=ApplicationStatus.SUBMITTED
    )
    _created(PlacementApplication, waiting, at(date(YEAR, 11, 1), 9))

    # One skill master teaching 40 hours in 2024, one only in 2023.
    for starts_on, ends_on in ((date(YEAR, 3, 1), date(YEAR, 6, 30)), (date(2023, 3, 1), date(2023, 6, 30))):
        SkillMaster.objects.create(
            name="王师傅",
            enterprise=enterprise,
            school=school,
            course="数控系统调试",
            major=major,
            starts_on=starts_on,
            ends_on=ends_on,
            hours=40,
        )

    # An order class of 2022: three hired by the sponsor, one elsewhere, one graduated, one left.
    order_class = OrderClass.objects.create(
        name=f"订单班{cell}",
        enterprise=enterprise,
        school=school,
        major=major,
        cohort_year=2022,
        planned_size=6,
        status=OrderClassStatus.GRADUATED,
    )
    outcomes = [StudentOutcome.HIRED_BY_SPONSOR] * 3 + [
        StudentOutcome.HIRED_ELSEWHERE,
        StudentOutcome.GRADUATED,
        StudentOutcome.LEFT,
    ]
    for number, outcome in enumerate(outcomes):
        OrderClassStudent.objects.create(
            order_class=order_class,
            name=f"学生{number}",
            student_number=f"S{cell:04d}{number:02d}",
            outcome=outcome,
        )
    return {"school": school, "enterprise": enterprise, "teacher": teacher}


def build_group(cells: int) -> list[dict]:
    return [add_cell() for _ in range(cells)]
