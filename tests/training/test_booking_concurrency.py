"""Thirty bookings of one base confirmed at the same moment, each by its own thread with its own
database connection: on PostgreSQL the base's row lock makes the confirmations take turns, so the
confirmed headcount never goes above the capacity at any instant, and those that no longer fit
are refused with a WorkflowError and stay requested."""

import random
from datetime import timedelta
from functools import partial

import pytest
from django.db import connection

from portal.core.workflow import WorkflowError
from tests.concurrency import race
from tests.training.builders import at, make_base, make_booking
from training.choices import BookingStatus
from training.models import BaseBooking
from training.querysets.bases import peak_headcount
from training.services import bookings as services

CAPACITY = 20
BOOKINGS = 30
ROUNDS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_confirmations_racing_never_overfill_the_base(personas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for round_ in range(ROUNDS):
        _round(personas, round_)


def _round(personas, round_):
    base = make_base(personas.enterprise, capacity=CAPACITY, name=f"并发测试基地 {round_}")
    rng = random.Random(20261123 + round_)
    bookers = [personas.school_admin, personas.school_staff, personas.outsider]
    requests = []
    for index in range(BOOKINGS):
        starts_at = at(8) + timedelta(minutes=30 * rng.randrange(0, 6))
        ends_at = starts_at + timedelta(minutes=30 * rng.randrange(2, 7))
        requests.append(make_booking(base, bookers[index % 3], starts_at, ends_at, rng.randint(1, 5)))
    # Together they ask for far more than the base holds at its busiest.
    asked = [(b.starts_at, b.ends_at, b.headcount) for b in requests]
    assert peak_headcount(asked, at(0), at(23)) > 2 * CAPACITY

    deciders = [personas.enterprise_admin, personas.secretariat]
    outcomes = race(*(partial(services.confirm_booking, b, deciders[i % 2]) for i, b in enumerate(requests)))

    unexpected = [o for o in outcomes if not isinstance(o, (BaseBooking, WorkflowError))]
    assert not unexpected, unexpected
    confirmed = {o.pk for o in outcomes if isinstance(o, BaseBooking)}
    refused = {b.pk for b, o in zip(requests, outcomes, strict=True) if isinstance(o, WorkflowError)}
    assert confirmed and refused
    assert len(confirmed) + len(refused) == BOOKINGS

    stored = {b.pk: b for b in BaseBooking.objects.filter(base=base)}
    assert {pk for pk, b in stored.items() if b.status == BookingStatus.CONFIRMED} == confirmed
    assert {pk for pk, b in stored.items() if b.status == BookingStatus.REQUESTED} == refused

    # The sweep over every confirmed booking: never more than the capacity at any instant.
    held = [(b.starts_at, b.ends_at, b.headcount) for pk, b in stored.items() if pk in confirmed]
    assert peak_headcount(held, at(0), at(23)) <= CAPACITY
    # And each refusal was right: with what ended up confirmed, it would not have fitted.
    for pk in refused:
        booking = stored[pk]
        assert peak_headcount(held, booking.starts_at, booking.ends_at) + booking.headcount > CAPACITY
