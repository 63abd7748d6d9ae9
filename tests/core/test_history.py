"""The history panel shows what changed in words a person reads: dates and times formatted in
their language and time zone, not as stored."""

from datetime import date

from django.utils import timezone, translation

from portal.core.history import history_of
from tests.training.builders import at, make_base, make_booking
from training.services import bookings as services


def test_dates_and_times_are_shown_formatted(personas):
    school = personas.school
    school.joined_on = date(2019, 9, 1)
    school.save()
    booking = make_booking(make_base(personas.enterprise), personas.school_admin, at(9), at(12), 2)
    services.confirm_booking(booking, personas.enterprise_admin)
    decided = timezone.localtime(booking.history.latest().decided_at)
    with translation.override("en"):
        (joined,) = [c for c in history_of(school)[0].changes if c.field == "date joined"]
        changes = {c.field: c.new for c in history_of(booking)[0].changes}
    assert joined.new == "09/01/2019"
    # Local time, to the minute, as the rest of the page shows times.
    assert changes["decided at"].startswith(f"{decided:%m/%d/%Y} {decided.hour % 12 or 12}")
    assert changes["decided at"].endswith(("a.m.", "p.m.", "noon", "midnight"))
