"""What the register of member units holds as a spreadsheet (see portal.core.exports)."""

from django.utils.translation import gettext_lazy as _

from members.models import MemberUnit
from portal.core.exports import Export, ExportColumn, Field, join

MEMBER_UNITS = Export(
    MemberUnit,
    "member-units",
    [
        Field("credit_code", width=22),
        Field("name_zh", width=36),
        Field("name_en", width=40),
        "short_name",
        Field("kind", width=24),
        Field("council_role", width=18),
        "is_leading_school",
        "status",
        "province",
        "city",
        Field("address", width=40),
        "website",
        "contact_name",
        Field("contact_phone", width=16),
        "contact_email",
        # Codes (GB/T 4754 sections), as the template for imports has them.
        ExportColumn(
            _("Industries served"), lambda unit: join(i.code for i in unit.industries.all()), width=16
        ),
        "joined_on",
        "left_on",
    ],
)
