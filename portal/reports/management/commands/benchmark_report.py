import resource
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from portal.reports.content import Period
from portal.reports.figures import compute
from portal.reports.pdf import write_pdf
from portal.reports.xlsx import write_xlsx


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Build the report for a year, timing each stage, and print the peak memory of the process."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--output", help="A directory to write report.xlsx and report.pdf into.")

    def handle(self, *args, **options):
        period = Period.year(options["year"])
        stages: list[tuple[str, float]] = []

        def progress(stage, fraction):
            stages.append((stage, time.perf_counter()))

        self.stdout.write(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        self.stdout.write(f"Peak memory before: {peak_mb():.0f} MB")
        with translation.override(options["language"]):
            started = time.perf_counter()
            report = compute(period, progress=progress)
            computed = time.perf_counter()
            xlsx = write_xlsx(report)
            written_xlsx = time.perf_counter()
            pdf = write_pdf(report)
            finished = time.perf_counter()
            for (stage, at), (_, after) in zip(stages, stages[1:], strict=False):
                self.stdout.write(f"  {stage}: {after - at:.2f} s")
        self.stdout.write(f"Figures: {computed - started:.2f} s")
        self.stdout.write(f"XLSX: {written_xlsx - computed:.2f} s ({len(xlsx):,} bytes)")
        self.stdout.write(f"PDF: {finished - written_xlsx:.2f} s ({len(pdf):,} bytes)")
        self.stdout.write(f"Total: {finished - started:.2f} s")
        self.stdout.write(f"Peak memory: {peak_mb():.0f} MB")
        if options["output"]:
            directory = Path(options["output"])
            if not directory.is_dir():
                raise CommandError(f"{directory} is not a directory.")
            (directory / "report.xlsx").write_bytes(xlsx)
            (directory / "report.pdf").write_bytes(pdf)
