"""Agreements, needs and proposals built through the services, as people make them."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cooperation import services
from cooperation.choices import AgreementKind, NeedKind
from cooperation.models import Agreement, Proposal, TrainingNeed
from members.models import Industry, MajorCategory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="signed.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_agreement(by, units, kind=AgreementKind.SCHOOL_ENTERPRISE, title="校企合作协议", **fields):
    today = timezone.localdate()
    fields.setdefault("starts_on", today)
    fields.setdefault("ends_on", fields["starts_on"] + timedelta(days=365))
    agreement = Agreement(kind=kind, title=title, **fields)
    parties = [
        {"unit": unit, "role": role, "obligations": ""} for unit, role in zip(units, "ABCDE", strict=False)
    ]
    return services.register_agreement(agreement, parties, by)


def make_active_agreement(personas, **fields):
    """School (party A) and enterprise (party B), signed by both in the portal."""
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise], **fields)
    services.submit_for_signature(agreement, by=personas.secretariat)
    services.sign_agreement(agreement, personas.school.pk, by=personas.school_admin)
    services.sign_agreement(agreement, personas.enterprise.pk, by=personas.enterprise_admin)
    agreement.refresh_from_db()
    return agreement


def make_need(by, unit=None, kind=NeedKind.UPSKILLING, title="数控车工技能提升培训", **fields):
    today = timezone.localdate()
    fields.setdefault("deadline", today + timedelta(days=20))
    fields.setdefault("starts_on", today + timedelta(days=30))
    fields.setdefault("ends_on", fields["starts_on"] + timedelta(days=5))
    need = TrainingNeed(
        unit=unit or by.unit,
        kind=kind,
        title=title,
        description="一线员工的数控车床编程与操作",
        industry=fields.pop("industry", None) or Industry.objects.get(code="C"),
        headcount=fields.pop("headcount", 30),
        place=fields.pop("place", "苏州工业园区"),
        **fields,
    )
    categories = MajorCategory.objects.filter(code__in=["46"])
    return services.post_need(need, categories, by)


def make_proposal(need, by, unit=None, **fields):
    proposal = Proposal(
        need=need,
        unit=unit or by.unit,
        offer=fields.pop("offer", "40 学时数控编程与实操"),
        teachers=fields.pop("teachers", "机电学院双师型教师 3 名"),
        schedule=fields.pop("schedule", "周末两天"),
        **fields,
    )
    return services.submit_proposal(proposal, by)
