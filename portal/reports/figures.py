"""The figures of the group's report for a period, computed by SQL aggregation.

Every figure comes from values()/annotate()/aggregate() with Count/Sum/Avg and ``filter=Q(...)``:
the database does the counting, so the number of queries is fixed whatever the size of the group.
Python only orders the aggregated rows, fills in categories that have no rows and divides two
aggregates for a rate. The sections follow the annual report of a vocational-education group as
national reporting asks for it: 发展概况, 办学成效, 服务贡献, 对策建议 and typical cases."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cooperation.choices import AgreementKind, AgreementStatus, NeedKind, ProposalStatus
from cooperation.models import Agreement, Proposal, TrainingNeed
from members.choices import SCHOOL_KINDS, CouncilRole, Province, UnitKind, UnitStatus
from members.models import Industry, Major, MemberUnit, User
from portal.core.roles import Role
from portal.reports import content
from portal.reports.content import Chart, Narrative, Period, Report, Section, Table
from training.choices import GRADUATE_OUTCOMES, BookingPurpose, BookingStatus, StudentOutcome
from training.choices import ApplicationStatus as PlacementStatus
from training.models import (
    BaseBooking,
    OrderClass,
    OrderClassStudent,
    PlacementApplication,
    SkillMaster,
    TrainingBase,
)
from training.querysets.placements import practice_window_start, required_practice_days

# A base's capacity is measured against working days of this many hours.
BASE_HOURS_PER_DAY = 8
# Agreements in force that end within this many days after the period are flagged as suggestions.
EXPIRY_WATCH_DAYS = 90
# Agreements that have been signed, whether still in force or not (an early termination has no date,
# so a terminated agreement no longer counts as in force).
WAS_SIGNED = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.EXPIRED)

Progress = Callable[[str, float], None]


class HoursBetween(Func):
    """The hours from the second datetime expression to the first, as a float."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision) / 3600.0)",
            arg_joiner=" - ",
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 24.0)",
            arg_joiner=") - julianday(",
        )


def _bounds(period: Period) -> tuple[datetime, datetime]:
    """The period from local midnight of its first day to local midnight after its last."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    return start, timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _name_field() -> str:
    return "name_zh" if (get_language() or "").startswith("zh") else "name_en"


def _percent(part, whole) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _days(duration: timedelta | None) -> float:
    return round(duration.total_seconds() / 86400, 1) if duration else 0.0


def _months(period: Period) -> list[date]:
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _month_key(value) -> str:
    return f"{value:%Y-%m}"


def _per_month(queryset, field: str) -> dict[str, int]:
    """The rows of ``queryset`` counted by the month of ``field`` (local time), as "YYYY-MM"."""
    rows = queryset.annotate(month=TruncMonth(field)).values("month").annotate(n=Count("pk"))
    return {
        _month_key(timezone.localtime(month) if isinstance(month, datetime) else month): n
        for month, n in rows.values_list("month", "n")
    }


class _Figures:
    def __init__(self, period: Period):
        self.period = period
        self.start, self.end = _bounds(period)
        self.name = _name_field()
        # Figures that the list of points to watch takes up again.
        self.totals: dict = {}

    # Member units

    def at_end(self, prefix: str = "") -> Q:
        """Members on the last day of the period: joined by then and not withdrawn by then."""
        return Q(**{f"{prefix}joined_on__lte": self.period.end}) & (
            Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": self.period.end})
        )

    def in_period(self, field: str) -> Q:
        if field.endswith(("_on", "_year")):
            return Q(**{f"{field}__gte": self.period.start, f"{field}__lte": self.period.end})
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def members(self) -> Section:
        kinds = _labels(UnitKind)
        joined, withdrew = self.in_period("joined_on"), self.in_period("left_on")
        by_kind = {
            row["kind"]: row
            for row in MemberUnit.objects.order_by()
            .values("kind")
            .annotate(
                members=Count("pk", filter=self.at_end()),
                joined=Count("pk", filter=joined),
                withdrew=Count("pk", filter=withdrew),
            )
        }
        kind_rows = [
            [label, *(by_kind.get(kind, {}).get(f, 0) for f in ("members", "joined", "withdrew"))]
            for kind, label in kinds.items()
        ]
        roles = dict(
            MemberUnit.objects.filter(self.at_end())
            .order_by()
            .values("council_role")
            .annotate(n=Count("pk"))
            .values_list("council_role", "n")
        )
        provinces = _labels(Province)
        province_rows = [
            [
                provinces.get(row["province"], row["province"]),
                row["members"],
                row["schools"],
                row["enterprises"],
            ]
            for row in MemberUnit.objects.filter(self.at_end())
            .order_by()
            .values("province")
            .annotate(
                members=Count("pk"),
                schools=Count("pk", filter=Q(kind__in=sorted(SCHOOL_KINDS))),
                enterprises=Count("pk", filter=Q(kind=UnitKind.ENTERPRISE)),
            )
            .order_by("-members", "province")
        ]
        history = MemberUnit.history.model.objects
        before = (
            history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
            .order_by("-history_date")
            .values("status")[:1]
        )
        suspensions = (
            history.filter(self.in_period("history_date"), status=UnitStatus.SUSPENDED)
            .annotate(before=Subquery(before))
            .exclude(before=UnitStatus.SUSPENDED)
            .count()
        )
        totals = MemberUnit.objects.aggregate(
            members=Count("pk", filter=self.at_end()),
            schools=Count("pk", filter=self.at_end() & Q(kind__in=sorted(SCHOOL_KINDS))),
            enterprises=Count("pk", filter=self.at_end() & Q(kind=UnitKind.ENTERPRISE)),
            joined=Count("pk", filter=joined),
            withdrew=Count("pk", filter=withdrew),
        )
        majors = Major.objects.filter(self.at_end("unit__")).aggregate(
            majors=Count("pk"), intake=Coalesce(Sum("yearly_intake"), 0)
        )
        summary = Table(
            "key_figures",
            _("Key figures"),
            [_("Indicator"), _("Value")],
            [
                [_("Member units at the end of the period"), totals["members"]],
                [_("of which schools"), totals["schools"]],
                [_("of which enterprises"), totals["enterprises"]],
                [_("Majors offered by member schools"), majors["majors"]],
                [_("Yearly intake of those majors"), majors["intake"]],
            ],
        )
        changes = Table(
            "membership_changes",
            _("Joins, suspensions and withdrawals"),
            [_("Change"), _("Units")],
            [
                [_("Joined"), totals["joined"]],
                [_("Suspended"), suspensions],
                [_("Withdrew"), totals["withdrew"]],
            ],
        )
        tables = [
            summary,
            Table(
                "units_by_kind",
                _("Member units by kind"),
                [_("Kind"), _("Members at the end of the period"), _("Joined"), _("Withdrew")],
                kind_rows,
            ),
            Table(
                "units_by_council_role",
                _("Member units by council role"),
                [_("Council role"), _("Units")],
                [[label, roles.get(role, 0)] for role, label in _labels(CouncilRole).items()],
            ),
            Table(
                "units_by_province",
                _("Member units by province"),
                [_("Province"), _("Units"), _("Schools"), _("Enterprises")],
                province_rows,
            ),
            changes,
        ]
        charts = [
            Chart(
                "pie",
                _("Member units by kind"),
                [row[0] for row in kind_rows if row[1]],
                {_("Units"): [row[1] for row in kind_rows if row[1]]},
            ),
            Chart(
                "bar",
                _("Member units by province"),
                [row[0] for row in province_rows[:12]],
                {_("Units"): [row[1] for row in province_rows[:12]]},
            ),
        ]
        return Section("overview", _("Overview of the group"), tables, charts)

    # Agreements

    def agreements(self) -> tuple[list[Table], list[Chart]]:
        agreements = Agreement.objects.filter(amends__isnull=True).order_by()
        signed = Q(signed_on__isnull=False, status__in=WAS_SIGNED)
        in_force = signed & Q(
            signed_on__lte=self.period.end, starts_on__lte=self.period.end, ends_on__gte=self.period.end
        )
        by_kind = {
            row["kind"]: row
            for row in agreements.values("kind").annotate(
                registered=Count("pk", filter=self.in_period("created")),
                signed=Count("pk", filter=self.in_period("signed_on")),
                expiring=Count("pk", filter=signed & self.in_period("ends_on")),
                in_force=Count("pk", filter=in_force),
            )
        }
        fields = ("registered", "signed", "expiring", "in_force")
        kind_rows = [
            [label, *(by_kind.get(kind, {}).get(f, 0) for f in fields)]
            for kind, label in _labels(AgreementKind).items()
        ]
        statuses = dict(
            agreements.filter(created__lt=self.end)
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        monthly = _per_month(agreements.filter(self.in_period("signed_on")), "signed_on")
        months = [_month_key(m) for m in _months(self.period)]
        tables = [
            Table(
                "agreements_by_kind",
                _("Agreements by kind"),
                [
                    _("Kind"),
                    _("Registered in the period"),
                    _("Signed in the period"),
                    _("Ending in the period"),
                    _("In force at the end of the period"),
                ],
                kind_rows,
            ),
            Table(
                "agreements_by_status",
                _("Agreements by status"),
                [_("Status"), _("Agreements")],
                [[label, statuses.get(status, 0)] for status, label in _labels(AgreementStatus).items()],
            ),
        ]
        charts = [
            Chart(
                "bar",
                _("Agreements by kind"),
                [row[0] for row in kind_rows],
                {
                    _("Signed in the period"): [row[2] for row in kind_rows],
                    _("Ending in the period"): [row[3] for row in kind_rows],
                },
            ),
            Chart(
                "line",
                _("Agreements signed per month"),
                months,
                {_("Agreements"): [monthly.get(m, 0) for m in months]},
            ),
        ]
        return tables, charts

    # Teachers' enterprise practice

    def placements(self) -> tuple[list[Table], list[Chart]]:
        applications = PlacementApplication.objects.order_by()
        accepted = Q(status__in=(PlacementStatus.ACCEPTED, PlacementStatus.COMPLETED)) & self.in_period(
            "enterprise_decided_at"
        )
        completed = Q(status=PlacementStatus.COMPLETED) & self.in_period("completed_at")
        totals = applications.aggregate(
            applied=Count("pk", filter=self.in_period("created")),
            accepted=Count("pk", filter=accepted),
            completed=Count("pk", filter=completed),
            teachers=Count("teacher", filter=completed, distinct=True),
            days=Coalesce(Sum("days_completed", filter=completed), 0),
        )
        teachers = self.teachers_with_practice()
        required = Q(days__gte=required_practice_days())
        name = f"unit__{self.name}"
        school_rows = [
            [
                row[name] or row["unit__name_zh"],
                row["teachers"],
                row["meeting"],
                _percent(row["meeting"], row["teachers"]),
                row["days"],
            ]
            for row in teachers.values("unit", name, "unit__name_zh")
            .annotate(teachers=Count("pk"), meeting=Count("pk", filter=required), days=Sum("days"))
            .order_by("unit__name_zh", "unit")
        ]
        meeting = teachers.aggregate(teachers=Count("pk"), meeting=Count("pk", filter=required))
        self.totals["teachers_meeting"] = meeting
        months = [_month_key(m) for m in _months(self.period)]
        per_month = _per_month(applications.filter(self.in_period("created")), "created")
        done_per_month = _per_month(applications.filter(completed), "completed_at")
        tables = [
            Table(
                "placements",
                _("Teachers' enterprise practice"),
                [_("Indicator"), _("Value")],
                [
                    [_("Applications made"), totals["applied"]],
                    [_("Applications accepted by enterprises"), totals["accepted"]],
                    [_("Placements completed"), totals["completed"]],
                    [_("Teachers who completed a placement"), totals["teachers"]],
                    [_("Teacher-days of practice completed"), totals["days"]],
                    [_("Active teachers in member schools"), meeting["teachers"]],
                    [
                        _("Teachers meeting the practice requirement (%(days)d days in five years)")
                        % {"days": required_practice_days()},
                        meeting["meeting"],
                    ],
                ],
            ),
            Table(
                "practice_by_school",
                _("Teachers meeting the practice requirement, by school"),
                [
                    _("School"),
                    _("Teachers"),
                    _("Meeting the requirement"),
                    _("Share (%)"),
                    _("Practice days in five years"),
                ],
                school_rows,
            ),
        ]
        charts = [
            Chart(
                "line",
                _("Placements per month"),
                months,
                {
                    _("Applications made"): [per_month.get(m, 0) for m in months],
                    _("Placements completed"): [done_per_month.get(m, 0) for m in months],
                },
            )
        ]
        return tables, charts

    def teachers_with_practice(self):
        """The teachers of the schools that were members at the end of the period (people's
        accounts carry no history, so those on the register now), each annotated with
        ``days``: the enterprise practice they had completed by then within the five years before
        (the rule of training.querysets.placements, bounded by the period's end)."""
        counted = PlacementApplication.objects.filter(
            status=PlacementStatus.COMPLETED,
            completed_at__lt=self.end,
            offer__ends_on__gte=practice_window_start(self.period.end),
            teacher=OuterRef("pk"),
        )
        days = counted.order_by().values("teacher").annotate(days=Sum("days_completed")).values("days")
        return (
            User.objects.filter(
                self.at_end("unit__"),
                role=Role.TEACHER,
                is_active=True,
                unit__kind__in=sorted(SCHOOL_KINDS),
            )
            .order_by()
            .annotate(days=Coalesce(Subquery(days, output_field=IntegerField()), 0))
        )

    # Skill masters and order classes

    def people(self) -> tuple[list[Table], list[Chart]]:
        masters = SkillMaster.objects.order_by().filter(
            starts_on__lte=self.period.end, ends_on__gte=self.period.start
        )
        master_totals = masters.aggregate(
            masters=Count("pk"),
            hours=Coalesce(Sum("hours"), 0),
            schools=Count("school", distinct=True),
            enterprises=Count("enterprise", distinct=True),
        )
        name = f"school__{self.name}"
        master_rows = [
            [row[name] or row["school__name_zh"], row["masters"], row["hours"]]
            for row in masters.values(name, "school__name_zh")
            .annotate(masters=Count("pk"), hours=Sum("hours"))
            .order_by("-hours", "school__name_zh")
        ]
        classes = OrderClass.objects.order_by().filter(cohort_year__lte=self.period.end.year)
        students = OrderClassStudent.objects.order_by().filter(
            order_class__cohort_year__lte=self.period.end.year
        )
        outcome_counts = {
            "students": Count("pk", filter=~Q(outcome=StudentOutcome.LEFT)),
            "graduates": Count("pk", filter=Q(outcome__in=sorted(GRADUATE_OUTCOMES))),
            "hired": Count("pk", filter=Q(outcome=StudentOutcome.HIRED_BY_SPONSOR)),
        }
        by_cohort = {
            row["order_class__cohort_year"]: row
            for row in students.values("order_class__cohort_year").annotate(**outcome_counts)
        }
        class_counts = classes.values("cohort_year").annotate(n=Count("pk")).order_by("cohort_year")
        cohort_rows = []
        for row in class_counts:
            cohort = by_cohort.get(row["cohort_year"], {})
            graduates, hired = cohort.get("graduates", 0), cohort.get("hired", 0)
            cohort_rows.append(
                [
                    row["cohort_year"],
                    row["n"],
                    cohort.get("students", 0),
                    graduates,
                    hired,
                    _percent(hired, graduates),
                ]
            )
        class_total = classes.aggregate(n=Count("pk"))["n"]
        student_totals = students.aggregate(**outcome_counts)
        tables = [
            Table(
                "skill_masters",
                _("Skill masters from enterprises"),
                [_("Indicator"), _("Value")],
                [
                    [_("Skill masters teaching in the period"), master_totals["masters"]],
                    [_("Teaching hours"), master_totals["hours"]],
                    [_("Schools hosting them"), master_totals["schools"]],
                    [_("Enterprises sending them"), master_totals["enterprises"]],
                ],
            ),
            Table(
                "skill_masters_by_school",
                _("Skill masters by school"),
                [_("School"), _("Skill masters"), _("Teaching hours")],
                master_rows,
            ),
            Table(
                "order_classes",
                _("Order classes by cohort"),
                [
                    _("Cohort year"),
                    _("Order classes"),
                    _("Students"),
                    _("Graduates"),
                    _("Hired by the ordering enterprise"),
                    _("Sponsor-hire rate (%)"),
                ],
                [
                    *cohort_rows,
                    [
                        _("Total"),
                        class_total,
                        student_totals["students"],
                        student_totals["graduates"],
                        student_totals["hired"],
                        _percent(student_totals["hired"], student_totals["graduates"]),
                    ],
                ],
            ),
        ]
        charts = [
            Chart(
                "bar",
                _("Order-class graduates and sponsor hires"),
                [str(row[0]) for row in cohort_rows],
                {
                    _("Graduates"): [row[3] for row in cohort_rows],
                    _("Hired by the ordering enterprise"): [row[4] for row in cohort_rows],
                },
            )
        ]
        return tables, charts

    # Training needs

    def needs(self) -> tuple[list[Table], list[Chart]]:
        posted = dict(
            TrainingNeed.objects.order_by()
            .filter(self.in_period("created"))
            .values("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
        accepted = Q(status=ProposalStatus.ACCEPTED)
        proposals = (
            Proposal.objects.order_by()
            .filter(self.in_period("need__created"))
            .exclude(status=ProposalStatus.WITHDRAWN)
        )
        answer_counts = {
            "answered": Count("need", distinct=True),
            "matched": Count("need", distinct=True, filter=accepted),
            "to_match": Avg(F("decided_at") - F("need__created"), filter=accepted),
        }
        answers = {row["need__kind"]: row for row in proposals.values("need__kind").annotate(**answer_counts)}
        rows = []
        for kind, label in _labels(NeedKind).items():
            row = answers.get(kind, {})
            rows.append(
                [
                    label,
                    posted.get(kind, 0),
                    row.get("answered", 0),
                    row.get("matched", 0),
                    _days(row.get("to_match")),
                ]
            )
        overall = proposals.aggregate(**answer_counts)
        totals = [
            _("Total"),
            TrainingNeed.objects.filter(self.in_period("created")).count(),
            overall["answered"],
            overall["matched"],
            _days(overall["to_match"]),
        ]
        table = Table(
            "training_needs",
            _("Training needs of enterprises"),
            [_("Kind"), _("Posted"), _("Answered by schools"), _("Matched"), _("Average days to match")],
            [*rows, totals],
        )
        chart = Chart(
            "bar",
            _("Training needs posted and matched"),
            [row[0] for row in rows],
            {_("Posted"): [row[1] for row in rows], _("Matched"): [row[3] for row in rows]},
        )
        return [table], [chart]

    # Training bases

    def bases(self) -> tuple[list[Table], list[Chart]]:
        overlapping = Q(bookings__starts_at__lt=self.end, bookings__ends_at__gt=self.start)
        confirmed = Q(bookings__status=BookingStatus.CONFIRMED) & overlapping
        held = HoursBetween(
            Least("bookings__ends_at", Value(self.end)), Greatest("bookings__starts_at", Value(self.start))
        )
        name = f"unit__{self.name}"
        base_rows = [
            [
                row["name"],
                row[name] or row["unit__name_zh"],
                row["capacity"],
                row["requests"],
                row["confirmed"],
                round(row["person_hours"] or 0.0, 1),
                _percent(row["person_hours"] or 0.0, row["capacity"] * BASE_HOURS_PER_DAY * self.period.days),
            ]
            for row in TrainingBase.objects.order_by()
            .filter(created__lt=self.end)
            .values("pk", "name", name, "unit__name_zh", "capacity")
            .annotate(
                requests=Count(
                    "bookings", filter=Q(bookings__created__gte=self.start, bookings__created__lt=self.end)
                ),
                confirmed=Count("bookings", filter=confirmed),
                person_hours=Sum(F("bookings__headcount") * held, filter=confirmed),
            )
            .order_by("name", "pk")
        ]
        booking_held = HoursBetween(
            Least("ends_at", Value(self.end)), Greatest("starts_at", Value(self.start))
        )
        held_in_period = Q(status=BookingStatus.CONFIRMED, starts_at__lt=self.end, ends_at__gt=self.start)
        booking_counts = {
            "requests": Count("pk", filter=self.in_period("created")),
            "confirmed": Count("pk", filter=held_in_period),
            "person_hours": Sum(F("headcount") * booking_held, filter=held_in_period),
        }
        bookings = BaseBooking.objects.order_by()
        purposes = {row["purpose"]: row for row in bookings.values("purpose").annotate(**booking_counts)}

        def booking_row(label, row):
            hours = row.get("person_hours") or 0.0
            return [label, row.get("requests", 0), row.get("confirmed", 0), round(hours, 1)]

        purpose_rows = [
            booking_row(label, purposes.get(purpose, {}))
            for purpose, label in _labels(BookingPurpose).items()
        ]
        totals = booking_row(_("Total"), bookings.aggregate(**booking_counts))
        tables = [
            Table(
                "bookings_by_purpose",
                _("Base bookings by purpose"),
                [_("Purpose"), _("Booking requests"), _("Confirmed bookings"), _("Confirmed person-hours")],
                [*purpose_rows, totals],
            ),
            Table(
                "bases",
                _("Use of the shared training bases"),
                [
                    _("Training base"),
                    _("Owner unit"),
                    _("Capacity"),
                    _("Booking requests"),
                    _("Confirmed bookings"),
                    _("Confirmed person-hours"),
                    _("Use of capacity (%(hours)d h a day, %%)") % {"hours": BASE_HOURS_PER_DAY},
                ],
                base_rows,
            ),
        ]
        busiest = sorted(base_rows, key=lambda row: -row[6])[:10]
        charts = [
            Chart(
                "bar",
                _("Confirmed person-hours by purpose"),
                [row[0] for row in purpose_rows],
                {_("Person-hours"): [row[3] for row in purpose_rows]},
            ),
            Chart(
                "bar",
                _("Busiest training bases (use of capacity, %)"),
                [row[0] for row in busiest],
                {_("Use of capacity"): [row[6] for row in busiest]},
            ),
        ]
        return tables, charts

    # Industry coverage

    def industries(self) -> tuple[list[Table], list[Chart]]:
        """Which industries the member schools' majors serve (through the major categories and the
        industries each serves), and how many member enterprises work in each."""
        at_end = self.at_end("major_categories__majors__unit__")
        majors = {
            row["pk"]: row
            for row in Industry.objects.order_by()
            .values("pk")
            .annotate(
                majors=Count("major_categories__majors", filter=at_end, distinct=True),
                schools=Count("major_categories__majors__unit", filter=at_end, distinct=True),
            )
        }
        enterprises = (
            Industry.objects.order_by("code")
            .values("pk", "code", self.name, "name_zh")
            .annotate(
                enterprises=Count(
                    "units", filter=self.at_end("units__") & Q(units__kind=UnitKind.ENTERPRISE), distinct=True
                )
            )
        )
        rows = [
            [
                f"{row['code']} {row[self.name] or row['name_zh']}",
                row["enterprises"],
                majors.get(row["pk"], {}).get("majors", 0),
                majors.get(row["pk"], {}).get("schools", 0),
            ]
            for row in enterprises
        ]
        gaps = [[row[0], row[1]] for row in rows if row[2] == 0]
        self.totals["industries_without_major"] = len(gaps)
        tables = [
            Table(
                "industry_coverage",
                _("Industries served by the members' majors"),
                [_("Industry"), _("Member enterprises"), _("Majors serving it"), _("Schools offering them")],
                rows,
            ),
            Table(
                "industries_without_major",
                _("Industries no member major serves"),
                [_("Industry"), _("Member enterprises")],
                gaps,
            ),
        ]
        served = [row for row in rows if row[2]]
        charts = [
            Chart(
                "bar",
                _("Majors serving each industry"),
                [row[0].split(" ", 1)[0] for row in served],
                {_("Majors"): [row[2] for row in served]},
            )
        ]
        return tables, charts

    # What to watch

    def watch_list(self) -> Table:
        answered = Proposal.objects.filter(need=OuterRef("pk")).exclude(status=ProposalStatus.WITHDRAWN)
        unanswered = (
            TrainingNeed.objects.open()
            .filter(created__lt=self.end)
            .annotate(answered=Exists(answered))
            .filter(answered=False)
            .count()
        )
        horizon = self.period.end + timedelta(days=EXPIRY_WATCH_DAYS)
        expiring = Agreement.objects.filter(
            amends__isnull=True,
            signed_on__isnull=False,
            status__in=WAS_SIGNED,
            ends_on__gt=self.period.end,
            ends_on__lte=horizon,
            starts_on__lte=self.period.end,
        ).count()
        teachers = self.totals["teachers_meeting"]
        return Table(
            "watch_list",
            _("Points that need attention"),
            [_("Indicator"), _("Value")],
            [
                [_("Industries no member major serves"), self.totals["industries_without_major"]],
                [_("Open training needs without an answer"), unanswered],
                [
                    _("Agreements in force ending within %(days)d days after the period")
                    % {"days": EXPIRY_WATCH_DAYS},
                    expiring,
                ],
                [
                    _("Teachers not yet meeting the practice requirement"),
                    teachers["teachers"] - teachers["meeting"],
                ],
            ],
        )

    # Cases

    def cases(self, narrative: Narrative) -> Section:
        """The agreements and cases the secretariat picked, in the order it gave them."""
        picked = [item.pk for item in narrative.agreements if isinstance(item, Agreement)]
        kinds = _labels(AgreementKind)
        loaded = {
            agreement.pk: content.Agreement(
                number=agreement.number,
                title=agreement.title,
                kind=kinds.get(agreement.kind, agreement.kind),
                parties=[party.unit.name for party in agreement.parties.all()],
                signed_on=agreement.signed_on,
            )
            for agreement in (Agreement.objects.filter(pk__in=picked).with_list_related() if picked else [])
        }
        # An agreement deleted since it was picked drops out.
        agreements = [
            loaded[item.pk] if isinstance(item, Agreement) else item
            for item in narrative.agreements
            if not isinstance(item, Agreement) or item.pk in loaded
        ]
        tables = [
            Table(
                "representative_agreements",
                _("Representative agreements"),
                [_("Number"), _("Title"), _("Kind"), _("Parties"), _("Signed on")],
                [
                    [
                        a.number,
                        a.title,
                        a.kind,
                        _(", ").join(a.parties),
                        a.signed_on.isoformat() if a.signed_on else "",
                    ]
                    for a in agreements
                ],
            ),
            Table(
                "typical_cases",
                _("Typical cases"),
                [_("Title"), _("Unit"), _("Case")],
                [[case.title, case.unit, case.text] for case in narrative.cases],
            ),
        ]
        return Section("cases", _("Representative agreements and typical cases"), tables)


def compute(period: Period, narrative: Narrative | None = None, progress: Progress | None = None) -> Report:
    """The report for ``period`` in the active language, the narrative parts around the figures.

    ``progress(stage, fraction)`` is told the stage about to run and the share of the work done."""
    narrative = narrative or Narrative()
    progress = progress or (lambda stage, fraction: None)
    figures = _Figures(period)
    steps = 7

    progress(_("Member units"), 0 / steps)
    overview = figures.members()
    overview.narrative = narrative.overview

    progress(_("Agreements"), 1 / steps)
    agreement_tables, agreement_charts = figures.agreements()
    progress(_("Teachers' enterprise practice"), 2 / steps)
    placement_tables, placement_charts = figures.placements()
    progress(_("Skill masters and order classes"), 3 / steps)
    people_tables, people_charts = figures.people()
    results = Section(
        "results",
        _("Results of running schools together"),
        agreement_tables + placement_tables + people_tables,
        agreement_charts + placement_charts + people_charts,
        narrative.results,
    )

    progress(_("Training needs"), 4 / steps)
    need_tables, need_charts = figures.needs()
    progress(_("Training bases"), 5 / steps)
    base_tables, base_charts = figures.bases()
    progress(_("Industry coverage"), 6 / steps)
    industry_tables, industry_charts = figures.industries()
    contribution = Section(
        "contribution",
        _("Service to industry and society"),
        need_tables + base_tables + industry_tables,
        need_charts + base_charts + industry_charts,
        narrative.contribution,
    )
    suggestions = Section("suggestions", _("Suggestions"), [figures.watch_list()], [], narrative.suggestions)
    cases = figures.cases(narrative)
    progress(_("Figures computed"), 1.0)
    return Report(
        period=period,
        sections=[overview, results, contribution, suggestions, cases],
        generated_at=timezone.now(),
        language=get_language() or "zh-hans",
    )
