"""Queries that the pages and the API share for skill masters and order classes."""

from django.db.models import Case, Count, F, FloatField, Q, Sum, When
from django.db.models.functions import Cast

from portal.core import permissions
from portal.core.permissions import PortalQuerySet
from training.choices import GRADUATE_OUTCOMES, StudentOutcome


class SkillMasterQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("enterprise", "school", "major")

    def visible_to(self, user):
        return permissions.restrict(self, user, "view")

    def for_unit(self, unit):
        """The experts an enterprise sends or a school hosts."""
        return self.filter(Q(enterprise=unit) | Q(school=unit))

    def per_unit(self, side: str):
        """Rows of ``{side, masters, hours}``: how many experts and teaching hours each school
        hosts (``side="school"``) or each enterprise sends (``side="enterprise"``), in one query."""
        return self.values(side).annotate(masters=Count("pk"), hours=Sum("hours")).order_by(side)

    def active_in(self, year: int):
        """Those teaching at some time during ``year``."""
        return self.filter(starts_on__year__lte=year, ends_on__year__gte=year)


class OrderClassQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related(
            "enterprise", "school", "major", "major__category", "agreement"
        ).with_counts()

    def with_counts(self):
        """Annotates the roster in one query: ``enrolled`` (on the roster and not left), ``left``,
        ``graduates`` (finished, hired or not), ``hired_by_sponsor``, ``hired_elsewhere`` and
        ``sponsor_hire_rate`` — hired by the ordering enterprise per graduate, from 0 to 1, or
        None while the class has no graduates."""
        outcome = "students__outcome"
        return self.annotate(
            enrolled=Count("students", filter=~Q(**{outcome: StudentOutcome.LEFT})),
            left=Count("students", filter=Q(**{outcome: StudentOutcome.LEFT})),
            graduates=Count("students", filter=Q(**{f"{outcome}__in": GRADUATE_OUTCOMES})),
            hired_by_sponsor=Count("students", filter=Q(**{outcome: StudentOutcome.HIRED_BY_SPONSOR})),
            hired_elsewhere=Count("students", filter=Q(**{outcome: StudentOutcome.HIRED_ELSEWHERE})),
        ).annotate(
            sponsor_hire_rate=Case(
                When(graduates=0, then=None),
                default=Cast(F("hired_by_sponsor"), FloatField()) / Cast(F("graduates"), FloatField()),
                output_field=FloatField(),
            )
        )

    def visible_to(self, user):
        return permissions.restrict(self, user, "view")

    def for_unit(self, unit):
        """The classes an enterprise ordered or a school runs."""
        return self.filter(Q(enterprise=unit) | Q(school=unit))


class OrderClassStudentQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("order_class")
