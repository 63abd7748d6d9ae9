"""The workflows of agreements and training needs, called as pages, the API and the daily jobs
call them: numbers, parties, signing, reminders, needs and proposals."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cooperation import services
from cooperation.choices import (
    AgreementKind,
    AgreementStatus,
    DocumentKind,
    NeedKind,
    NeedStatus,
    PartyRole,
    ProposalStatus,
    SignatureMethod,
)
from cooperation.models import Agreement, AgreementDocument, AgreementNumber, AgreementReminder, Proposal
from members.choices import UnitKind, UnitStatus
from portal.core.models import Notification
from portal.core.workflow import InvalidInput, WorkflowError
from tests.cooperation.builders import (
    make_active_agreement,
    make_agreement,
    make_need,
    make_proposal,
    pdf,
)
from tests.factories import make_unit

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploaded scans go to a directory of the test's own


def recipients():
    return sorted(n.recipient.username for n in Notification.objects.all())


# Numbers


def test_numbers_count_up_per_kind_and_year(personas):
    units = [personas.school, personas.enterprise]
    first = make_agreement(personas.secretariat, units)
    second = make_agreement(personas.secretariat, units)
    order_class = make_agreement(personas.secretariat, units, kind=AgreementKind.ORDER_CLASS)
    assert first.number == f"{YEAR}-HZ-0001"
    assert second.number == f"{YEAR}-HZ-0002"
    assert order_class.number == f"{YEAR}-DD-0001"


def test_a_deleted_drafts_number_is_never_given_again(personas):
    units = [personas.school, personas.enterprise]
    make_agreement(personas.secretariat, units)
    make_agreement(personas.secretariat, units).delete()
    assert make_agreement(personas.secretariat, units).number == f"{YEAR}-HZ-0003"


def test_amendments_are_numbered_under_their_agreement(personas):
    agreement = make_active_agreement(personas)
    first = services.add_amendment(agreement, personas.school_admin, "补充协议一", "增加实训工位")
    second = services.add_amendment(agreement, personas.school_admin, "补充协议二", "")
    assert (first.number, second.number) == (f"{agreement.number}-B1", f"{agreement.number}-B2")
    assert first.amends == agreement and first.status == AgreementStatus.DRAFT
    assert {p.unit_id for p in first.parties.all()} == {personas.school.pk, personas.enterprise.pk}
    first.delete()
    third = services.add_amendment(agreement, personas.school_admin, "补充协议三", "")
    assert third.number == f"{agreement.number}-B3"


def test_an_amendment_is_not_amended_and_a_draft_not_at_all(personas):
    agreement = make_active_agreement(personas)
    amendment = services.add_amendment(agreement, personas.school_admin, "补充协议", "")
    with pytest.raises(WorkflowError):
        services.add_amendment(amendment, personas.school_admin, "补充的补充", "")
    draft = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    with pytest.raises(WorkflowError):
        services.add_amendment(draft, personas.school_admin, "补充协议", "")


# Parties and dates


def refused(personas, field, by=None, units=None, **fields):
    """Registering is refused on ``field``, and nothing is left behind: no agreement, no party, no
    number used up."""
    series = list(AgreementNumber.objects.values_list("kind", "last"))
    with pytest.raises(InvalidInput) as error:
        make_agreement(by or personas.secretariat, units or [personas.school, personas.enterprise], **fields)
    assert list(error.value.errors) == [field], error.value.errors
    assert str(error.value.message)
    assert not Agreement.objects.exists()
    assert list(AgreementNumber.objects.values_list("kind", "last")) == series
    return error.value


def test_an_agreement_has_at_least_two_parties(personas):
    refused(personas, "parties", units=[personas.school])


def test_a_unit_is_a_party_only_once(personas):
    refused(personas, "parties", units=[personas.school, personas.school])


def test_each_party_has_its_own_role(personas):
    parties = [
        {"unit": personas.school, "role": PartyRole.A},
        {"unit": personas.enterprise, "role": PartyRole.A},
    ]
    agreement = Agreement(
        kind=AgreementKind.OTHER, title="x", starts_on=TODAY, ends_on=TODAY + timedelta(days=1)
    )
    with pytest.raises(InvalidInput) as error:
        services.register_agreement(agreement, parties, personas.secretariat)
    assert list(error.value.errors) == ["parties"]


def test_an_inactive_member_cannot_be_a_party(personas):
    suspended = make_unit("停牌企业", UnitKind.ENTERPRISE, status=UnitStatus.SUSPENDED)
    error = refused(personas, "parties", units=[personas.school, suspended])
    assert str(suspended) in str(error.message)


def test_a_unit_admin_registers_only_agreements_of_their_own_unit(personas):
    refused(personas, "parties", by=personas.outsider)
    agreement = make_agreement(personas.school_admin, [personas.school, personas.enterprise])
    assert agreement.created_by == personas.school_admin


def test_an_apprenticeship_names_the_student(personas):
    refused(personas, "apprentice_name", kind=AgreementKind.APPRENTICESHIP)


def test_an_apprenticeship_joins_a_school_and_an_enterprise(personas):
    refused(
        personas,
        "parties",
        units=[personas.school, personas.other_school],
        kind=AgreementKind.APPRENTICESHIP,
        apprentice_name="李明",
    )
    agreement = make_agreement(
        personas.secretariat,
        [personas.school, personas.enterprise],
        kind=AgreementKind.APPRENTICESHIP,
        apprentice_name="李明",
    )
    assert agreement.number == f"{YEAR}-XT-0001"


def test_an_agreement_cannot_end_before_it_starts(personas):
    refused(personas, "ends_on", starts_on=TODAY, ends_on=TODAY - timedelta(days=1))


def test_only_a_draft_is_changed(personas):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    agreement.title = "新标题"
    parties = [
        {"unit": personas.school, "role": PartyRole.A},
        {"unit": personas.enterprise, "role": PartyRole.B},
        {"unit": personas.other_school, "role": PartyRole.C},
    ]
    services.update_agreement(agreement, parties, personas.secretariat)
    assert agreement.parties.count() == 3
    with pytest.raises(InvalidInput):
        services.update_agreement(agreement, parties[:1], personas.secretariat)
    assert agreement.parties.count() == 3  # nothing half-saved
    services.submit_for_signature(agreement, personas.secretariat)
    with pytest.raises(WorkflowError):
        services.update_agreement(agreement, parties[:2], personas.secretariat)


# Signing


def test_signing_by_both_parties_in_the_portal_puts_it_in_force(personas, django_capture_on_commit_callbacks):
    agreement = make_agreement(personas.school_admin, [personas.school, personas.enterprise])
    with pytest.raises(WorkflowError):  # a draft is not signed before it is sent
        services.sign_agreement(agreement, personas.school.pk, personas.school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_for_signature(agreement, personas.school_admin)
    assert recipients() == ["alice", "erin"]
    services.sign_agreement(agreement, personas.school.pk, personas.school_admin)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING
    with pytest.raises(WorkflowError):
        services.sign_agreement(agreement, personas.school.pk, personas.school_admin)
    with pytest.raises(InvalidInput):
        services.sign_agreement(agreement, personas.other_school.pk, personas.secretariat)

    Notification.objects.all().delete()
    services.sign_agreement(agreement, personas.enterprise.pk, personas.enterprise_admin)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE and agreement.signed_on == TODAY
    parties = {p.unit_id: p for p in agreement.parties.all()}
    assert parties[personas.enterprise.pk].signed_by == personas.enterprise_admin
    assert {p.signature_method for p in parties.values()} == {SignatureMethod.PORTAL}
    assert recipients() == ["alice", "erin", "sec"]


def test_an_agreement_signed_before_its_start_waits_for_it(personas):
    starts = TODAY + timedelta(days=10)
    agreement = make_active_agreement(personas, starts_on=starts)
    assert agreement.status == AgreementStatus.SIGNED
    assert services.run_agreement_upkeep(today=starts - timedelta(days=1))["activated"] == 0
    assert services.run_agreement_upkeep(today=starts)["activated"] == 1
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE


def test_paper_signing_keeps_the_scan_and_puts_it_in_force(personas):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    signed_on = TODAY - timedelta(days=3)
    services.record_paper_signing(agreement, personas.secretariat, pdf(), signed_on)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == (AgreementStatus.ACTIVE, signed_on)
    assert {p.signature_method for p in agreement.parties.all()} == {SignatureMethod.PAPER}
    document = agreement.documents.get()
    assert (document.kind, document.content_type, document.name) == (
        DocumentKind.SIGNED_SCAN,
        "application/pdf",
        "signed.pdf",
    )
    assert not document.file.name.endswith(".pdf")  # the stored name never comes from the upload


def test_paper_signing_refuses_a_wrong_file_or_date_and_changes_nothing(personas):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    with pytest.raises(InvalidInput) as error:
        services.record_paper_signing(agreement, personas.secretariat, fake, TODAY)
    assert list(error.value.errors) == ["file"]
    with pytest.raises(InvalidInput) as error:
        services.record_paper_signing(agreement, personas.secretariat, pdf(), TODAY + timedelta(days=1))
    assert list(error.value.errors) == ["signed_on"]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert not AgreementDocument.objects.exists()
    assert not agreement.parties.filter(signed_at__isnull=False).exists()


def test_a_document_too_large_is_refused(personas, settings):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    big = pdf(content=b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    with pytest.raises(InvalidInput) as error:
        services.add_document(agreement, personas.secretariat, DocumentKind.ATTACHMENT, big)
    assert list(error.value.errors) == ["file"]
    assert not AgreementDocument.objects.exists()


# Termination and renewal


def test_termination_needs_a_transition_that_applies(personas):
    draft = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    with pytest.raises(WorkflowError):
        services.terminate_agreement(draft, personas.secretariat, "不再合作")
    agreement = make_active_agreement(personas)
    services.terminate_agreement(agreement, personas.school_admin, "企业搬迁")
    agreement.refresh_from_db()
    assert (agreement.status, agreement.termination_reason) == (AgreementStatus.TERMINATED, "企业搬迁")
    assert agreement.history.first().history_change_reason == "企业搬迁"
    with pytest.raises(WorkflowError):
        services.terminate_agreement(agreement, personas.school_admin, "again")


def test_renewal_is_a_linked_draft_for_the_next_period(personas):
    agreement = make_active_agreement(personas, starts_on=TODAY - timedelta(days=300))
    renewal = services.renew_agreement(agreement, personas.enterprise_admin)
    assert renewal.renews == agreement and renewal.status == AgreementStatus.DRAFT
    assert renewal.starts_on == agreement.ends_on + timedelta(days=1)
    assert renewal.ends_on - renewal.starts_on == agreement.ends_on - agreement.starts_on
    assert [(p.unit_id, p.role) for p in renewal.parties.all()] == [
        (personas.school.pk, PartyRole.A),
        (personas.enterprise.pk, PartyRole.B),
    ]
    assert renewal.number == f"{YEAR}-HZ-0002"
    with pytest.raises(WorkflowError):
        services.renew_agreement(renewal, personas.enterprise_admin)


# Reminders and expiry


def run_upkeep(capture, today):
    with capture(execute=True):
        return services.run_agreement_upkeep(today=today)


def test_reminders_go_out_60_30_7_and_0_days_before_the_end_once_each(
    personas, django_capture_on_commit_callbacks
):
    agreement = make_active_agreement(personas, ends_on=TODAY + timedelta(days=90))
    Notification.objects.all().delete()
    mail.outbox.clear()
    end = agreement.ends_on
    sent = []
    for days_left in (61, 60, 60, 45, 30, 30, 8, 7, 7, 1, 0, 0):
        counts = run_upkeep(django_capture_on_commit_callbacks, end - timedelta(days=days_left))
        sent.append(counts["reminders"])
    assert sent == [0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]
    assert sorted(AgreementReminder.objects.values_list("days_before", flat=True)) == [0, 7, 30, 60]
    # The admins of both parties and the secretariat, each once per reminder, by mail and bell.
    assert Notification.objects.count() == 4 * 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["alice@example.cn", "erin@example.cn", "sec@example.cn"] * 4
    )
    assert "ends in 60 days" in Notification.objects.order_by("pk").first().title
    assert "ends today" in Notification.objects.order_by("pk").last().title

    counts = run_upkeep(django_capture_on_commit_callbacks, end + timedelta(days=1))
    assert counts == {"activated": 0, "expired": 1, "reminders": 0}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED
    assert run_upkeep(django_capture_on_commit_callbacks, end + timedelta(days=2))["expired"] == 0
    assert len(mail.outbox) == 12


def test_a_late_registration_gets_only_the_reminders_still_ahead(
    personas, django_capture_on_commit_callbacks
):
    agreement = make_active_agreement(personas, ends_on=TODAY + timedelta(days=20))
    run_upkeep(django_capture_on_commit_callbacks, TODAY)
    assert list(AgreementReminder.objects.values_list("days_before", flat=True)) == [30]
    assert agreement.reminders.count() == 1


def test_drafts_and_terminated_agreements_get_no_reminder(personas, django_capture_on_commit_callbacks):
    make_agreement(personas.secretariat, [personas.school, personas.enterprise], ends_on=TODAY)
    terminated = make_active_agreement(personas, ends_on=TODAY + timedelta(days=7))
    services.terminate_agreement(terminated, personas.secretariat, "提前终止")
    assert run_upkeep(django_capture_on_commit_callbacks, TODAY)["reminders"] == 0


# Training needs


def test_an_enterprise_posts_a_need(personas):
    need = make_need(personas.enterprise_staff)
    assert (need.status, need.unit, need.posted_by) == (
        NeedStatus.OPEN,
        personas.enterprise,
        personas.enterprise_staff,
    )
    assert [c.code for c in need.major_categories.all()] == ["46"]


@pytest.mark.parametrize(
    ("who", "fields", "field"),
    [
        ("school_admin", {}, "unit"),
        ("enterprise_admin", {"deadline": TODAY - timedelta(days=1)}, "deadline"),
        ("enterprise_admin", {"deadline": TODAY + timedelta(days=40)}, "deadline"),  # after the start
        ("enterprise_admin", {"ends_on": TODAY + timedelta(days=29)}, "ends_on"),
    ],
)
def test_a_need_is_refused_on_its_field(personas, who, fields, field):
    with pytest.raises(InvalidInput) as error:
        make_need(getattr(personas, who), **fields)
    assert list(error.value.errors) == [field]


def test_schools_answer_open_needs_once(personas, django_capture_on_commit_callbacks):
    need = make_need(personas.enterprise_admin)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = make_proposal(need, personas.school_staff)
    assert (proposal.status, proposal.unit, proposal.submitted_by) == (
        ProposalStatus.SUBMITTED,
        personas.school,
        personas.school_staff,
    )
    assert recipients() == ["eric", "erin"]
    assert sorted(m.to[0] for m in mail.outbox) == ["eric@example.cn", "erin@example.cn"]
    with pytest.raises(InvalidInput) as error:
        make_proposal(need, personas.school_admin)
    assert list(error.value.errors) == ["need"]
    with pytest.raises(InvalidInput) as error:
        make_proposal(need, personas.enterprise_admin)
    assert list(error.value.errors) == ["unit"]


def test_a_closed_need_takes_no_proposal(personas):
    need = make_need(personas.enterprise_admin)
    services.close_need(need, personas.enterprise_staff)
    with pytest.raises(InvalidInput) as error:
        make_proposal(need, personas.school_admin)
    assert list(error.value.errors) == ["need"]
    assert not Proposal.objects.exists()


def test_accepting_matches_the_need_and_tells_everyone(personas, django_capture_on_commit_callbacks):
    need = make_need(personas.enterprise_admin)
    chosen = make_proposal(need, personas.school_admin)
    other = make_proposal(need, personas.outsider)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_proposal(chosen, personas.enterprise_staff)
    need.refresh_from_db()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    assert (chosen.status, other.status) == (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED)
    assert chosen.decided_at and other.decided_at
    accepted = Notification.objects.filter(title__contains="accepted")
    assert sorted(n.recipient.username for n in accepted) == ["alice", "bob", "sec"]
    declined = Notification.objects.exclude(title__contains="accepted")
    assert [n.recipient.username for n in declined] == ["oscar"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@example.cn",
        "bob@example.cn",
        "oscar@example.cn",
        "sec@example.cn",
    ]


def test_a_need_is_matched_only_once(personas):
    need = make_need(personas.enterprise_admin)
    chosen = make_proposal(need, personas.school_admin)
    second = make_proposal(need, personas.outsider)
    services.accept_proposal(chosen, personas.enterprise_admin)
    with pytest.raises(WorkflowError):
        services.accept_proposal(chosen, personas.enterprise_admin)
    with pytest.raises(WorkflowError):
        services.accept_proposal(second, personas.enterprise_admin)
    assert list(Proposal.objects.filter(status=ProposalStatus.ACCEPTED)) == [chosen]


def test_a_withdrawn_proposal_cannot_be_accepted(personas):
    need = make_need(personas.enterprise_admin)
    proposal = make_proposal(need, personas.school_admin)
    services.withdraw_proposal(proposal, personas.school_staff)
    with pytest.raises(WorkflowError):
        services.withdraw_proposal(proposal, personas.school_staff)
    with pytest.raises(WorkflowError):
        services.accept_proposal(proposal, personas.enterprise_admin)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_a_match_becomes_a_draft_agreement_with_its_parties(personas):
    need = make_need(personas.enterprise_admin, kind=NeedKind.TALENT, title="数控订单班")
    proposal = make_proposal(need, personas.school_admin)
    with pytest.raises(WorkflowError):  # not matched yet
        services.draft_agreement_from_match(need, personas.enterprise_admin)
    services.accept_proposal(proposal, personas.enterprise_admin)
    agreement = services.draft_agreement_from_match(need, personas.enterprise_admin)
    assert (agreement.status, agreement.kind, agreement.title) == (
        AgreementStatus.DRAFT,
        AgreementKind.ORDER_CLASS,
        "数控订单班",
    )
    assert (agreement.starts_on, agreement.ends_on) == (need.starts_on, need.ends_on)
    assert [(p.role, p.unit_id) for p in agreement.parties.all()] == [
        (PartyRole.A, personas.enterprise.pk),
        (PartyRole.B, personas.school.pk),
    ]
    need.refresh_from_db()
    assert need.agreement == agreement
    with pytest.raises(WorkflowError):
        services.draft_agreement_from_match(need, personas.enterprise_admin)
    assert Agreement.objects.count() == 1


def test_overdue_needs_close_themselves(personas):
    overdue = make_need(personas.enterprise_admin, deadline=TODAY)
    waiting = make_proposal(overdue, personas.school_admin)
    later = make_need(personas.enterprise_admin, deadline=TODAY + timedelta(days=5))
    assert services.close_overdue_needs(today=TODAY) == 0
    assert services.close_overdue_needs(today=TODAY + timedelta(days=1)) == 1
    overdue.refresh_from_db()
    later.refresh_from_db()
    waiting.refresh_from_db()
    assert (overdue.status, later.status) == (NeedStatus.CLOSED, NeedStatus.OPEN)
    assert waiting.status == ProposalStatus.DECLINED
    assert services.close_overdue_needs(today=TODAY + timedelta(days=1)) == 0
