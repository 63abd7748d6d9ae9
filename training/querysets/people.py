"""Queries that the pages and the API share for skill masters and order classes."""

from portal.core.permissions import PortalQuerySet


class SkillMasterQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("enterprise", "school", "major")


class OrderClassQuerySet(PortalQuerySet):
    def with_list_related(self):
        return self.select_related("enterprise", "school", "major", "agreement")


class OrderClassStudentQuerySet(PortalQuerySet):
    pass
