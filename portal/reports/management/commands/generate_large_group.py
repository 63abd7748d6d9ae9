from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.reports.large_group import RegisterNotEmpty, Size, generate


class Command(BaseCommand):
    help = (
        "Generate a large group for measuring the report: 10,000 member units, 200,000 teacher "
        "placements and 1,000,000 base bookings by default. Refuses a register that holds units."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=Size.units)
        parser.add_argument("--placements", type=int, default=Size.placements)
        parser.add_argument("--bookings", type=int, default=Size.bookings)
        parser.add_argument("--last-year", type=int, default=2025, help="The last year the records cover.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--allow-sqlite", action="store_true", help="Run on SQLite too (small sizes, for testing)."
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql" and not options["allow_sqlite"]:
            raise CommandError("The large group is meant for PostgreSQL: set DATABASE_URL.")
        size = Size(options["units"], options["placements"], options["bookings"])

        def report(name, count):
            self.stdout.write(f"{name}: {count:,}")

        try:
            counts = generate(size, options["last_year"], options["seed"], report)
        except RegisterNotEmpty as error:
            raise CommandError(f"{error} Generate the large group in an empty database.") from error
        self.stdout.write(self.style.SUCCESS(f"Done: {sum(counts.values()):,} rows."))
