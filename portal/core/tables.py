import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class PortalTable(tables.Table):
    """Base table: translated empty text; links and columns are declared by each model's table."""

    class Meta:
        empty_text = _("Nothing matches.")
        attrs = {"class": "table table-hover align-middle"}
