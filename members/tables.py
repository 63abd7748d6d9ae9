import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from members.models import Committee, Major, MembershipApplication, MemberUnit, User
from portal.core.tables import PortalTable


class IndustriesColumn(tables.Column):
    def __init__(self, **kwargs):
        super().__init__(orderable=False, empty_values=(), **kwargs)

    def render(self, record):
        # Codes only: the prefetched industries, with the full name on hover.
        return (
            format_html_join(
                " ",
                '<span class="badge text-bg-light" title="{}">{}</span>',
                ((i.name, i.code) for i in record.industries.all()),
            )
            or "—"
        )


class MemberUnitTable(PortalTable):
    name_zh = tables.Column(linkify=True, verbose_name=_("Name"))
    name_en = tables.Column(verbose_name=_("English name"))
    short_name = tables.Column()
    kind = tables.Column()
    province = tables.Column()
    city = tables.Column()
    industries = IndustriesColumn(verbose_name=_("Industries"))
    council_role = tables.Column()
    status = tables.Column()
    joined_on = tables.DateColumn(short=True)

    class Meta(PortalTable.Meta):
        model = MemberUnit
        fields = (
            "name_zh",
            "name_en",
            "short_name",
            "kind",
            "province",
            "city",
            "industries",
            "council_role",
            "status",
            "joined_on",
        )
        order_by = ("name_zh",)


class DirectoryTable(PortalTable):
    name_zh = tables.Column(linkify=lambda record: record.get_public_url(), verbose_name=_("Name"))
    name_en = tables.Column(verbose_name=_("English name"))
    kind = tables.Column()
    province = tables.Column()
    city = tables.Column()
    industries = IndustriesColumn(verbose_name=_("Industries"))
    council_role = tables.Column()

    class Meta(PortalTable.Meta):
        model = MemberUnit
        fields = ("name_zh", "name_en", "kind", "province", "city", "industries", "council_role")
        order_by = ("name_zh",)


class CommitteeTable(PortalTable):
    name_zh = tables.Column(linkify=True, verbose_name=_("Name"))
    name_en = tables.Column(verbose_name=_("English name"))
    chair_unit = tables.Column()
    member_count = tables.Column(verbose_name=_("Member units"))
    founded_on = tables.DateColumn(short=True)

    class Meta(PortalTable.Meta):
        model = Committee
        fields = ("name_zh", "name_en", "chair_unit", "member_count", "founded_on")
        order_by = ("name_zh",)


class MajorTable(PortalTable):
    code = tables.Column()
    name = tables.Column()
    unit = tables.Column(linkify=lambda record: record.unit.get_public_url(), order_by=("unit__name_zh",))
    category = tables.Column()
    level = tables.Column()
    yearly_intake = tables.Column()

    class Meta(PortalTable.Meta):
        model = Major
        fields = ("code", "name", "unit", "category", "level", "yearly_intake")
        order_by = ("code",)


class MembershipApplicationTable(PortalTable):
    name_zh = tables.Column(linkify=True, verbose_name=_("Name"))
    kind = tables.Column()
    credit_code = tables.Column()
    province = tables.Column()
    contact_name = tables.Column()
    created = tables.DateTimeColumn(short=True, verbose_name=_("Submitted"))
    status = tables.Column()

    class Meta(PortalTable.Meta):
        model = MembershipApplication
        fields = ("name_zh", "kind", "credit_code", "province", "contact_name", "created", "status")
        order_by = ("-created",)


class PersonTable(PortalTable):
    name = tables.Column()
    username = tables.Column()
    email = tables.EmailColumn()
    role = tables.Column()
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta(PortalTable.Meta):
        model = User
        fields = ("name", "username", "email", "role", "is_active")
