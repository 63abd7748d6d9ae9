"""Queries that the pages and the API share, with the related rows each list needs."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cooperation.choices import IN_FORCE, NeedStatus, ProposalStatus
from portal.core import permissions
from portal.core.permissions import PortalQuerySet


class AgreementQuerySet(PortalQuerySet):
    def with_list_related(self):
        from cooperation.models import AgreementParty

        return self.prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("unit").order_by("role"))
        )

    def with_detail_related(self):
        from cooperation.models import AgreementDocument, AgreementParty

        return self.select_related("amends", "renews", "created_by").prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("unit", "signed_by")),
            Prefetch("documents", queryset=AgreementDocument.objects.select_related("uploaded_by")),
            Prefetch("amendments", queryset=self.model.objects.order_by("created")),
            "renewals",
            "training_needs",
        )

    def in_force(self):
        return self.filter(status__in=IN_FORCE)

    def expiring_within(self, days: int):
        today = timezone.localdate()
        return self.in_force().filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=days))


class TrainingNeedQuerySet(PortalQuerySet):
    def open(self):
        return self.filter(status=NeedStatus.OPEN)

    def visible_to(self, user):
        """Open needs for every member and visitor; the whole record to its own unit and the group;
        and to a school, the needs it answered (it is told when its proposal is decided)."""
        from cooperation.models import Proposal

        own = permissions.restrict(self, user, "view")
        if permissions.scope(user, "view", self.model) == permissions.ALL:
            return own
        answered = permissions.restrict(Proposal.objects.all(), user, "view").values("need_id")
        return self.filter(Q(status=NeedStatus.OPEN) | Q(pk__in=own.values("pk")) | Q(pk__in=answered))

    def with_list_related(self):
        return (
            self.select_related("unit", "industry")
            .prefetch_related("major_categories")
            .annotate(
                proposal_count=Count(
                    "proposals", filter=~Q(proposals__status=ProposalStatus.WITHDRAWN), distinct=True
                )
            )
        )

    def unanswered(self, days: int = 14):
        """Open needs posted at least ``days`` ago that no school has answered."""
        since = timezone.now() - timedelta(days=days)
        return self.open().filter(created__lte=since).exclude(proposals__status=ProposalStatus.SUBMITTED)


class ProposalQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("need", "need__unit", "unit", "submitted_by")
