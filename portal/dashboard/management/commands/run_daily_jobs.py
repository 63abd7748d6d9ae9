from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy one.
    help = _(
        "Run the daily jobs of the beat schedule now, in this process (for cron, where there is no Redis)."
    )

    def handle(self, *args, **options):
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            result = import_string(entry["task"])()
            self.stdout.write(f"{name}: {result}")
