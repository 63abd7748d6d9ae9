from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.workflow import StateMachine, Transition


class AgreementKind(models.TextChoices):
    SCHOOL_ENTERPRISE = "school_enterprise", _("School–enterprise cooperation")
    ORDER_CLASS = "order_class", _("Order-class training")
    APPRENTICESHIP = "apprenticeship", _("Modern apprenticeship")
    BASE = "base", _("Base co-construction")
    TEACHER_EXCHANGE = "teacher_exchange", _("Teacher exchange")
    RESEARCH = "research", _("Joint R&D / technical service")
    OTHER = "other", _("Other")


# The letters in agreement numbers such as 2026-HZ-0007 (pinyin initials, as secretariats file them).
KIND_CODES = {
    AgreementKind.SCHOOL_ENTERPRISE: "HZ",
    AgreementKind.ORDER_CLASS: "DD",
    AgreementKind.APPRENTICESHIP: "XT",
    AgreementKind.BASE: "JD",
    AgreementKind.TEACHER_EXCHANGE: "JL",
    AgreementKind.RESEARCH: "YF",
    AgreementKind.OTHER: "QT",
}


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING = "awaiting", _("Awaiting signatures")
    SIGNED = "signed", _("Signed, not yet started")
    ACTIVE = "active", pgettext_lazy("agreement", "Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated early")


S = AgreementStatus
AGREEMENT_STATUS = StateMachine(
    "status",
    Transition("submit", _("Send for signature"), frozenset({S.DRAFT}), S.AWAITING),
    Transition("sign", _("Confirm signature"), frozenset({S.AWAITING}), S.AWAITING),
    Transition("record_paper", _("Record signing on paper"), frozenset({S.DRAFT, S.AWAITING}), S.ACTIVE),
    Transition(
        "terminate", _("Terminate early"), frozenset({S.AWAITING, S.SIGNED, S.ACTIVE}), S.TERMINATED, True
    ),
)
# Not offered as buttons: the daily job moves signed agreements into force and ended ones out.
IN_FORCE = frozenset({S.SIGNED, S.ACTIVE})


class PartyRole(models.TextChoices):
    A = "A", _("Party A")
    B = "B", _("Party B")
    C = "C", _("Party C")
    D = "D", _("Party D")
    E = "E", _("Party E")


class SignatureMethod(models.TextChoices):
    PAPER = "paper", _("Signed on paper, scan uploaded")
    PORTAL = "portal", _("Confirmed in the portal")


class DocumentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Signed agreement (scan)")
    ATTACHMENT = "attachment", _("Attachment")


REMINDER_DAYS = (60, 30, 7, 0)


class NeedKind(models.TextChoices):
    UPSKILLING = "upskilling", _("Staff upskilling")
    INDUCTION = "induction", _("New-employee induction")
    SAFETY = "safety", _("Safety training")
    CERTIFICATION = "certification", _("Certification (1+X)")
    TALENT = "talent", _("Talent demand")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


NEED_STATUS = StateMachine(
    "status",
    Transition("close", _("Close"), frozenset({NeedStatus.OPEN, NeedStatus.MATCHED}), NeedStatus.CLOSED),
)


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal", "Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Not chosen")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal", "Withdrawn")


PROPOSAL_STATUS = StateMachine(
    "status",
    Transition("accept", _("Accept"), frozenset({ProposalStatus.SUBMITTED}), ProposalStatus.ACCEPTED),
    Transition(
        "withdraw",
        pgettext_lazy("proposal", "Withdraw"),
        frozenset({ProposalStatus.SUBMITTED}),
        ProposalStatus.WITHDRAWN,
    ),
)

# A need that asks for talent leads to an order class; the others to a cooperation agreement.
AGREEMENT_KIND_FOR_NEED = {NeedKind.TALENT: AgreementKind.ORDER_CLASS}
