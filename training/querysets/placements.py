"""Queries that the pages and the API share for placement offers and applications."""

from portal.core.permissions import PortalQuerySet


class PlacementOfferQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("unit", "major_category")


class PlacementApplicationQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("offer", "offer__unit", "teacher", "school")
