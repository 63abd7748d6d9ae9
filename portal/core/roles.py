from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A person's role in the portal. Visitors (not logged in) have no stored role."""

    SECRETARIAT = "secretariat", _("Secretariat")
    SUPERVISOR = "supervisor", _("Supervisor")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    TEACHER = "teacher", _("Teacher")


VISITOR = "visitor"
GROUP_ROLES = frozenset({Role.SECRETARIAT, Role.SUPERVISOR})
UNIT_ROLES = frozenset({Role.UNIT_ADMIN, Role.UNIT_STAFF, Role.TEACHER})
