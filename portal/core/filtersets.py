from functools import reduce
from operator import or_

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PortalFilterSet(django_filters.FilterSet):
    """Base FilterSet shared by a model's list page and its API list.

    ``q`` searches every field named in ``search_fields`` (case-insensitive substring).
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": value}) for f in self.search_fields)))
