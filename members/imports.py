"""Importing member units and their contacts from the secretariat's spreadsheets.

Rows are matched to units by unified social credit code: a code the register has is an update
(a blank optional cell keeps what is there), a new code a new active unit. Status is not imported:
suspending and withdrawing are decisions with a reason, taken one unit at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import get_history_manager_for_model

from members.choices import CouncilRole, Province, UnitKind
from members.models import Industry, MemberUnit
from members.validators import normalize_code
from portal.core.imports import Column, Importer, Records, RowResult, RowStatus, field_changes, unsaved_copy
from portal.core.spreadsheets import choice_lookup, header_key, narrow, parse_date

# The administrative suffixes people leave out: 江苏 for 江苏省, 广西 for 广西壮族自治区.
PROVINCE_SUFFIX = re.compile(r"(省|市|特别行政区|(壮族|回族|维吾尔)?自治区)$")
LIST_SEPARATORS = re.compile(r"[,;、，；/\s]+")
BATCH = 1000

FIELDS = (
    "credit_code",
    "name_zh",
    "name_en",
    "short_name",
    "kind",
    "province",
    "city",
    "address",
    "website",
    "council_role",
    "joined_on",
    "contact_name",
    "contact_phone",
    "contact_email",
)


def _choices(choices):
    return lambda: [(value, label) for value, label in choices]


def _industries():
    return [(i.code, i.name) for i in Industry.objects.all()]


class MemberUnitImporter(Importer):
    kind = "member_units"
    verbose_name = gettext_lazy("Member units")
    columns = (
        Column(
            "credit_code",
            gettext_lazy("unified social credit code"),
            required=True,
            aliases=("credit code", "uscc", "信用代码", "社会信用代码", "统一信用代码"),
            hint=gettext_lazy("18 characters; rows are matched to units by this code."),
        ),
        Column(
            "name_zh",
            gettext_lazy("name (Chinese)"),
            required=True,
            aliases=("name", "单位名称", "名称", "中文名称", "单位全称"),
        ),
        Column("name_en", gettext_lazy("name (English)"), aliases=("英文名", "english name")),
        Column("short_name", gettext_lazy("short name"), aliases=("简称", "单位简称")),
        Column(
            "kind",
            gettext_lazy("kind"),
            required=True,
            aliases=("单位类型", "类型", "type", "unit kind"),
            allowed=_choices(UnitKind.choices),
        ),
        Column(
            "province",
            gettext_lazy("province"),
            required=True,
            aliases=("省份", "所在省份", "省", "地区"),
            hint=gettext_lazy("The name (江苏, 江苏省, Jiangsu) or the GB/T 2260 code (32)."),
            allowed=_choices(Province.choices),
        ),
        Column("city", gettext_lazy("city"), required=True, aliases=("城市", "所在城市", "地市")),
        Column("address", gettext_lazy("address"), aliases=("地址", "通讯地址")),
        Column("website", gettext_lazy("website"), aliases=("网址", "网站", "url")),
        Column(
            "council_role",
            gettext_lazy("council role"),
            aliases=("理事会职务", "理事会角色", "职务"),
            hint=gettext_lazy("Blank: an ordinary member for a new unit, unchanged for an existing one."),
            allowed=_choices(CouncilRole.choices),
        ),
        Column(
            "joined_on",
            gettext_lazy("date joined"),
            aliases=("入会时间", "加入日期", "入会日期", "joined"),
            hint=gettext_lazy("A date (2026-03-01, 2026/3/1, 2026年3月1日); blank: today for a new unit."),
        ),
        Column(
            "contact_name",
            gettext_lazy("contact person"),
            required=True,
            aliases=("联系人", "联系人姓名", "contact"),
        ),
        Column(
            "contact_phone",
            gettext_lazy("contact phone"),
            required=True,
            aliases=("联系电话", "电话", "手机", "phone"),
        ),
        Column(
            "contact_email",
            gettext_lazy("contact e-mail"),
            required=True,
            aliases=("邮箱", "电子邮箱", "联系邮箱", "email", "e-mail"),
        ),
        Column(
            "industries",
            gettext_lazy("industries served"),
            aliases=("行业", "服务行业", "所属行业", "industries"),
            hint=gettext_lazy(
                "Industry codes or names, separated by commas or 、; blank keeps an existing unit's."
            ),
            allowed=_industries,
        ),
    )

    def check(self, records: Records, progress) -> list[RowResult]:
        kinds = choice_lookup(UnitKind.choices)
        roles = choice_lookup(CouncilRole.choices, {"会员": CouncilRole.MEMBER, "成员": CouncilRole.MEMBER})
        provinces = self._province_lookup()
        industries = {}
        for industry in Industry.objects.all():
            for name in (industry.code, industry.name_zh, industry.name_en):
                industries[header_key(name)] = industry
        codes = {normalize_code(values.get("credit_code", "")) for _row, values in records}
        existing = {
            unit.credit_code: unit
            for unit in MemberUnit.objects.filter(credit_code__in=codes).prefetch_related("industries")
        }
        first_seen: dict[str, int] = {}
        results = []
        for done, (row, values) in enumerate(records, start=1):
            results.append(
                self._check_row(row, values, existing, first_seen, kinds, roles, provinces, industries)
            )
            if done % 500 == 0:
                progress(done, len(records))
        return results

    @staticmethod
    def _province_lookup() -> dict[str, str]:
        lookup = choice_lookup(Province.choices)
        for name, value in list(lookup.items()):
            lookup.setdefault(PROVINCE_SUFFIX.sub("", name), value)
        return lookup

    def _check_row(self, row, values, existing, first_seen, kinds, roles, provinces, industries) -> RowResult:
        result = RowResult(row=row)
        code = normalize_code(values.get("credit_code", ""))
        result.key, result.label = code, values.get("name_zh", "")
        current = existing.get(code)
        unit = MemberUnit() if current is None else unsaved_copy(current)
        if not code:
            result.refuse(_("The unified social credit code is missing."))
        elif code in first_seen:
            result.refuse(
                _("Credit code %(code)s is already on row %(row)d of this file.")
                % {"code": code, "row": first_seen[code]}
            )
        else:
            first_seen[code] = row
        unit.credit_code = code

        def text(key: str) -> str:
            return values.get(key, "")

        for key in ("name_zh", "name_en", "short_name", "city", "address", "contact_name"):
            if text(key) or current is None:
                setattr(unit, key, text(key))
        for key in ("contact_phone", "contact_email", "website"):
            if text(key) or current is None:
                # Phones and addresses typed with a Chinese keyboard: full-width digits and signs.
                setattr(
                    unit, key, narrow(text(key)).replace(" ", "") if key != "website" else narrow(text(key))
                )
        unreadable = set()
        for key, lookup, label in (
            ("kind", kinds, _("kind")),
            ("province", provinces, _("province")),
            ("council_role", roles, _("council role")),
        ):
            written = text(key)
            if not written:
                continue
            value = lookup.get(header_key(written))
            if key == "province" and value is None:
                value = lookup.get(PROVINCE_SUFFIX.sub("", header_key(written)))
            if value is None:
                result.refuse(
                    _("Unknown %(field)s “%(value)s”; the template's sheet of allowed values lists them.")
                    % {"field": label, "value": written}
                )
                unreadable.add(key)
            else:
                setattr(unit, key, value)
        if text("joined_on"):
            try:
                unit.joined_on = parse_date(text("joined_on"))
            except ValueError as error:
                result.refuse(str(error))
                unreadable.add("joined_on")
        chosen = None
        if text("industries"):
            chosen, unknown = set(), []
            for name in LIST_SEPARATORS.split(narrow(text("industries"))):
                if not name:
                    continue
                industry = industries.get(header_key(name))
                if industry is None:
                    unknown.append(name)
                else:
                    chosen.add(industry)
            if unknown:
                result.refuse(
                    _("Unknown industries: %(names)s; use the section letters of GB/T 4754 (A–T).")
                    % {"names": "、".join(unknown)}
                )
        try:
            # Uniqueness is the file's business (above) and the match by code: no query per row.
            # A cell already refused above is not refused again as blank.
            unit.full_clean(
                exclude=unreadable | ({"credit_code"} if not code else set()),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field_label = str(MemberUnit._meta.get_field(name).verbose_name) if name != "__all__" else ""
                for message in messages:
                    result.refuse(f"{field_label}: {message}" if field_label else message)
        if result.errors:
            return result
        old_industries = set(current.industries.all()) if current is not None else set()
        new_industries = chosen if chosen is not None else old_industries
        result.payload = ImportedUnit(unit, new_industries)
        if current is None:
            result.status = RowStatus.NEW
            return result
        result.changes = field_changes(current, unit, FIELDS)
        result.payload.fields = {name for name in FIELDS if getattr(current, name) != getattr(unit, name)}
        if new_industries != old_industries:
            result.changes.append(
                (
                    str(_("industries served")),
                    _industry_codes(old_industries),
                    _industry_codes(new_industries),
                )
            )
        result.status = RowStatus.CHANGED if result.changes else RowStatus.UNCHANGED
        return result

    def write(self, results: list[RowResult], by, reason: str, progress) -> None:
        new = [r.payload for r in results if r.status == RowStatus.NEW]
        changed = [r.payload for r in results if r.status == RowStatus.CHANGED]
        total, done = len(new) + len(changed), 0
        history = get_history_manager_for_model(MemberUnit)
        through = MemberUnit.industries.through
        m2m_history = history.model.industries.model
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            units = MemberUnit.objects.bulk_create([imported.unit for imported in batch])
            links = through.objects.bulk_create(
                through(memberunit_id=unit.pk, industry_id=industry.pk)
                for unit, imported in zip(units, batch, strict=True)
                for industry in imported.industries
            )
            records = history.bulk_history_create(units, default_user=by, default_change_reason=reason)
            _record_industries(m2m_history, records, links)
            done += len(batch)
            progress(done, total)
        fields = [f for f in FIELDS if f != "credit_code"] + ["modified"]
        now = timezone.now()
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            units = [imported.unit for imported in batch]
            for unit in units:
                unit.modified = now
            # Only the columns that change in the batch: an UPDATE of every field for every row
            # is what makes bulk updates slow.
            changed_fields = set().union(*(imported.fields for imported in batch))
            MemberUnit.objects.bulk_update(
                units, [f for f in fields if f in changed_fields or f == "modified"], batch_size=250
            )
            through.objects.filter(memberunit_id__in=[u.pk for u in units]).delete()
            links = through.objects.bulk_create(
                through(memberunit_id=imported.unit.pk, industry_id=industry.pk)
                for imported in batch
                for industry in imported.industries
            )
            records = history.bulk_history_create(
                units, update=True, default_user=by, default_change_reason=reason
            )
            _record_industries(m2m_history, records, links)
            done += len(batch)
            progress(done, total)


@dataclass
class ImportedUnit:
    unit: MemberUnit
    industries: set[Industry]
    # The fields an update changes (industries aside).
    fields: set[str] = field(default_factory=set)


def _industry_codes(industries) -> str:
    return "、".join(sorted(i.code for i in industries)) or "—"


def _record_industries(m2m_history, records, links) -> None:
    """The industries each new history record saw, as simple-history keeps them for a save."""
    record_of = {record.id: record.pk for record in records}
    m2m_history.objects.bulk_create(
        m2m_history(
            id=link.pk,
            history_id=record_of[link.memberunit_id],
            memberunit_id=link.memberunit_id,
            industry_id=link.industry_id,
        )
        for link in links
    )
