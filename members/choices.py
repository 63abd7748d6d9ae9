from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.workflow import StateMachine, Transition


class UnitKind(models.TextChoices):
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational school")
    HIGHER_VOCATIONAL = "higher_vocational", _("Higher vocational college")
    VOCATIONAL_UNDERGRADUATE = "vocational_undergraduate", _("Vocational undergraduate university")
    APPLIED_UNDERGRADUATE = "applied_undergraduate", _("Applied undergraduate university")
    ENTERPRISE = "enterprise", _("Enterprise")
    INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    OTHER = "other", _("Other")


SCHOOL_KINDS = frozenset(
    {
        UnitKind.SECONDARY_VOCATIONAL,
        UnitKind.HIGHER_VOCATIONAL,
        UnitKind.VOCATIONAL_UNDERGRADUATE,
        UnitKind.APPLIED_UNDERGRADUATE,
    }
)


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair unit")
    VICE_CHAIR = "vice_chair", _("Vice-chair unit")
    EXECUTIVE = "executive", _("Executive council unit")
    COUNCIL = "council", _("Council unit")
    MEMBER = "member", _("Ordinary member")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


UNIT_STATUS = StateMachine(
    "status",
    Transition("suspend", _("Suspend"), frozenset({UnitStatus.ACTIVE}), UnitStatus.SUSPENDED, True),
    Transition(
        "withdraw",
        _("Withdraw"),
        frozenset({UnitStatus.ACTIVE, UnitStatus.SUSPENDED}),
        UnitStatus.WITHDRAWN,
        True,
    ),
    Transition(
        "reinstate",
        _("Reinstate"),
        frozenset({UnitStatus.SUSPENDED, UnitStatus.WITHDRAWN}),
        UnitStatus.ACTIVE,
        True,
    ),
)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


APPLICATION_STATUS = StateMachine(
    "status",
    Transition("approve", _("Approve"), frozenset({ApplicationStatus.PENDING}), ApplicationStatus.APPROVED),
    Transition(
        "reject", _("Reject"), frozenset({ApplicationStatus.PENDING}), ApplicationStatus.REJECTED, True
    ),
)


class MajorLevel(models.TextChoices):
    SECONDARY = "secondary", _("Secondary vocational")
    HIGHER = "higher", _("Higher vocational")
    BACHELOR = "bachelor", _("Vocational bachelor")


class Province(models.TextChoices):
    """Provincial-level divisions, by their GB/T 2260 code."""

    BEIJING = "11", _("Beijing")
    TIANJIN = "12", _("Tianjin")
    HEBEI = "13", _("Hebei")
    SHANXI = "14", _("Shanxi")
    INNER_MONGOLIA = "15", _("Inner Mongolia")
    LIAONING = "21", _("Liaoning")
    JILIN = "22", _("Jilin")
    HEILONGJIANG = "23", _("Heilongjiang")
    SHANGHAI = "31", _("Shanghai")
    JIANGSU = "32", _("Jiangsu")
    ZHEJIANG = "33", _("Zhejiang")
    ANHUI = "34", _("Anhui")
    FUJIAN = "35", _("Fujian")
    JIANGXI = "36", _("Jiangxi")
    SHANDONG = "37", _("Shandong")
    HENAN = "41", _("Henan")
    HUBEI = "42", _("Hubei")
    HUNAN = "43", _("Hunan")
    GUANGDONG = "44", _("Guangdong")
    GUANGXI = "45", _("Guangxi")
    HAINAN = "46", _("Hainan")
    CHONGQING = "50", _("Chongqing")
    SICHUAN = "51", _("Sichuan")
    GUIZHOU = "52", _("Guizhou")
    YUNNAN = "53", _("Yunnan")
    TIBET = "54", _("Tibet")
    SHAANXI = "61", _("Shaanxi")
    GANSU = "62", _("Gansu")
    QINGHAI = "63", _("Qinghai")
    NINGXIA = "64", _("Ningxia")
    XINJIANG = "65", _("Xinjiang")
    TAIWAN = "71", _("Taiwan")
    HONG_KONG = "81", _("Hong Kong")
    MACAO = "82", _("Macao")
