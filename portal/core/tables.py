import django_tables2 as tables
from django.conf import settings
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _


class PortalTable(tables.Table):
    """Base table: translated empty text; links and columns are declared by each model's table."""

    class Meta:
        empty_text = _("Nothing matches.")
        attrs = {"class": "table table-hover align-middle"}

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        # ``per_page`` comes straight from the query string: keep it between 1 and the maximum.
        per_page = max(1, min(per_page or settings.PAGINATE_BY, settings.MAX_PAGE_SIZE))
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)
