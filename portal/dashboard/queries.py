"""The figures the dashboards show, each counted by the database (aggregates and GROUP BY), never
by looping over rows in Python: the group's, one member unit's and one teacher's.

Every function runs a fixed number of queries whatever the number of rows, which
tests/dashboard/test_query_counts.py asserts."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

from django.db.models import Count, DateTimeField, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.choices import IN_FORCE, AgreementStatus, NeedStatus, ProposalStatus
from cooperation.models import Agreement, AgreementParty, Proposal, TrainingNeed
from members.choices import SCHOOL_KINDS, UnitKind, UnitStatus
from members.models import Industry, MajorCategory, MemberUnit
from portal.core import permissions
from training.choices import (
    GRADUATE_OUTCOMES,
    ApplicationStatus,
    BookingStatus,
    OrderClassStatus,
    StudentOutcome,
)
from training.models import BaseBooking, OrderClass, OrderClassStudent, PlacementApplication
from training.querysets.placements import practice_days, practice_window_start, required_practice_days

EXPIRING_DAYS = 60
TREND_MONTHS = 12
LIST_LENGTH = 8
# The placements that put a teacher in an enterprise: the chain map and the figures count these.
PLACED = (ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED)
# An application still on its way to a decision.
PENDING_APPLICATION = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.OFFERED,
)
NON_SCHOOL_KINDS = sorted(set(UnitKind.values) - set(SCHOOL_KINDS))


def month_bounds(today: date) -> tuple[date, date]:
    """The first day of ``today``'s month and of the next."""
    first = today.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


def last_months(today: date, count: int = TREND_MONTHS) -> list[date]:
    """The first days of the ``count`` months that end with ``today``'s, oldest first."""
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return months[::-1]


def _by_month(queryset, field_name: str, months: list[date]) -> list[int]:
    """How many rows of ``queryset`` fall in each of ``months`` by ``field_name``: one GROUP BY."""
    since = months[0]
    if isinstance(queryset.model._meta.get_field(field_name), DateTimeField):
        since = timezone.make_aware(datetime.combine(since, time.min))
    counted = (
        queryset.filter(**{f"{field_name}__gte": since})
        .annotate(month=TruncMonth(field_name))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    found = {_as_date(row["month"]): row["n"] for row in counted}
    return [found.get(month, 0) for month in months]


def _as_date(value) -> date:
    """TruncMonth gives a date for a date field, an aware datetime for a datetime field."""
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def _counts(queryset, field_name: str) -> dict[str, int]:
    return dict(queryset.order_by().values_list(field_name).annotate(n=Count("pk")))


def _outcomes(students) -> dict:
    """The order-class students by outcome, with the graduates and the sponsor-hire rate."""
    outcomes = _counts(students, "outcome")
    graduates = sum(outcomes.get(outcome, 0) for outcome in GRADUATE_OUTCOMES)
    hired = outcomes.get(StudentOutcome.HIRED_BY_SPONSOR, 0)
    return {
        "by_outcome": [(label, outcomes.get(value, 0)) for value, label in StudentOutcome.choices],
        "graduates": graduates,
        "hired_by_sponsor": hired,
        "sponsor_hire_rate": round(100 * hired / graduates) if graduates else None,
    }


# The group


def group_figures(today: date | None = None) -> dict:
    """What the secretariat and the supervisor follow across the group."""
    today = today or timezone.localdate()
    month_start, next_month = month_bounds(today)
    months = last_months(today)
    soon = today + timedelta(days=EXPIRING_DAYS)
    units_by_kind = _counts(MemberUnit.objects.filter(status=UnitStatus.ACTIVE), "kind")
    agreements = Agreement.objects.aggregate(
        in_force=Count("pk", filter=Q(status__in=IN_FORCE)),
        expiring=Count("pk", filter=Q(status__in=IN_FORCE, ends_on__gte=today, ends_on__lte=soon)),
        awaiting=Count("pk", filter=Q(status=AgreementStatus.AWAITING)),
    )
    needs = TrainingNeed.objects.aggregate(open=Count("pk", filter=Q(status=NeedStatus.OPEN)))
    bookings = BaseBooking.objects.filter(starts_at__date__gte=month_start, starts_at__date__lt=next_month)
    bookings = bookings.aggregate(
        confirmed=Count("pk", filter=Q(status=BookingStatus.CONFIRMED)),
        requested=Count("pk", filter=Q(status=BookingStatus.REQUESTED)),
        people=Sum("headcount", filter=Q(status=BookingStatus.CONFIRMED), default=0),
    )
    placements = PlacementApplication.objects.aggregate(
        under_way=Count(
            "pk",
            filter=Q(
                status=ApplicationStatus.ACCEPTED, offer__starts_on__lte=today, offer__ends_on__gte=today
            ),
        ),
        upcoming=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED, offer__starts_on__gt=today)),
        pending=Count("pk", filter=Q(status__in=PENDING_APPLICATION)),
        completed_this_year=Count(
            "pk", filter=Q(status=ApplicationStatus.COMPLETED, offer__ends_on__year=today.year)
        ),
        teacher_days_this_year=Sum(
            "days_completed",
            filter=Q(status=ApplicationStatus.COMPLETED, offer__ends_on__year=today.year),
            default=0,
        ),
    )
    classes = _counts(OrderClass.objects.all(), "status")
    return {
        "units": sum(units_by_kind.values()),
        "units_by_kind": [
            (label, units_by_kind[value]) for value, label in UnitKind.choices if value in units_by_kind
        ],
        "agreements": agreements,
        "expiring": list(
            Agreement.objects.expiring_within(EXPIRING_DAYS)
            .with_list_related()
            .order_by("ends_on", "pk")[:LIST_LENGTH]
        ),
        "needs": needs,
        # Open needs that no school has answered yet, however recent; the oldest first.
        "unanswered_count": TrainingNeed.objects.unanswered(days=0).count(),
        "unanswered": list(
            TrainingNeed.objects.unanswered(days=0)
            .select_related("unit")
            .order_by("created", "pk")[:LIST_LENGTH]
        ),
        "bookings": bookings,
        "placements": placements,
        "classes": [(label, classes.get(value, 0)) for value, label in OrderClassStatus.choices],
        "class_count": sum(classes.values()),
        "outcomes": _outcomes(OrderClassStudent.objects.all()),
        "months": months,
        "trends": [
            (_("Agreements signed"), _by_month(Agreement.objects.all(), "signed_on", months)),
            (_("Training needs posted"), _by_month(TrainingNeed.objects.all(), "created", months)),
            (
                _("Base bookings confirmed"),
                _by_month(BaseBooking.objects.filter(status=BookingStatus.CONFIRMED), "starts_at", months),
            ),
            (_("Placement applications"), _by_month(PlacementApplication.objects.all(), "created", months)),
        ],
    }


# The chain map: industries × major categories


@dataclass
class Cell:
    industry: Industry
    category: MajorCategory
    expected: bool  # the reference mapping says this category serves this industry
    agreements: int = 0
    order_classes: int = 0
    placements: int = 0
    level: int = 0

    @property
    def total(self) -> int:
        return self.agreements + self.order_classes + self.placements

    @property
    def gap(self) -> bool:
        return self.expected and not self.total


@dataclass
class ChainMap:
    industries: list
    categories: list
    rows: list[tuple[Industry, list[Cell], int]] = field(default_factory=list)
    column_totals: list[int] = field(default_factory=list)
    gaps: int = 0
    unserved: list = field(default_factory=list)  # industries no member school's major serves


def _pairs(queryset, industry: str, category: str, counted: str) -> dict[tuple[int, int], int]:
    rows = (
        queryset.order_by()
        .values(industry=F(industry), category=F(category))
        .annotate(n=Count(counted, distinct=True))
    )
    return {(r["industry"], r["category"]): r["n"] for r in rows if r["industry"] and r["category"]}


def chain_map() -> ChainMap:
    """How many agreements in force, order classes and placements connect each industry (GB/T 4754
    section) with each major category, so that the gaps in the professional chain show.

    An order class connects the ordering enterprise's industries with its major's category; a
    placement the offering enterprise's industries with the offer's category. An agreement counts
    where a non-school party's industry meets the category of a school party's major that serves
    that industry (by the reference mapping), since a school's other majors are not part of it."""
    industries = list(Industry.objects.order_by("code"))
    categories = list(MajorCategory.objects.order_by("code"))
    expected = set(MajorCategory.industries.through.objects.values_list("industry_id", "majorcategory_id"))
    agreements = _pairs(
        AgreementParty.objects.filter(
            agreement__status__in=sorted(IN_FORCE),
            unit__kind__in=sorted(SCHOOL_KINDS),
            unit__majors__isnull=False,
            agreement__parties__unit__kind__in=NON_SCHOOL_KINDS,
        ),
        "agreement__parties__unit__industries",
        "unit__majors__category",
        "agreement",
    )
    order_classes = _pairs(OrderClass.objects.all(), "enterprise__industries", "major__category", "pk")
    placements = _pairs(
        PlacementApplication.objects.filter(status__in=PLACED),
        "offer__unit__industries",
        "offer__major_category",
        "pk",
    )
    served = set(
        MajorCategory.industries.through.objects.filter(
            majorcategory__majors__unit__status=UnitStatus.ACTIVE
        ).values_list("industry_id", flat=True)
    )
    chain = ChainMap(industries, categories)
    cells = []
    for industry in industries:
        row = []
        for category in categories:
            key = (industry.pk, category.pk)
            cell = Cell(
                industry,
                category,
                key in expected,
                agreements.get(key, 0) if key in expected else 0,
                order_classes.get(key, 0),
                placements.get(key, 0),
            )
            row.append(cell)
            cells.append(cell)
        chain.rows.append((industry, row, sum(c.total for c in row)))
        if industry.pk not in served:
            chain.unserved.append(industry)
    highest = max((c.total for c in cells), default=0)
    for cell in cells:
        cell.level = ceil(4 * cell.total / highest) if highest else 0
    chain.column_totals = [sum(row[i].total for _, row, _ in chain.rows) for i in range(len(categories))]
    chain.gaps = sum(cell.gap for cell in cells)
    return chain


# A member unit


def unit_figures(user, today: date | None = None) -> dict:
    """A school's or an enterprise's own figures and what waits for its people to act on. Only
    what the person's role may act on is counted as waiting (see portal.core.permissions)."""
    today = today or timezone.localdate()
    unit = user.unit

    def may(action, model):
        return permissions.can(user, action, model)

    month_start, next_month = month_bounds(today)
    soon = today + timedelta(days=EXPIRING_DAYS)
    mine = AgreementParty.objects.filter(unit=unit)
    agreements = Agreement.objects.filter(pk__in=mine.values("agreement")).aggregate(
        in_force=Count("pk", filter=Q(status__in=IN_FORCE)),
        expiring=Count("pk", filter=Q(status__in=IN_FORCE, ends_on__gte=today, ends_on__lte=soon)),
    )
    to_sign = mine.filter(agreement__status=AgreementStatus.AWAITING, signed_at__isnull=True).count()
    bookings = BaseBooking.objects.aggregate(
        to_decide=Count("pk", filter=Q(base__unit=unit, status=BookingStatus.REQUESTED)),
        requested=Count("pk", filter=Q(unit=unit, status=BookingStatus.REQUESTED)),
        this_month=Count(
            "pk",
            filter=Q(unit=unit, status=BookingStatus.CONFIRMED)
            & Q(starts_at__date__gte=month_start, starts_at__date__lt=next_month),
        ),
        hosted_this_month=Count(
            "pk",
            filter=Q(base__unit=unit, status=BookingStatus.CONFIRMED)
            & Q(starts_at__date__gte=month_start, starts_at__date__lt=next_month),
        ),
    )
    as_school = Q(school=unit)
    as_enterprise = Q(offer__unit=unit)
    placements = PlacementApplication.objects.filter(as_school | as_enterprise).aggregate(
        to_approve=Count("pk", filter=as_school & Q(status=ApplicationStatus.SUBMITTED)),
        to_accept=Count("pk", filter=as_enterprise & Q(status=ApplicationStatus.APPROVED)),
        to_complete=Count(
            "pk", filter=as_enterprise & Q(status=ApplicationStatus.ACCEPTED, offer__ends_on__lt=today)
        ),
        teachers_out=Count(
            "pk",
            filter=as_school
            & Q(status=ApplicationStatus.ACCEPTED, offer__starts_on__lte=today, offer__ends_on__gte=today),
        ),
        teachers_hosted=Count(
            "pk",
            filter=as_enterprise
            & Q(status=ApplicationStatus.ACCEPTED, offer__starts_on__lte=today, offer__ends_on__gte=today),
        ),
    )
    proposals_to_decide = Proposal.objects.filter(
        need__unit=unit, need__status=NeedStatus.OPEN, status=ProposalStatus.SUBMITTED
    ).count()
    # Open needs a school may still answer and has not.
    needs_to_answer = (
        TrainingNeed.objects.open().filter(deadline__gte=today).exclude(proposals__unit=unit).count()
    )
    school = unit.is_school
    # (what waits, how many, the list it waits on, whether this person acts on it)
    waiting = [
        (
            _("Agreements to sign"),
            to_sign,
            "cooperation:agreement_list",
            "status=awaiting",
            may("sign", Agreement),
        ),
        (
            _("Booking requests to decide"),
            bookings["to_decide"],
            "training:booking_list",
            "status=requested",
            may("decide", BaseBooking),
        ),
        (
            _("Placement applications to approve"),
            placements["to_approve"],
            "training:application_list",
            "status=submitted",
            school and may("approve", PlacementApplication),
        ),
        (
            _("Placement applications to accept or reject"),
            placements["to_accept"],
            "training:application_list",
            "status=approved",
            not school and may("decide", PlacementApplication),
        ),
        (
            _("Finished placements to confirm"),
            placements["to_complete"],
            "training:application_list",
            "status=accepted",
            not school and may("complete", PlacementApplication),
        ),
        (
            _("Proposals to decide on"),
            proposals_to_decide,
            "cooperation:need_list",
            "status=open",
            not school and may("decide", Proposal),
        ),
        (
            _("Open training needs to answer"),
            needs_to_answer,
            "cooperation:need_list",
            "status=open",
            school and may("add", Proposal),
        ),
    ]
    classes = OrderClass.objects.for_unit(unit)
    applications = PlacementApplication.objects.visible_to(user)
    return {
        "unit": unit,
        "waiting": [
            {"label": label, "count": count, "url": f"{reverse(url)}?{query}"}
            for label, count, url, query, acts in waiting
            if acts
        ],
        "agreements": agreements,
        "bookings": bookings,
        "placements": placements,
        "applications_by_status": _labelled(_counts(applications, "status"), ApplicationStatus.choices),
        "class_count": classes.count(),
        "outcomes": _outcomes(OrderClassStudent.objects.filter(order_class__in=classes)),
        "masters": unit.skill_masters_hosted.count() if unit.is_school else unit.skill_masters_sent.count(),
    }


def _labelled(counts: dict, choices) -> list[tuple[str, int]]:
    return [(label, counts[value]) for value, label in choices if counts.get(value)]


# A teacher


def teacher_figures(user, today: date | None = None) -> dict:
    """A teacher's applications and enterprise-practice days against the requirement."""
    today = today or timezone.localdate()
    since = practice_window_start(today)
    days = practice_days(user, today)
    required = required_practice_days()
    mine = PlacementApplication.objects.filter(teacher=user)
    by_year = dict(
        mine.filter(status=ApplicationStatus.COMPLETED, offer__ends_on__gte=since)
        .order_by()
        .values_list("offer__ends_on__year")
        .annotate(days=Sum("days_completed"))
    )
    years = list(range(since.year, today.year + 1))
    return {
        "days": days,
        "required": required,
        "lacking": max(required - days, 0),
        "percent": min(100, round(100 * days / required)) if required else 100,
        "since": since,
        "years": years,
        "days_by_year": [by_year.get(year, 0) for year in years],
        "applications_by_status": _labelled(_counts(mine, "status"), ApplicationStatus.choices),
        "current": list(
            mine.filter(status__in=[*PENDING_APPLICATION, ApplicationStatus.ACCEPTED])
            .with_list_related()
            .order_by("offer__starts_on", "pk")[:LIST_LENGTH]
        ),
        "slot_offers": mine.filter(status=ApplicationStatus.OFFERED).count(),
    }
