"""Queries that the pages and the API share for training bases and their bookings."""

from datetime import date, datetime, time, timedelta

from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from portal.core import permissions
from portal.core.permissions import PortalQuerySet
from training.choices import HOLDS_PLACES


class TrainingBaseQuerySet(PortalQuerySet):
    def bookable_by(self, unit):
        """The bases ``unit`` may book: those open to all members, those that list it, its own and
        those it co-built."""
        unit_id = getattr(unit, "pk", unit)
        bookable = Q(open_to_all=True) | Q(open_to=unit_id) | Q(unit=unit_id) | Q(co_builders=unit_id)
        # Through the to-many relations a base could repeat; a subquery cannot.
        return self.filter(pk__in=self.model._default_manager.filter(bookable).values("pk"))

    def visible_to(self, user):
        """The group sees every base; a member unit's people see the bases their unit may book."""
        restricted = permissions.restrict(self, user, "view")
        if permissions.role_of(user) in (permissions.SEC, permissions.SUP):
            return restricted
        unit_id = getattr(user, "unit_id", None)
        return restricted.bookable_by(unit_id) if unit_id is not None else restricted

    def with_list_related(self):
        return self.select_related("unit").prefetch_related("majors_served")

    def with_peak_between(self, starts_at: datetime, ends_at: datetime):
        """Each base annotated with ``peak``: the most places its confirmed bookings hold at any
        moment of [starts_at, ends_at), in one SQL query.

        The load only rises when a booking starts, so the peak is the load at the start of one of
        the bookings in the interval (or at the interval's start): for each such booking, the sum
        of the bookings under way at that moment; then the highest of those per base."""
        from training.models import BaseBooking

        confirmed = BaseBooking.objects.filter(status__in=HOLDS_PLACES)
        moment = Greatest(OuterRef("starts_at"), Value(starts_at))
        load_at_start = (
            confirmed.filter(base=OuterRef("base"), starts_at__lte=moment, ends_at__gt=moment)
            .values("base")
            .annotate(load=Sum("headcount"))
            .values("load")
        )
        highest = (
            confirmed.filter(base=OuterRef("pk"))
            .overlapping(starts_at, ends_at)
            .annotate(load=Subquery(load_at_start, output_field=IntegerField()))
            .order_by("-load")
            .values("load")[:1]
        )
        return self.annotate(peak=Coalesce(Subquery(highest, output_field=IntegerField()), Value(0)))

    def with_room_on(self, day: date):
        """Each base annotated with ``room``: how many more people it takes throughout ``day``."""
        starts_at, ends_at = day_bounds(day)
        return self.with_peak_between(starts_at, ends_at).annotate(room=F("capacity") - F("peak"))

    def free_on(self, day: date, places: int = 1):
        """The bases with at least ``places`` free throughout ``day``."""
        return self.with_room_on(day).filter(room__gte=places)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The day from local midnight to the next."""
    starts_at = timezone.make_aware(datetime.combine(day, time.min))
    return starts_at, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class BaseBookingQuerySet(PortalQuerySet):
    def holding_places(self):
        return self.filter(status__in=HOLDS_PLACES)

    def overlapping(self, starts_at, ends_at):
        """Bookings that share some moment with [starts_at, ends_at). Times are half-open, so a
        booking ending at 12:00 and one starting at 12:00 do not overlap."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def peak_headcount(self, starts_at, ends_at) -> int:
        """The most places that confirmed bookings in this queryset hold at any one moment of
        [starts_at, ends_at)."""
        rows = (
            self.holding_places()
            .overlapping(starts_at, ends_at)
            .values_list("starts_at", "ends_at", "headcount")
        )
        return peak_headcount(rows, starts_at, ends_at)

    def with_list_related(self):
        return self.select_related("base", "base__unit", "unit", "requested_by", "decided_by")


def peak_headcount(bookings, starts_at, ends_at) -> int:
    """The maximum over time of the summed headcount of ``bookings`` ((start, end, headcount)
    triples) within [starts_at, ends_at).

    A sweep: each booking, clipped to the interval, adds its headcount where it starts and takes it
    back where it ends; the running sum's highest point is the peak. At one instant, ends come
    before starts, since a booking that ends at 12:00 has left when the next one comes in at 12:00.
    This runs in Python rather than SQL on purpose: it only ever sees the bookings of one base that
    overlap one interval (a handful), it is the same on SQLite and PostgreSQL, and the confirming
    transaction has the base's row locked while it runs, so the figure cannot change under it.
    """
    events = []
    for start, end, headcount in bookings:
        start, end = max(start, starts_at), min(end, ends_at)
        if start < end:
            events.append((start, 1, headcount))
            events.append((end, 0, -headcount))
    peak = running = 0
    for _moment, _order, change in sorted(events):
        running += change
        peak = max(peak, running)
    return peak


def booking_days(base, first_day: date, last_day: date) -> list[dict]:
    """For each day from ``first_day`` to ``last_day``: the base's confirmed bookings under way
    that day and the places left throughout it. One query for the whole range."""
    range_start, _ = day_bounds(first_day)
    _, range_end = day_bounds(last_day)
    bookings = list(base.bookings.holding_places().overlapping(range_start, range_end).select_related("unit"))
    days = []
    day = first_day
    while day <= last_day:
        starts_at, ends_at = day_bounds(day)
        under_way = [b for b in bookings if b.starts_at < ends_at and b.ends_at > starts_at]
        peak = peak_headcount(((b.starts_at, b.ends_at, b.headcount) for b in under_way), starts_at, ends_at)
        days.append({"day": day, "bookings": under_way, "room": max(base.capacity - peak, 0)})
        day += timedelta(days=1)
    return days
