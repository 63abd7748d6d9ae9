"""Queries that the pages and the API share for placement offers and applications, and the
teachers' enterprise-practice figures."""

from datetime import date

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from portal.core import permissions
from portal.core.permissions import PortalQuerySet
from portal.core.roles import GROUP_ROLES, Role
from training.choices import HOLDS_SLOT, ApplicationStatus, OfferStatus


def required_practice_days() -> int:
    """At least six months (of 30 days) of enterprise practice in every five years, unless the
    deployment sets another figure."""
    return settings.ENTERPRISE_PRACTICE_REQUIRED_DAYS


PRACTICE_WINDOW_YEARS = 5

# The enterprise sees an application once the teacher's school has approved it.
_BEFORE_SCHOOL_APPROVAL = (ApplicationStatus.SUBMITTED, ApplicationStatus.SCHOOL_DECLINED)


def _slots_held():
    """The number of the offer's slots held, as a subquery (so it composes with any join)."""
    from training.models import PlacementApplication

    held = (
        PlacementApplication.objects.filter(offer=OuterRef("pk"), status__in=sorted(HOLDS_SLOT))
        .order_by()
        .values("offer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


class PlacementOfferQuerySet(PortalQuerySet):
    def open(self):
        return self.filter(status=OfferStatus.OPEN)

    def visible_to(self, user):
        """Open offers for everyone; the group sees all; an enterprise's people also see their own
        closed and cancelled offers, and a school's people and teachers the offers applied to."""
        from training.models import PlacementApplication

        role = permissions.role_of(user)
        if role in GROUP_ROLES:
            return self.all()
        visible = Q(status=OfferStatus.OPEN)
        if permissions.scope(user, "view", self.model) == permissions.OWN and user.unit_id is not None:
            visible |= Q(unit_id=user.unit_id)
        if role != permissions.VISITOR:
            visible |= Q(pk__in=PlacementApplication.objects.visible_to(user).values("offer_id"))
        return self.filter(visible)

    def annotate_slots_held(self):
        if "slots_held" in self.query.annotations:
            return self
        return self.annotate(slots_held=_slots_held())

    def with_free_slots(self):
        return self.filter(slots__gt=_slots_held())

    def without_free_slots(self):
        return self.filter(slots__lte=_slots_held())

    def with_list_related(self):
        return self.select_related("unit", "major_category").annotate_slots_held()


class PlacementApplicationQuerySet(PortalQuerySet):
    def visible_to(self, user):
        """A teacher sees their own applications; a school's people their teachers'; an enterprise's
        people those to its offers once the school has approved them; the group all."""
        role = permissions.role_of(user)
        if role in GROUP_ROLES:
            return permissions.restrict(self, user, "view")
        if role == Role.TEACHER:
            return self.filter(teacher=user)
        if permissions.scope(user, "view", self.model) == permissions.OWN and user.unit_id is not None:
            school = Q(school_id=user.unit_id)
            enterprise = Q(offer__unit_id=user.unit_id) & ~Q(status__in=_BEFORE_SCHOOL_APPROVAL)
            return self.filter(school | enterprise)
        return self.none()

    def holding_slots(self):
        return self.filter(status__in=sorted(HOLDS_SLOT))

    def waiting_list(self):
        """The waiting list of an offer, first in line first."""
        return self.filter(status=ApplicationStatus.WAITLISTED).order_by("waitlisted_at", "pk")

    def with_list_related(self):
        return self.select_related("offer", "offer__unit", "offer__major_category", "teacher", "school")


def practice_window_start(today: date | None = None) -> date:
    """The first day of the five years that end ``today``; a 29 February becomes the 28th."""
    today = today or timezone.localdate()
    year = today.year - PRACTICE_WINDOW_YEARS
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def _counted(today: date | None) -> Q:
    """Completed placements whose offer ended within the window: the practice that counts."""
    return Q(status=ApplicationStatus.COMPLETED, offer__ends_on__gte=practice_window_start(today))


def _teacher_days(today: date | None):
    """A teacher's practice days in the window, as a subquery on the teacher's row."""
    from training.models import PlacementApplication

    days = (
        PlacementApplication.objects.filter(_counted(today), teacher=OuterRef("pk"))
        .order_by()
        .values("teacher")
        .annotate(days=Sum("days_completed"))
        .values("days")
    )
    return Coalesce(Subquery(days, output_field=IntegerField()), Value(0))


def practice_days(teacher, today: date | None = None) -> int:
    """The days of enterprise practice ``teacher`` completed in the last five years."""
    from training.models import PlacementApplication

    total = PlacementApplication.objects.filter(_counted(today), teacher=teacher).aggregate(
        days=Sum("days_completed")
    )["days"]
    return total or 0


def teachers_by_practice(school_ids=None, today: date | None = None):
    """Active teachers annotated with ``practice_days`` and ``days_lacking``, those lacking most
    first, then by name."""
    from django.contrib.auth import get_user_model

    teachers = get_user_model().objects.filter(role=Role.TEACHER, is_active=True)
    if school_ids is not None:
        teachers = teachers.filter(unit_id__in=list(school_ids))
    return (
        teachers.select_related("unit")
        .annotate(practice_days=_teacher_days(today))
        .annotate(days_lacking=Greatest(Value(required_practice_days()) - F("practice_days"), Value(0)))
        .order_by("-days_lacking", "name", "pk")
    )


def schools_by_practice(today: date | None = None):
    """The member schools annotated with their active ``teachers``, the ``teachers_meeting`` the
    requirement and the ``practice_days`` of all their teachers in the window."""
    from django.contrib.auth import get_user_model

    from members.choices import SCHOOL_KINDS, UnitStatus
    from members.models import MemberUnit
    from training.models import PlacementApplication

    teachers = get_user_model().objects.filter(unit=OuterRef("pk"), role=Role.TEACHER, is_active=True)

    def count(queryset):
        counted = queryset.order_by().values("unit").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    meeting = teachers.annotate(days=_teacher_days(today)).filter(days__gte=required_practice_days())
    days = (
        PlacementApplication.objects.filter(
            _counted(today),
            teacher__unit=OuterRef("pk"),
            teacher__role=Role.TEACHER,
            teacher__is_active=True,
        )
        .order_by()
        .values("teacher__unit")
        .annotate(days=Sum("days_completed"))
        .values("days")
    )
    return (
        MemberUnit.objects.filter(kind__in=sorted(SCHOOL_KINDS))
        .exclude(status=UnitStatus.WITHDRAWN)
        .annotate(
            teachers=count(teachers),
            teachers_meeting=count(meeting),
            practice_days=Coalesce(Subquery(days, output_field=IntegerField()), Value(0)),
        )
    )
