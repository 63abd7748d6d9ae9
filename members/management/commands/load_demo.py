import unicodedata

from django.core.management.base import BaseCommand
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from members import demo
from members.models import MemberUnit, User


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal; pad by display width, not length.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class Command(BaseCommand):
    # A plain string: argparse cannot format a lazy one. Commands load after translation is ready.
    help = _(
        "Load a demo vocational education group with people in every role, then list the demo "
        "logins. Does nothing if the demo is already loaded or the register holds other units."
    )

    def handle(self, *args, **options):
        if demo.is_loaded():
            self.stdout.write(_("The demo group is already loaded; nothing was created."))
        elif MemberUnit.objects.exists():
            # Never mix well-known demo passwords into a real register.
            self.stderr.write(
                self.style.WARNING(
                    _("The register already holds member units, so the demo group was not loaded.")
                )
            )
            return
        else:
            counts = demo.load()
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Loaded the demo group: %(units)d member units, %(people)d people, %(majors)d "
                        "majors, %(committees)d committees and %(applications)d membership applications."
                    )
                    % counts
                )
            )
        self._print_logins()

    def _print_logins(self):
        users = User.objects.select_related("unit").in_bulk(
            [login[0] for login in demo.LOGINS], field_name="username"
        )
        # Headings reuse the fields' labels, which the catalogue already translates.
        label = {
            name: str(capfirst(User._meta.get_field(name).verbose_name))
            for name in ("role", "username", "unit")
        }
        rows = [(label["role"], label["username"], _("Password"), label["unit"])]
        for username, *_rest in demo.LOGINS:
            if user := users.get(username):
                unit = user.unit.name if user.unit else "—"
                rows.append((str(user.get_role_display()), username, demo.PASSWORD, unit))
        widths = [max(_width(row[column]) for row in rows) for column in range(3)]
        self.stdout.write("\n" + _("Demo logins:"))
        for row in rows:
            cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
