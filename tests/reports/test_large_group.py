"""The generator of the large group (at a small size here) and the benchmark command."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from members.models import MemberUnit
from portal.reports.content import Period
from portal.reports.figures import compute
from portal.reports.large_group import RegisterNotEmpty, Size, generate
from portal.reports.management.commands import generate_large_group as generate_command
from tests.factories import make_unit
from training.models import BaseBooking, PlacementApplication

pytestmark = pytest.mark.django_db

SMALL = Size(units=40, placements=300, bookings=800)


def test_the_generator_builds_the_sizes_asked_for_in_past_years():
    counts = generate(SMALL, last_year=2025)
    assert counts["units"] == MemberUnit.objects.count() == 40
    assert counts["placements"] == PlacementApplication.objects.count() == 300
    assert counts["bookings"] == BaseBooking.objects.count() == 800
    # The records keep the dates of their years rather than the time they were generated.
    assert not BaseBooking.objects.filter(created__year__gt=2025).exists()
    assert BaseBooking.objects.filter(created__year=2025).exists()


def test_the_generator_refuses_a_register_that_holds_units():
    make_unit()
    with pytest.raises(RegisterNotEmpty):
        generate(SMALL, last_year=2025)
    with pytest.raises(CommandError, match="empty database"):
        call_command("generate_large_group", "--units", "10", "--allow-sqlite", stdout=StringIO())


def test_the_command_wants_postgresql_unless_told(monkeypatch):
    monkeypatch.setattr(generate_command, "connection", SimpleNamespace(vendor="sqlite"))
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_large_group", "--units", "10", stdout=StringIO())


def test_the_report_of_the_generated_group_counts_what_was_generated():
    generate(SMALL, last_year=2025)
    with translation.override("en"):
        report = compute(Period.year(2025))
    requests = BaseBooking.objects.filter(created__year=2025).count()
    total = next(row for row in report.table("bookings_by_purpose").rows if row[0] == "Total")
    assert total[1] == requests > 0


def test_the_benchmark_prints_the_stages_the_time_and_the_memory(tmp_path):
    generate(SMALL, last_year=2025)
    out = StringIO()
    call_command(
        "benchmark_report", "--year", "2025", "--language", "en", "--output", str(tmp_path), stdout=out
    )
    text = out.getvalue()
    assert "Member units:" in text
    assert "Total:" in text and "Peak memory:" in text
    assert (tmp_path / "report.xlsx").read_bytes().startswith(b"PK")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
