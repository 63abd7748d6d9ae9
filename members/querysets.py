"""Queries that the pages and the API share, with the related rows each list needs."""

from django.db.models import Count, Prefetch

from members.choices import ApplicationStatus, UnitStatus
from portal.core.permissions import PortalQuerySet


class MemberUnitQuerySet(PortalQuerySet):
    def public(self):
        """Units shown in the public directory: active members only."""
        return self.filter(status=UnitStatus.ACTIVE)

    def with_list_related(self):
        return self.prefetch_related("industries")

    def with_detail_related(self):
        from members.models import Committee, Major, User

        return self.prefetch_related(
            "industries",
            Prefetch("committees", queryset=Committee.objects.order_by("name_zh")),
            Prefetch("majors", queryset=Major.objects.select_related("category").order_by("code")),
            Prefetch("people", queryset=User.objects.order_by("-is_active", "role", "username")),
        )


class CommitteeQuerySet(PortalQuerySet):
    def with_list_related(self):
        return (
            self.select_related("chair_unit")
            .annotate(member_count=Count("members", distinct=True))
            .order_by("name_zh")
        )


class MajorQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("unit", "category")


class MembershipApplicationQuerySet(PortalQuerySet):
    def pending(self):
        return self.filter(status=ApplicationStatus.PENDING)

    def with_list_related(self):
        return self.select_related("decided_by", "unit").prefetch_related("industries")
