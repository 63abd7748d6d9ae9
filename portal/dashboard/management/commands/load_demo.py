import unicodedata

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cooperation import demo as cooperation_demo
from members import demo as members_demo
from members.models import MemberUnit, User
from portal.reports import demo as reports_demo
from training import demo as training_demo


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal; pad by display width, not length.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy one. Commands load after translation is ready.
    help = _(
        "Load a demo vocational education group with people in every role, agreements, training "
        "needs, training bases, teacher placements, skill masters and order classes, then list the demo "
        "logins. Does nothing if the demo is already loaded or the register "
        "holds other units."
    )

    def handle(self, *args, **options):
        if not members_demo.is_loaded() and MemberUnit.objects.exists():
            # Never mix well-known demo passwords into a real register.
            self.stderr.write(
                self.style.WARNING(
                    _("The register already holds member units, so the demo group was not loaded.")
                )
            )
            return
        # All or nothing: a failure half-way leaves the database as it was. Messages wait for the commit.
        messages = []
        with transaction.atomic():
            if members_demo.is_loaded():
                group = None
            else:
                group = members_demo.load()
                messages.append(
                    _(
                        "Loaded the demo group: %(units)d member units, %(people)d people, %(majors)d "
                        "majors, %(committees)d committees and %(applications)d membership applications."
                    )
                    % group
                )
            # A demo loaded before the cooperation app existed gets its agreements and needs now.
            if cooperation_demo.is_loaded():
                cooperation = None
            elif cooperation_demo.register_is_empty():
                cooperation = cooperation_demo.load()
                messages.append(
                    _(
                        "Loaded the demo cooperation: %(agreements)d agreements, %(needs)d training needs "
                        "and %(proposals)d proposals."
                    )
                    % cooperation
                )
            else:
                cooperation = None
                self.stderr.write(
                    self.style.WARNING(
                        _(
                            "The register of agreements and training needs already holds other records, "
                            "so no demo agreements or needs were added."
                        )
                    )
                )
            # Likewise a demo loaded before the training app existed gets its training now.
            if training_demo.is_loaded():
                training = None
            elif training_demo.register_is_empty():
                training = training_demo.load()
                messages.append(
                    _(
                        "Loaded the demo training: %(bases)d training bases with %(bookings)d bookings, "
                        "%(offers)d placement offers with %(applications)d applications, %(masters)d skill "
                        "masters and %(order_classes)d order classes with %(students)d students."
                    )
                    % training
                )
            else:
                training = None
                self.stderr.write(
                    self.style.WARNING(
                        _(
                            "The training register already holds other records, so no demo bases, "
                            "placements, skill masters or order classes were added."
                        )
                    )
                )
            # The secretariat's narrative for this year's report, so a run tells it.
            report_draft = None if reports_demo.is_loaded() else reports_demo.load()
            if report_draft is not None:
                messages.append(_("Wrote the narrative and typical cases of this year's report."))
        if group is None and cooperation is None and training is None and report_draft is None:
            self.stdout.write(_("The demo group is already loaded; nothing was created."))
        for message in messages:
            self.stdout.write(self.style.SUCCESS(message))
        self._print_logins()

    def _print_logins(self):
        users = User.objects.select_related("unit").in_bulk(
            [login[0] for login in members_demo.LOGINS], field_name="username"
        )
        # Headings reuse the fields' labels, which the catalogue already translates.
        label = {
            name: str(capfirst(User._meta.get_field(name).verbose_name))
            for name in ("role", "username", "unit")
        }
        rows = [(label["role"], label["username"], _("Password"), label["unit"])]
        for username, *_rest in members_demo.LOGINS:
            if user := users.get(username):
                unit = user.unit.name if user.unit else "—"
                rows.append((str(user.get_role_display()), username, members_demo.PASSWORD, unit))
        widths = [max(_width(row[column]) for row in rows) for column in range(3)]
        self.stdout.write("\n" + _("Demo logins:"))
        for row in rows:
            cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
