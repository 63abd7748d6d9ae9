"""Importing agreements from the secretariat's spreadsheets.

A row with a number the register has updates that agreement; a row without a number is a new
agreement, numbered as ``register_agreement`` numbers one. Parties are named by unified social
credit code or by name. A new agreement with a signing date is entered as the register holds a
paper agreement already signed (signed, active or expired by its dates); without one it is a
draft. An existing agreement changes only while the workflow lets it be edited (a draft), and its
parties and signing only on its own page. Obligations are not imported.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import get_history_manager_for_model

from cooperation.choices import KIND_CODES, AgreementKind, AgreementStatus, PartyRole, SignatureMethod
from cooperation.models import Agreement, AgreementParty
from cooperation.services import check_parties, reserve_numbers, status_when_signed
from members.models import MemberUnit
from members.validators import normalize_code
from portal.core.imports import Column, Importer, Records, RowResult, RowStatus, field_changes, unsaved_copy
from portal.core.spreadsheets import choice_lookup, header_key, narrow, parse_date
from portal.core.workflow import InvalidInput

BATCH = 1000
# What an update may change: the fields of the agreement's edit form.
FIELDS = ("kind", "title", "summary", "apprentice_name", "starts_on", "ends_on")
DATES = ("signed_on", "starts_on", "ends_on")
# What a new agreement cannot do without; parties A and B are checked with the parties.
REQUIRED = ("kind", "title", "starts_on", "ends_on")
PARTY_COLUMNS = {role: f"party_{role.lower()}" for role in PartyRole.values}
PARTY_ALIASES = {
    PartyRole.A: ("甲方单位", "甲方名称", "party a unit"),
    PartyRole.B: ("乙方单位", "乙方名称", "party b unit"),
    PartyRole.C: ("丙方单位", "丙方名称", "party c unit"),
    PartyRole.D: ("丁方单位", "丁方名称", "party d unit"),
    PartyRole.E: ("戊方单位", "戊方名称", "party e unit"),
}


def _label(name: str):
    return Agreement._meta.get_field(name).verbose_name


def _name_key(text: str) -> str:
    # Names are compared as written, but not by width, case or spacing: （苏州） is (苏州).
    return " ".join(narrow(text).split()).casefold()


def _number(text: str) -> str:
    return re.sub(r"\s+", "", narrow(text)).upper()


class AgreementImporter(Importer):
    kind = "agreements"
    verbose_name = gettext_lazy("Agreements")
    columns = (
        Column(
            "number",
            _label("number"),
            aliases=("协议号", "编号", "合同编号", "agreement number", "agreement no", "no"),
            hint=gettext_lazy(
                "The register's number (2026-HZ-0007) to update that agreement; blank for a new "
                "agreement, which is numbered as the register numbers it."
            ),
        ),
        Column(
            "kind",
            _label("kind"),
            required=True,
            aliases=("协议类型", "合作类型", "类别", "type", "agreement kind"),
            hint=gettext_lazy("The kind's name in either language, or its letters in the number (HZ)."),
            allowed=lambda: list(AgreementKind.choices),
        ),
        Column("title", _label("title"), required=True, aliases=("协议名称", "名称", "协议标题", "name")),
        Column("summary", _label("summary"), aliases=("摘要", "主要内容", "协议内容", "description")),
        Column(
            "apprentice_name",
            _label("apprentice_name"),
            aliases=("学徒姓名", "学生姓名", "apprentice name", "student"),
            hint=gettext_lazy("Only for a modern apprenticeship, which the student signs too."),
        ),
        *(
            Column(
                PARTY_COLUMNS[role],
                label,
                required=role in (PartyRole.A, PartyRole.B),
                aliases=PARTY_ALIASES[role],
                hint=gettext_lazy(
                    "A member unit by its unified social credit code, or by its Chinese, English or "
                    "short name as the register has it."
                ),
            )
            for role, label in PartyRole.choices
        ),
        Column(
            "signed_on",
            _label("signed_on"),
            aliases=("签订日期", "签约日期", "签署时间", "signed", "date signed"),
            hint=gettext_lazy(
                "For a new agreement signed on paper; blank: the agreement is entered as a draft."
            ),
        ),
        Column(
            "starts_on",
            _label("starts_on"),
            required=True,
            aliases=("开始日期", "起始日期", "有效期起", "start", "start date"),
            hint=gettext_lazy("A date (2026-03-01, 2026/3/1, 2026年3月1日)."),
        ),
        Column(
            "ends_on",
            _label("ends_on"),
            required=True,
            aliases=("结束日期", "终止日期", "截止日期", "有效期止", "end", "end date"),
            hint=gettext_lazy("A date (2026-03-01, 2026/3/1, 2026年3月1日)."),
        ),
    )

    def __init__(self, options: dict | None = None):
        super().__init__(options)
        self.locking = False

    def lock(self) -> None:
        # The check then reads the agreements it updates with a lock, so none is sent for signature
        # between the check and the write. Numbers are locked when write() takes them.
        self.locking = True

    def check(self, records: Records, progress) -> list[RowResult]:
        today = timezone.localdate()
        kinds = choice_lookup(AgreementKind.choices, {code: kind for kind, code in KIND_CODES.items()})
        units = _UnitLookup(
            MemberUnit.objects.only("pk", "credit_code", "name_zh", "name_en", "short_name", "kind", "status")
        )
        numbers = {_number(values.get("number", "")) for _row, values in records} - {""}
        titles = {values.get("title", "") for _row, values in records if not values.get("number")}
        agreements = Agreement.objects.filter(Q(number__in=numbers) | Q(title__in=titles - {""}))
        if self.locking:
            agreements = agreements.select_for_update()
        register, same = {}, defaultdict(list)
        for agreement in agreements.prefetch_related("parties"):
            agreement.party_units = {party.role: party.unit_id for party in agreement.parties.all()}
            register[agreement.number] = agreement
            same[_sameness(agreement, agreement.party_units)].append(agreement)
        seen_numbers: dict[str, int] = {}
        seen_new: dict[tuple, int] = {}
        results = []
        for done, (row, values) in enumerate(records, start=1):
            result = _RowCheck(row, values, today, kinds, units).run(register, seen_numbers)
            if result.status == RowStatus.NEW:
                agreement, parties = result.payload
                key = _sameness(agreement, {role: unit.pk for role, unit in parties})
                if same.get(key):
                    result.refuse(
                        _(
                            "The register already has this agreement as %(number)s (the same kind, "
                            "title, start date and parties); write its number to update it."
                        )
                        % {"number": same[key][0].number}
                    )
                elif key in seen_new:
                    result.refuse(
                        _(
                            "Row %(row)d of this file is the same agreement (the same kind, title, start "
                            "date and parties)."
                        )
                        % {"row": seen_new[key]}
                    )
                else:
                    seen_new[key] = row
            if result.errors:
                result.payload = None
            results.append(result)
            if done % 500 == 0:
                progress(done, len(records))
        return results

    def write(self, results: list[RowResult], by, reason: str, progress) -> None:
        # No notifications: a bulk import of the register's past paper would mail every party of
        # every agreement; the parties find them on their pages.
        new = [r.payload for r in results if r.status == RowStatus.NEW]
        changed = [r.payload[0] for r in results if r.status == RowStatus.CHANGED]
        total, done = len(new) + len(changed), 0
        year = timezone.localdate().year
        by_kind = defaultdict(list)
        for agreement, _parties in new:
            by_kind[agreement.kind].append(agreement)
        for kind, agreements in by_kind.items():
            for agreement, number in zip(
                agreements, reserve_numbers(kind, year, len(agreements)), strict=True
            ):
                agreement.number = number
        history = get_history_manager_for_model(Agreement)
        party_history = get_history_manager_for_model(AgreementParty)
        now = timezone.now()
        for start in range(0, len(new), BATCH):
            batch = new[start : start + BATCH]
            for agreement, _parties in batch:
                agreement.created_by = by
            agreements = Agreement.objects.bulk_create([agreement for agreement, _parties in batch])
            # A signed agreement came in on paper: every party signed it, as when the signing on
            # paper is recorded on its page.
            parties = AgreementParty.objects.bulk_create(
                AgreementParty(
                    agreement=agreement,
                    unit_id=unit.pk,
                    role=role,
                    signed_at=now if agreement.signed_on else None,
                    signed_by=by if agreement.signed_on else None,
                    signature_method=SignatureMethod.PAPER if agreement.signed_on else "",
                )
                for agreement, (_agreement, chosen) in zip(agreements, batch, strict=True)
                for role, unit in chosen
            )
            history.bulk_history_create(agreements, default_user=by, default_change_reason=reason)
            party_history.bulk_history_create(parties, default_user=by, default_change_reason=reason)
            done += len(batch)
            progress(done, total)
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            for agreement in batch:
                agreement.modified = now
            Agreement.objects.bulk_update(batch, [*FIELDS, "modified"])
            history.bulk_history_create(batch, update=True, default_user=by, default_change_reason=reason)
            done += len(batch)
            progress(done, total)


class _UnitLookup:
    """Member units by credit code, else by full name (Chinese or English), else by short name."""

    def __init__(self, units):
        self.codes = {}
        self.names: dict[str, list[MemberUnit]] = defaultdict(list)
        self.short_names: dict[str, list[MemberUnit]] = defaultdict(list)
        for unit in units:
            self.codes[unit.credit_code] = unit
            for name in {_name_key(unit.name_zh), _name_key(unit.name_en)} - {""}:
                self.names[name].append(unit)
            if unit.short_name:
                self.short_names[_name_key(unit.short_name)].append(unit)

    def find(self, text: str) -> list[MemberUnit]:
        unit = self.codes.get(normalize_code(text))
        if unit is not None:
            return [unit]
        key = _name_key(text)
        return self.names.get(key) or self.short_names.get(key) or []


class _RowCheck:
    """The check of one row; reads nothing from the database."""

    def __init__(self, row, values, today, kinds, units):
        self.values, self.today, self.kinds, self.units = values, today, kinds, units
        self.result = RowResult(row=row)

    def text(self, key: str) -> str:
        return self.values.get(key, "")

    def run(self, register: dict[str, Agreement], seen_numbers: dict[str, int]) -> RowResult:
        result = self.result
        number = _number(self.text("number"))
        current = register.get(number) if number else None
        result.key = number
        if number in seen_numbers:
            result.refuse(
                _("Agreement %(number)s is already on row %(row)d of this file.")
                % {"number": number, "row": seen_numbers[number]}
            )
        elif number:
            seen_numbers[number] = result.row
            if current is None:
                result.refuse(
                    _(
                        "The register has no agreement numbered %(number)s; leave the number blank "
                        "for a new agreement."
                    )
                    % {"number": number}
                )
        agreement = Agreement(status=AgreementStatus.DRAFT) if current is None else unsaved_copy(current)
        # Fields whose problem is already told, so the model's check does not tell it again.
        told = set()
        if current is None:
            for name in REQUIRED:
                if not self.text(name):
                    told.add(name)
                    result.refuse(
                        _("“%(column)s” is empty; a new agreement needs it.") % {"column": _label(name)}
                    )
        kind = self.text("kind")
        if kind:
            agreement.kind = self.kinds.get(header_key(kind), "")
            if not agreement.kind:
                told.add("kind")
                result.refuse(
                    _("Unknown %(field)s “%(value)s”; the template's sheet of allowed values lists them.")
                    % {"field": _label("kind"), "value": kind}
                )
        for name in ("title", "summary", "apprentice_name"):
            if self.text(name) or current is None:
                setattr(agreement, name, self.text(name))
        signed_on = current.signed_on if current is not None else None
        for name in DATES:
            if not self.text(name):
                continue
            try:
                value = parse_date(self.text(name))
            except ValueError as error:
                told.add(name)
                result.refuse(f"{_label(name)}: {error}")
                continue
            if name == "signed_on":
                signed_on = value
            else:
                setattr(agreement, name, value)
        result.label = agreement.title
        parties = self.parties(current is None)
        if current is not None:
            self.check_update(current, agreement, signed_on, parties)
        else:
            agreement.signed_on = signed_on
            if parties is not None and "kind" not in told:
                try:
                    check_parties(agreement, [{"unit": unit, "role": role} for role, unit in parties])
                except InvalidInput as error:
                    result.refuse(str(error.message))
        try:
            agreement.full_clean(
                exclude=["number", "status", "amends", "renews", "created_by", *told],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    result.refuse(f"{_label(name)}: {message}" if name != "__all__" else message)
        if result.errors:
            return result
        if current is None:
            if agreement.signed_on:
                agreement.status = status_when_signed(agreement, self.today)
            result.status = RowStatus.NEW
            result.payload = (agreement, parties)
            return result
        result.changes = field_changes(current, agreement, FIELDS)
        result.status = RowStatus.CHANGED if result.changes else RowStatus.UNCHANGED
        result.payload = (agreement, None)
        return result

    def parties(self, new: bool) -> list[tuple[str, MemberUnit]] | None:
        """The parties the row names as (role, unit), or None when it names none or one of them is
        wrong (told as the row's errors)."""
        result, parties, failed = self.result, [], False
        for role, label in PartyRole.choices:
            written = self.text(PARTY_COLUMNS[role])
            if not written:
                if new and role in (PartyRole.A, PartyRole.B):
                    failed = True
                    result.refuse(_("“%(column)s” is empty; a new agreement needs it.") % {"column": label})
                continue
            found = self.units.find(written)
            if not found:
                failed = True
                result.refuse(
                    _("%(party)s: no member unit has the credit code or name “%(value)s”.")
                    % {"party": label, "value": written}
                )
            elif len(found) > 1:
                failed = True
                result.refuse(
                    _(
                        "%(party)s: “%(value)s” is the name of more than one member unit (%(units)s); "
                        "write the unified social credit code instead."
                    )
                    % {
                        "party": label,
                        "value": written,
                        "units": "、".join(f"{unit.name_zh} {unit.credit_code}" for unit in found),
                    }
                )
            else:
                parties.append((role, found[0]))
        units = [unit.pk for _role, unit in parties]
        if len(set(units)) != len(units):
            failed = True
            result.refuse(_("Each member unit can be a party only once."))
        return None if failed or not parties else parties

    def check_update(self, current, agreement, signed_on, parties) -> None:
        result = self.result
        if parties is not None and {role: unit.pk for role, unit in parties} != current.party_units:
            result.refuse(
                _(
                    "The parties differ from those of agreement %(number)s; the parties of an agreement "
                    "in the register change on its page."
                )
                % {"number": current.number}
            )
        if signed_on != current.signed_on:
            result.refuse(
                _(
                    "The signing date differs from that of agreement %(number)s; signing is recorded "
                    "on the agreement's page."
                )
                % {"number": current.number}
            )
        if not current.is_editable() and field_changes(current, agreement, FIELDS):
            result.refuse(_("Only a draft can be changed; amend an agreement once it is sent for signature."))


def _sameness(agreement: Agreement, party_units: dict[str, int]) -> tuple:
    """What makes two agreements the same one entered twice."""
    return (agreement.kind, agreement.title, agreement.starts_on, frozenset(party_units.items()))
