"""A large generated group for measuring the report: by default 10,000 member units, 200,000 teacher
placements and 1,000,000 base bookings, with agreements, needs, skill masters and order classes
around them, spread over the years before ``last_year``.

Rows are built deterministically (a seeded generator) and stored with bulk_create in batches, so
memory stays flat however large the group. Only for an empty register: it is test data."""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.apps import apps
from django.db import transaction

from cooperation.choices import AgreementKind, AgreementStatus, NeedKind, NeedStatus, ProposalStatus
from cooperation.models import Agreement, AgreementParty, Proposal, TrainingNeed
from members.choices import CouncilRole, MajorLevel, Province, UnitKind, UnitStatus
from members.models import Industry, Major, MajorCategory, MemberUnit, User
from members.validators import uscc_check_digit
from portal.core.roles import Role
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

BATCH = 5_000
YEARS = 3


@dataclass(frozen=True)
class Size:
    units: int = 10_000
    placements: int = 200_000
    bookings: int = 1_000_000

    @property
    def schools(self) -> int:
        return self.units * 3 // 10

    @property
    def enterprises(self) -> int:
        return self.units * 6 // 10

    @property
    def teachers(self) -> int:
        return self.schools * 5

    @property
    def offers(self) -> int:
        return max(self.placements // 10, 1)

    @property
    def bases(self) -> int:
        return max(self.units // 5, 1)


class RegisterNotEmpty(Exception):
    pass


SCHOOL_KINDS = [UnitKind.SECONDARY_VOCATIONAL, UnitKind.HIGHER_VOCATIONAL, UnitKind.VOCATIONAL_UNDERGRADUATE]
OTHER_KINDS = [
    UnitKind.INDUSTRY_ASSOCIATION,
    UnitKind.RESEARCH_INSTITUTE,
    UnitKind.GOVERNMENT_AGENCY,
    UnitKind.OTHER,
]
ROLES = (
    [CouncilRole.MEMBER] * 12
    + [CouncilRole.COUNCIL] * 5
    + [CouncilRole.EXECUTIVE] * 2
    + [CouncilRole.VICE_CHAIR]
)
PROVINCES = [value for value, _ in Province.choices]


@contextmanager
def stored_as_given(*models):
    """Lets bulk_create keep the ``created``/``modified`` times given: the generated records are of
    past years, which auto_now_add would overwrite with the time of generation."""
    fields = [
        f
        for m in models
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _batches(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _store(model, rows: Iterator, report: Callable[[str, int], None]) -> int:
    count = 0
    for batch in _batches(rows):
        model.objects.bulk_create(batch)
        count += len(batch)
    report(model._meta.verbose_name_plural, count)
    return count


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def register_is_empty() -> bool:
    return not MemberUnit.objects.exists()


def generate(size: Size, last_year: int, seed: int = 2026, report=lambda name, count: None) -> dict[str, int]:
    """Creates the group; returns the rows created per model."""
    if not register_is_empty():
        raise RegisterNotEmpty("The register already holds member units.")
    rnd = random.Random(seed)
    first_day = date(last_year - YEARS + 1, 1, 1)
    span = (date(last_year, 12, 31) - first_day).days + 1

    def day() -> date:
        return first_day + timedelta(days=rnd.randrange(span))

    counts: dict[str, int] = {}
    industries = list(Industry.objects.values_list("pk", flat=True))
    categories = {c.code: c.pk for c in MajorCategory.objects.all()}
    with transaction.atomic(), stored_as_given(*apps.get_models()):
        # Member units: schools first, then enterprises, then the others.
        def units():
            for i in range(size.units):
                if i < size.schools:
                    kind = SCHOOL_KINDS[i % len(SCHOOL_KINDS)]
                elif i < size.schools + size.enterprises:
                    kind = UnitKind.ENTERPRISE
                else:
                    kind = OTHER_KINDS[i % len(OTHER_KINDS)]
                joined = date(2015, 1, 1) + timedelta(
                    days=rnd.randrange((first_day - date(2015, 1, 1)).days + span)
                )
                withdrawn = rnd.random() < 0.03
                suspended = not withdrawn and rnd.random() < 0.02
                first17 = f"91{i + 1:015d}"
                yield MemberUnit(
                    name_zh=f"大型集团成员单位{i + 1:05d}",
                    name_en=f"Large group unit {i + 1:05d}",
                    kind=kind,
                    credit_code=first17 + uscc_check_digit(first17),
                    province=rnd.choice(PROVINCES),
                    city="城市",
                    # The first school chairs the council.
                    council_role=CouncilRole.CHAIR if i == 0 else rnd.choice(ROLES),
                    status=UnitStatus.WITHDRAWN
                    if withdrawn
                    else UnitStatus.SUSPENDED
                    if suspended
                    else UnitStatus.ACTIVE,
                    joined_on=joined,
                    left_on=joined + timedelta(days=rnd.randrange(30, 2000)) if withdrawn else None,
                    contact_name="联系人",
                    contact_phone="13800138000",
                    contact_email=f"unit{i + 1}@example.cn",
                    created=_at(joined),
                    modified=_at(joined),
                )

        counts["units"] = _store(MemberUnit, units(), report)
        unit_ids = list(MemberUnit.objects.order_by("pk").values_list("pk", flat=True))
        schools = unit_ids[: size.schools]
        enterprises = unit_ids[size.schools : size.schools + size.enterprises]
        through = MemberUnit.industries.through
        counts["unit industries"] = _store(
            through,
            (through(memberunit_id=unit, industry_id=rnd.choice(industries)) for unit in enterprises),
            report,
        )

        # Three majors per school, in higher-vocational categories.
        codes = sorted(code for code in categories if 41 <= int(code) <= 59)

        def majors():
            for school in schools:
                for n, code in enumerate(rnd.sample(codes, 3)):
                    yield Major(
                        unit_id=school,
                        code=f"{code}{n + 1:02d}01",
                        name=f"专业{code}{n + 1}",
                        category_id=categories[code],
                        level=MajorLevel.HIGHER,
                        yearly_intake=rnd.randrange(40, 200),
                        created=_at(first_day),
                        modified=_at(first_day),
                    )

        counts["majors"] = _store(Major, majors(), report)
        major_ids = list(Major.objects.order_by("unit_id", "pk").values_list("pk", "unit_id"))

        # Five teachers per school; accounts without a usable password.
        teachers_per_school = size.teachers // max(size.schools, 1)
        counts["teachers"] = _store(
            User,
            (
                User(
                    username=f"large_teacher_{n:06d}",
                    name=f"教师{n}",
                    email=f"large_teacher_{n}@example.cn",
                    password="!",
                    role=Role.TEACHER,
                    unit_id=schools[n // teachers_per_school],
                )
                for n in range(size.schools * teachers_per_school)
            ),
            report,
        )
        teachers = list(User.objects.filter(role=Role.TEACHER).order_by("pk").values_list("pk", "unit_id"))

        def agreements():
            kinds = [value for value, _ in AgreementKind.choices]
            statuses = (
                [AgreementStatus.ACTIVE] * 5
                + [AgreementStatus.EXPIRED] * 2
                + [
                    AgreementStatus.SIGNED,
                    AgreementStatus.DRAFT,
                    AgreementStatus.TERMINATED,
                ]
            )
            for n in range(size.units * 2):
                starts = day()
                status = rnd.choice(statuses)
                signed = status != AgreementStatus.DRAFT
                yield Agreement(
                    number=f"L{n:07d}",
                    kind=rnd.choice(kinds),
                    title=f"合作协议{n}",
                    signed_on=starts - timedelta(days=rnd.randrange(1, 60)) if signed else None,
                    starts_on=starts,
                    ends_on=starts + timedelta(days=rnd.randrange(180, 1100)),
                    status=status,
                    created=_at(starts - timedelta(days=70)),
                    modified=_at(starts),
                )

        counts["agreements"] = _store(Agreement, agreements(), report)
        agreement_ids = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))
        counts["agreement parties"] = _store(
            AgreementParty,
            (
                AgreementParty(agreement_id=agreement, unit_id=unit, role=role)
                for agreement in agreement_ids
                for unit, role in ((rnd.choice(schools), "A"), (rnd.choice(enterprises), "B"))
            ),
            report,
        )

        def needs():
            kinds = [value for value, _ in NeedKind.choices]
            for n in range(size.units):
                posted = day()
                yield TrainingNeed(
                    unit_id=rnd.choice(enterprises),
                    kind=rnd.choice(kinds),
                    title=f"培训需求{n}",
                    description="-",
                    industry_id=rnd.choice(industries),
                    headcount=rnd.randrange(5, 60),
                    starts_on=posted + timedelta(days=40),
                    ends_on=posted + timedelta(days=45),
                    place="-",
                    deadline=posted + timedelta(days=30),
                    status=rnd.choice([NeedStatus.OPEN, NeedStatus.MATCHED, NeedStatus.CLOSED]),
                    created=_at(posted),
                    modified=_at(posted),
                )

        counts["training needs"] = _store(TrainingNeed, needs(), report)
        need_rows = list(TrainingNeed.objects.order_by("pk").values_list("pk", "created", "status"))

        def proposals():
            for need, created, status in need_rows:
                for n, school in enumerate(rnd.sample(schools, rnd.randrange(0, 3))):
                    accepted = status == NeedStatus.MATCHED and n == 0
                    yield Proposal(
                        need_id=need,
                        unit_id=school,
                        offer="-",
                        teachers="-",
                        schedule="-",
                        status=ProposalStatus.ACCEPTED if accepted else ProposalStatus.SUBMITTED,
                        decided_at=created + timedelta(days=rnd.randrange(1, 30)) if accepted else None,
                        created=created + timedelta(days=1),
                        modified=created + timedelta(days=1),
                    )

        counts["proposals"] = _store(Proposal, proposals(), report)

        counts["training bases"] = _store(
            TrainingBase,
            (
                TrainingBase(
                    unit_id=rnd.choice(schools + enterprises),
                    name=f"实训基地{n:05d}",
                    kind=rnd.choice([value for value, _ in BaseKind.choices]),
                    address="-",
                    province=rnd.choice(PROVINCES),
                    city="城市",
                    capacity=rnd.randrange(20, 200),
                    created=_at(first_day - timedelta(days=30)),
                    modified=_at(first_day - timedelta(days=30)),
                )
                for n in range(size.bases)
            ),
            report,
        )
        base_ids = list(TrainingBase.objects.order_by("pk").values_list("pk", flat=True))

        def bookings():
            purposes = [value for value, _ in BookingPurpose.choices]
            statuses = [BookingStatus.CONFIRMED] * 6 + [
                BookingStatus.REQUESTED,
                BookingStatus.DECLINED,
                BookingStatus.CANCELLED,
            ]
            for _ in range(size.bookings):
                starts = _at(day(), rnd.randrange(8, 16))
                yield BaseBooking(
                    base_id=rnd.choice(base_ids),
                    unit_id=rnd.choice(schools),
                    purpose=rnd.choice(purposes),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=rnd.randrange(1, 9)),
                    headcount=rnd.randrange(1, 20),
                    status=rnd.choice(statuses),
                    created=starts - timedelta(days=14),
                    modified=starts - timedelta(days=7),
                )

        counts["bookings"] = _store(BaseBooking, bookings(), report)

        def offers():
            category_ids = list(categories.values())
            for n in range(size.offers):
                starts = day()
                yield PlacementOffer(
                    unit_id=rnd.choice(enterprises),
                    title=f"企业实践岗位{n}",
                    description="-",
                    major_category_id=rnd.choice(category_ids),
                    place="-",
                    province=rnd.choice(PROVINCES),
                    starts_on=starts,
                    ends_on=starts + timedelta(days=rnd.randrange(20, 90)),
                    slots=10,
                    apply_by=starts - timedelta(days=10),
                    status=OfferStatus.CLOSED,
                    created=_at(starts - timedelta(days=30)),
                    modified=_at(starts - timedelta(days=30)),
                )

        counts["placement offers"] = _store(PlacementOffer, offers(), report)
        offer_rows = list(PlacementOffer.objects.order_by("pk").values_list("pk", "starts_on", "ends_on"))

        def applications():
            statuses = [ApplicationStatus.COMPLETED] * 5 + [
                ApplicationStatus.ACCEPTED,
                ApplicationStatus.REJECTED,
                ApplicationStatus.SCHOOL_DECLINED,
                ApplicationStatus.WITHDRAWN,
                ApplicationStatus.SUBMITTED,
            ]
            for n in range(size.placements):
                offer, starts, ends = offer_rows[n % len(offer_rows)]
                # The k-th application to an offer comes from a different teacher for each k.
                k = n // len(offer_rows)
                teacher, school = teachers[(n * 7 + k * 1501) % len(teachers)]
                status = rnd.choice(statuses)
                applied = _at(starts - timedelta(days=25))
                decided = status in (
                    ApplicationStatus.COMPLETED,
                    ApplicationStatus.ACCEPTED,
                    ApplicationStatus.REJECTED,
                )
                yield PlacementApplication(
                    offer_id=offer,
                    teacher_id=teacher,
                    school_id=school,
                    statement="-",
                    status=status,
                    school_decided_at=applied + timedelta(days=2) if decided else None,
                    enterprise_decided_at=applied + timedelta(days=5) if decided else None,
                    days_completed=(ends - starts).days + 1
                    if status == ApplicationStatus.COMPLETED
                    else None,
                    completed_at=_at(ends + timedelta(days=3))
                    if status == ApplicationStatus.COMPLETED
                    else None,
                    created=applied,
                    modified=applied,
                )

        counts["placements"] = _store(PlacementApplication, applications(), report)

        def masters():
            for n in range(size.units):
                starts = day()
                major, school = rnd.choice(major_ids)
                yield SkillMaster(
                    name=f"产业导师{n}",
                    enterprise_id=rnd.choice(enterprises),
                    school_id=school,
                    course="-",
                    major_id=major,
                    starts_on=starts,
                    ends_on=starts + timedelta(days=rnd.randrange(30, 200)),
                    hours=rnd.randrange(8, 120),
                    created=_at(starts),
                    modified=_at(starts),
                )

        counts["skill masters"] = _store(SkillMaster, masters(), report)

        def classes():
            for n in range(max(size.units * 3 // 10, 1)):
                major, school = rnd.choice(major_ids)
                cohort = last_year - rnd.randrange(0, 4)
                yield OrderClass(
                    name=f"订单班{n}",
                    enterprise_id=rnd.choice(enterprises),
                    school_id=school,
                    major_id=major,
                    cohort_year=cohort,
                    planned_size=30,
                    status=OrderClassStatus.GRADUATED
                    if cohort < last_year - 2
                    else OrderClassStatus.TRAINING,
                    created=_at(date(cohort, 9, 1)),
                    modified=_at(date(cohort, 9, 1)),
                )

        counts["order classes"] = _store(OrderClass, classes(), report)
        class_rows = list(OrderClass.objects.order_by("pk").values_list("pk", "status", "created"))

        def students():
            finished = [StudentOutcome.HIRED_BY_SPONSOR] * 5 + [
                StudentOutcome.HIRED_ELSEWHERE,
                StudentOutcome.GRADUATED,
                StudentOutcome.LEFT,
            ]
            for order_class, status, created in class_rows:
                for number in range(30):
                    outcome = (
                        rnd.choice(finished)
                        if status == OrderClassStatus.GRADUATED
                        else StudentOutcome.IN_TRAINING
                    )
                    yield OrderClassStudent(
                        order_class_id=order_class,
                        name=f"学生{number}",
                        student_number=f"{order_class:06d}{number:02d}",
                        outcome=outcome,
                        created=created,
                        modified=created,
                    )

        counts["order-class students"] = _store(OrderClassStudent, students(), report)
    return counts
