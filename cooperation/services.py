"""The workflows of agreements and training needs. Pages, the API and the admin all call these;
each locks the rows it checks and changes them in one transaction, records history and notifies
people on commit."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.choices import (
    AGREEMENT_KIND_FOR_NEED,
    AGREEMENT_STATUS,
    IN_FORCE,
    KIND_CODES,
    NEED_STATUS,
    PROPOSAL_STATUS,
    REMINDER_DAYS,
    AgreementKind,
    AgreementStatus,
    DocumentKind,
    NeedStatus,
    PartyRole,
    ProposalStatus,
    SignatureMethod,
)
from cooperation.models import (
    Agreement,
    AgreementDocument,
    AgreementNumber,
    AgreementParty,
    AgreementReminder,
    Proposal,
    TrainingNeed,
)
from members.choices import SCHOOL_KINDS, UnitKind, UnitStatus
from members.models import User
from members.services import secretariat_people, unit_people
from portal.core.files import sniff_content_type
from portal.core.notifications import notify
from portal.core.permissions import ALL, scope
from portal.core.roles import Role
from portal.core.workflow import InvalidInput, WorkflowError

# Agreements


def _next_number(kind: str, year: int, amends: Agreement | None = None) -> str:
    if amends is not None:
        # Counted in the history, which keeps deleted drafts too: no number is given twice.
        given = Agreement.history.filter(amends_id=amends.pk).values("id").distinct().count()
        return f"{amends.number}-B{given + 1}"
    return reserve_numbers(kind, year, 1)[0]


def reserve_numbers(kind: str, year: int, count: int) -> list[str]:
    """The next ``count`` numbers of a year's series for a kind, under a lock on the series (an
    import takes a block at once)."""
    try:
        with transaction.atomic():
            series, _created = AgreementNumber.objects.select_for_update().get_or_create(year=year, kind=kind)
    except IntegrityError:  # another request opened the series at the same moment
        series = AgreementNumber.objects.select_for_update().get(year=year, kind=kind)
    first = series.last + 1
    series.last += count
    series.save(update_fields=["last"])
    return [f"{year}-{KIND_CODES[kind]}-{last:04d}" for last in range(first, series.last + 1)]


def _check_parties(agreement: Agreement, parties: list[dict], by: User) -> None:
    """The parties make an agreement, and a unit's administrator can only register agreements
    their own unit is party to."""
    check_parties(agreement, parties)
    if scope(by, "add", Agreement) != ALL and by.unit_id not in {party["unit"].pk for party in parties}:
        raise InvalidInput(_("Your own unit must be one of the parties."), "parties")


def check_parties(agreement: Agreement, parties: list[dict]) -> None:
    """Two or more distinct active members, each in its own role, that suit the kind."""
    if len(parties) < 2:
        raise InvalidInput(_("An agreement has at least two parties."), "parties")
    units = [party["unit"] for party in parties]
    if len({unit.pk for unit in units}) != len(units):
        raise InvalidInput(_("Each member unit can be a party only once."), "parties")
    roles = [party["role"] for party in parties]
    if len(set(roles)) != len(roles):
        raise InvalidInput(_("Each party needs its own role (party A, party B, …)."), "parties")
    for unit in units:
        if unit.status != UnitStatus.ACTIVE:
            raise InvalidInput(
                _("%(unit)s is not an active member and cannot be a party.") % {"unit": unit}, "parties"
            )
    if agreement.kind == AgreementKind.APPRENTICESHIP:
        kinds = {unit.kind for unit in units}
        if not (kinds & SCHOOL_KINDS and UnitKind.ENTERPRISE in kinds):
            raise InvalidInput(
                _("A modern apprenticeship joins a school and an enterprise (and the student)."), "parties"
            )


def _save_parties(agreement: Agreement, parties: list[dict]) -> None:
    agreement.parties.all().delete()
    AgreementParty.objects.bulk_create(
        AgreementParty(
            agreement=agreement,
            unit=party["unit"],
            role=party["role"],
            obligations=party.get("obligations", ""),
        )
        for party in parties
    )


def register_agreement(agreement: Agreement, parties: list[dict], by: User) -> Agreement:
    """Register a new agreement as a draft with its parties and a number of its own."""
    with transaction.atomic():
        _check_parties(agreement, parties, by)
        agreement.created_by = by
        try:
            agreement.full_clean(exclude=["number"])
        except ValidationError as error:
            raise InvalidInput.from_validation_error(error) from error
        agreement.number = _next_number(agreement.kind, timezone.localdate().year, agreement.amends)
        agreement.save()
        _save_parties(agreement, parties)
    return agreement


def update_agreement(agreement: Agreement, parties: list[dict], by: User) -> Agreement:
    """Change a draft: its fields and its parties. Once sent for signature it is fixed."""
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if not locked.is_editable():
            raise WorkflowError(
                _("Only a draft can be changed; amend an agreement once it is sent for signature.")
            )
        _check_parties(agreement, parties, by)
        try:
            agreement.full_clean(exclude=["number"])
        except ValidationError as error:
            raise InvalidInput.from_validation_error(error) from error
        agreement.save()
        _save_parties(agreement, parties)
    return agreement


def submit_for_signature(agreement: Agreement, by: User) -> Agreement:
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        step = AGREEMENT_STATUS.check(agreement, "submit")
        agreement.status = step.target
        agreement.save()
        parties = list(agreement.parties.all())
        notify(
            unit_people(p.unit_id for p in parties),
            _("Agreement %(number)s awaits your unit's signature") % {"number": agreement.number},
            "cooperation/notifications/awaiting_signature.txt",
            {"agreement": agreement, "by": by},
            url=agreement.get_absolute_url(),
        )
    return agreement


def status_when_signed(agreement: Agreement, today: date) -> str:
    """Signed by every party: in force from its start, expired once its end has passed."""
    if agreement.ends_on < today:
        return AgreementStatus.EXPIRED
    return AgreementStatus.ACTIVE if agreement.starts_on <= today else AgreementStatus.SIGNED


def _enter_force(agreement: Agreement, today: date) -> None:
    agreement.status = status_when_signed(agreement, today)
    agreement.signed_on = agreement.signed_on or today
    agreement.save()
    notify(
        [*unit_people(p.unit_id for p in agreement.parties.all()), *secretariat_people()],
        _("Agreement %(number)s is signed by all parties") % {"number": agreement.number},
        "cooperation/notifications/signed.txt",
        {"agreement": agreement},
        url=agreement.get_absolute_url(),
    )


def sign_agreement(agreement: Agreement, unit_id: int, by: User) -> Agreement:
    """A party's administrator confirms the agreement in the portal for their unit."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        AGREEMENT_STATUS.check(agreement, "sign")
        party = agreement.parties.select_for_update().filter(unit_id=unit_id).first()
        if party is None:
            raise InvalidInput(_("Your unit is not a party to this agreement."), "unit")
        if party.has_signed:
            raise WorkflowError(_("Your unit has already signed this agreement."))
        party.signed_at = timezone.now()
        party.signed_by = by
        party.signature_method = SignatureMethod.PORTAL
        party.save()
        if not agreement.parties.filter(signed_at__isnull=True).exists():
            _enter_force(agreement, timezone.localdate())
    return agreement


def add_document(agreement: Agreement, by: User, kind: str, file) -> AgreementDocument:
    document = AgreementDocument(agreement=agreement, kind=kind, file=file, uploaded_by=by)
    document.name = file.name.rsplit("/", 1)[-1][:200]
    document.size = file.size
    try:
        document.full_clean(exclude=["agreement", "uploaded_by"])
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from error
    document.content_type = sniff_content_type(file)
    document.save()
    return document


def record_paper_signing(agreement: Agreement, by: User, scan, signed_on: date) -> Agreement:
    """All parties signed on paper: keep the scan and put the agreement into force."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        AGREEMENT_STATUS.check(agreement, "record_paper")
        if signed_on > timezone.localdate():
            raise InvalidInput(_("The signing date cannot be in the future."), "signed_on")
        add_document(agreement, by, DocumentKind.SIGNED_SCAN, scan)
        now = timezone.now()
        agreement.parties.filter(signed_at__isnull=True).update(
            signed_at=now, signed_by=by, signature_method=SignatureMethod.PAPER
        )
        agreement.signed_on = signed_on
        _enter_force(agreement, timezone.localdate())
    return agreement


def terminate_agreement(agreement: Agreement, by: User, reason: str) -> Agreement:
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        step = AGREEMENT_STATUS.check(agreement, "terminate")
        agreement.status = step.target
        agreement.termination_reason = reason
        agreement._change_reason = reason
        agreement.save()
        notify(
            [*unit_people(p.unit_id for p in agreement.parties.all()), *secretariat_people()],
            _("Agreement %(number)s was terminated early") % {"number": agreement.number},
            "cooperation/notifications/terminated.txt",
            {"agreement": agreement, "by": by, "reason": reason},
            url=agreement.get_absolute_url(),
        )
    return agreement


def _copy_parties(agreement: Agreement) -> list[dict]:
    return [
        {"unit": party.unit, "role": party.role, "obligations": party.obligations}
        for party in agreement.parties.select_related("unit")
    ]


def renew_agreement(agreement: Agreement, by: User) -> Agreement:
    """A new draft for the next period, with the same parties, linked to the one it renews."""
    if not agreement.can_renew():
        raise WorkflowError(_("Only an agreement in force or expired can be renewed."))
    length = agreement.ends_on - agreement.starts_on
    starts_on = max(agreement.ends_on + timedelta(days=1), timezone.localdate())
    renewal = Agreement(
        kind=agreement.kind,
        title=agreement.title,
        summary=agreement.summary,
        apprentice_name=agreement.apprentice_name,
        starts_on=starts_on,
        ends_on=starts_on + length,
        renews=agreement,
    )
    return register_agreement(renewal, _copy_parties(agreement), by)


def add_amendment(agreement: Agreement, by: User, title: str, summary: str) -> Agreement:
    """An amendment (补充协议): a draft under its agreement, signed by the same parties."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.amends_id:
            raise WorkflowError(_("Amend the agreement itself, not one of its amendments."))
        if not agreement.can_amend():
            raise WorkflowError(_("Only an agreement in force can be amended."))
        amendment = Agreement(
            kind=agreement.kind,
            title=title,
            summary=summary,
            apprentice_name=agreement.apprentice_name,
            starts_on=max(agreement.starts_on, timezone.localdate()),
            ends_on=agreement.ends_on,
            amends=agreement,
        )
        return register_agreement(amendment, _copy_parties(agreement), by)


def run_agreement_upkeep(today: date | None = None) -> dict[str, int]:
    """The daily job: agreements come into force and expire by their dates, and the parties'
    administrators and the secretariat are reminded 60, 30 and 7 days before the end and on the
    day. Each reminder is recorded, so running the job twice sends nothing twice."""
    today = today or timezone.localdate()
    counts = {"activated": 0, "expired": 0, "reminders": 0}
    with transaction.atomic():
        for agreement in Agreement.objects.select_for_update().filter(
            status=AgreementStatus.SIGNED, starts_on__lte=today, ends_on__gte=today
        ):
            agreement.status = AgreementStatus.ACTIVE
            agreement._change_reason = _("Start date reached")
            agreement.save()
            counts["activated"] += 1
        for agreement in Agreement.objects.select_for_update().filter(status__in=IN_FORCE, ends_on__lt=today):
            agreement.status = AgreementStatus.EXPIRED
            agreement._change_reason = _("End date passed")
            agreement.save()
            counts["expired"] += 1
    secretariat = secretariat_people()
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    due = Agreement.objects.in_force().filter(ends_on__gte=today, ends_on__lte=horizon).with_list_related()
    for agreement in due:
        days_left = (agreement.ends_on - today).days
        # The closest threshold not yet passed; thresholds skipped (a late registration) are not sent.
        threshold = min(d for d in REMINDER_DAYS if d >= days_left)
        with transaction.atomic():
            _reminder, created = AgreementReminder.objects.get_or_create(
                agreement=agreement, days_before=threshold, ends_on=agreement.ends_on
            )
            if not created:
                continue
            notify(
                [*unit_people(p.unit_id for p in agreement.parties.all()), *secretariat],
                _("Agreement %(number)s ends today") % {"number": agreement.number}
                if days_left == 0
                else _("Agreement %(number)s ends in %(days)d days")
                % {"number": agreement.number, "days": days_left},
                "cooperation/notifications/reminder.txt",
                {"agreement": agreement, "days_left": days_left},
                url=agreement.get_absolute_url(),
            )
            counts["reminders"] += 1
    return counts


# Training needs


def _check_need(need: TrainingNeed) -> None:
    if need.unit.kind != UnitKind.ENTERPRISE or need.unit.status != UnitStatus.ACTIVE:
        raise InvalidInput(_("Training needs are posted by active member enterprises."), "unit")
    if need.deadline < timezone.localdate():
        raise InvalidInput(_("The date to answer by has already passed."), "deadline")
    try:
        need.full_clean()
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from error


def post_need(need: TrainingNeed, major_categories, by: User) -> TrainingNeed:
    with transaction.atomic():
        need.posted_by = by
        _check_need(need)
        need.save()
        need.major_categories.set(major_categories)
    return need


def update_need(need: TrainingNeed, major_categories, by: User) -> TrainingNeed:
    """Change a need while it is open; once matched or closed it stays as the schools saw it."""
    with transaction.atomic():
        locked = TrainingNeed.objects.select_for_update().get(pk=need.pk)
        if not locked.is_editable():
            raise WorkflowError(_("Only an open need can be changed."))
        _check_need(need)
        need.save()
        need.major_categories.set(major_categories)
    return need


def close_need(need: TrainingNeed, by: User) -> TrainingNeed:
    with transaction.atomic():
        need = TrainingNeed.objects.select_for_update().get(pk=need.pk)
        step = NEED_STATUS.check(need, "close")
        need.status = step.target
        need.save()
        _decline_waiting(need)
    return need


def _decline_waiting(need: TrainingNeed) -> None:
    waiting = list(need.proposals.filter(status=ProposalStatus.SUBMITTED).select_related("unit"))
    for proposal in waiting:
        proposal.status = ProposalStatus.DECLINED
        proposal.decided_at = timezone.now()
        proposal.save()
        notify(
            unit_people([proposal.unit_id], roles=(Role.UNIT_ADMIN, Role.UNIT_STAFF)),
            _("About your proposal for “%(need)s”") % {"need": need.title},
            "cooperation/notifications/proposal_declined.txt",
            {"need": need, "proposal": proposal},
            url=need.get_absolute_url(),
        )


def submit_proposal(proposal: Proposal, by: User) -> Proposal:
    with transaction.atomic():
        need = TrainingNeed.objects.select_for_update().get(pk=proposal.need_id)
        if not need.accepts_proposals():
            raise InvalidInput(_("This need is no longer open for proposals."), "need")
        if proposal.unit.kind not in SCHOOL_KINDS or proposal.unit.status != UnitStatus.ACTIVE:
            raise InvalidInput(_("Proposals come from active member schools."), "unit")
        if need.proposals.filter(unit=proposal.unit).exists():
            raise InvalidInput(_("Your school has already answered this need."), "need")
        proposal.submitted_by = by
        try:
            proposal.full_clean(exclude=["need", "unit"])
        except ValidationError as error:
            raise InvalidInput.from_validation_error(error) from error
        proposal.save()
        notify(
            unit_people([need.unit_id], roles=(Role.UNIT_ADMIN, Role.UNIT_STAFF)),
            _("%(school)s answered your need “%(need)s”") % {"school": proposal.unit, "need": need.title},
            "cooperation/notifications/proposal_received.txt",
            {"need": need, "proposal": proposal},
            url=proposal.get_absolute_url(),
        )
    return proposal


def withdraw_proposal(proposal: Proposal, by: User) -> Proposal:
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        step = PROPOSAL_STATUS.check(proposal, "withdraw")
        proposal.status = step.target
        proposal.save()
    return proposal


def accept_proposal(proposal: Proposal, by: User) -> Proposal:
    """The enterprise picks one proposal: the need is matched, the school and the secretariat are
    told, and the other schools are thanked. The need's row is locked first, so of two acceptances
    racing for one need exactly one wins."""
    with transaction.atomic():
        need = TrainingNeed.objects.select_for_update().get(pk=proposal.need_id)
        proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
        if need.status != NeedStatus.OPEN:
            raise WorkflowError(_("This need already has its match or is closed."))
        step = PROPOSAL_STATUS.check(proposal, "accept")
        proposal.status = step.target
        proposal.decided_at = timezone.now()
        proposal.save()
        need.status = NeedStatus.MATCHED
        need.save()
        notify(
            [
                *unit_people([proposal.unit_id], roles=(Role.UNIT_ADMIN, Role.UNIT_STAFF)),
                *secretariat_people(),
            ],
            _("%(enterprise)s accepted the proposal of %(school)s")
            % {"enterprise": need.unit, "school": proposal.unit},
            "cooperation/notifications/proposal_accepted.txt",
            {"need": need, "proposal": proposal},
            url=need.get_absolute_url(),
        )
        _decline_waiting(need)
    return proposal


def draft_agreement_from_match(need: TrainingNeed, by: User) -> Agreement:
    """Turn a matched need into a draft agreement between the enterprise and the chosen school."""
    with transaction.atomic():
        need = TrainingNeed.objects.select_for_update().select_related("unit").get(pk=need.pk)
        if need.agreement_id:
            raise WorkflowError(_("This need already has its agreement."))
        if not need.can_become_agreement():
            raise WorkflowError(_("Only a matched need can become an agreement."))
        proposal = need.proposals.select_related("unit").get(status=ProposalStatus.ACCEPTED)
        agreement = Agreement(
            kind=AGREEMENT_KIND_FOR_NEED.get(need.kind, AgreementKind.SCHOOL_ENTERPRISE),
            title=need.title,
            summary=f"{need.description}\n\n{proposal.offer}",
            starts_on=need.starts_on,
            ends_on=need.ends_on,
        )
        register_agreement(
            agreement,
            [
                {"unit": need.unit, "role": PartyRole.A, "obligations": ""},
                {"unit": proposal.unit, "role": PartyRole.B, "obligations": proposal.offer},
            ],
            by,
        )
        need.agreement = agreement
        need.save()
    return agreement


def close_overdue_needs(today: date | None = None) -> int:
    """Open needs past their date to answer by close themselves."""
    today = today or timezone.localdate()
    closed = 0
    for need in TrainingNeed.objects.open().filter(deadline__lt=today):
        with transaction.atomic():
            need = TrainingNeed.objects.select_for_update().get(pk=need.pk)
            if need.status != NeedStatus.OPEN:
                continue
            need.status = NeedStatus.CLOSED
            need._change_reason = _("Date to answer by passed")
            need.save()
            _decline_waiting(need)
            closed += 1
    return closed
