import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from portal.core.tables import PortalTable
from portal.imports.models import ImportJob


class ImportJobTable(PortalTable):
    id = tables.Column(linkify=True, verbose_name="#")
    kind = tables.Column(linkify=True)
    file_name = tables.Column()
    status = tables.Column()
    rows = tables.Column()
    new = tables.Column()
    changed = tables.Column()
    unchanged = tables.Column()
    errors = tables.Column()
    created_by = tables.Column(order_by=("created_by__name",))
    created = tables.DateTimeColumn(short=True, verbose_name=_("Uploaded at"))
    finished_at = tables.DateTimeColumn(short=True)

    class Meta(PortalTable.Meta):
        model = ImportJob
        fields = (
            "id",
            "kind",
            "file_name",
            "status",
            "rows",
            "new",
            "changed",
            "unchanged",
            "errors",
            "created_by",
            "created",
            "finished_at",
        )
        order_by = "-created"
