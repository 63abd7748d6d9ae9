"""The permission matrix: every page and API endpoint × every role → what that person gets.

One row per URL name and method; the expectation is a string with one letter per role, in the
order of ROLES. A URL that exists without a row here fails ``test_every_url_is_in_the_matrix``.

Legend: ``.`` 200 OK · ``C`` 201 created · ``B`` 400 (allowed, then refused by validation — the
request got past the permission rules) · ``L`` redirected to the login page · ``R`` another
redirect · ``U`` 401 (API, not authenticated) · ``F`` 403 forbidden · ``N`` 404 not found (another
unit's object does not exist for you) · ``M`` 405 method not allowed.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cooperation import services
from cooperation.choices import DocumentKind
from members.choices import UnitKind
from members.models import Committee, MembershipApplication
from portal.core.models import Notification
from tests.cooperation.builders import make_active_agreement, make_agreement, make_need, make_proposal, pdf
from tests.factories import credit_code, make_major

ROLES = ("visitor", "teacher", "school_staff", "school_admin", "outsider", "supervisor", "secretariat")

STATUS = {".": 200, "C": 201, "B": 400, "U": 401, "F": 403, "N": 404, "M": 405}

# Each target gives the URL's kwargs from the world the test builds.
TARGETS = {
    None: lambda w: {},
    "school": lambda w: {"pk": w["school"].pk},
    "school_parent": lambda w: {"unit_pk": w["school"].pk},
    "teacher": lambda w: {"pk": w["teacher"].pk},
    "major": lambda w: {"pk": w["major"].pk},
    "committee": lambda w: {"pk": w["committee"].pk},
    "application": lambda w: {"pk": w["application"].pk},
    "industry": lambda w: {"pk": w["industry"].pk},
    "category": lambda w: {"pk": w["category"].pk},
    "admin_school": lambda w: {"object_id": w["school"].pk},
    "notification": lambda w: {"pk": w["notification"].pk},
    "agreement": lambda w: {"pk": w["agreement"].pk},
    "document": lambda w: {"pk": w["document"].pk},
    "need": lambda w: {"pk": w["need"].pk},
    "need_parent": lambda w: {"need_pk": w["need"].pk},
    "proposal": lambda w: {"pk": w["proposal"].pk},
    "agreement_awaiting": lambda w: {"pk": w["agreement_awaiting"].pk},
    "agreement_active": lambda w: {"pk": w["agreement_active"].pk},
    "need_matched": lambda w: {"pk": w["need_matched"].pk},
    # Training bases and bookings
    # Placement offers, applications and practice days
    # Skill masters and order classes
    "reset_link": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w["teacher"].pk)),
        "token": default_token_generator.make_token(w["teacher"]),
    },
}

#        url name                               method   target           V T S A O P X
MATRIX = [
    ("core:home", "GET", None, "......."),
    ("core:landing", "GET", None, "LRRRRRR"),
    ("members:directory", "GET", None, "......."),
    ("members:directory_detail", "GET", "school", "......."),
    ("members:apply", "GET", None, "......."),
    ("members:apply", "POST", None, "......."),  # an empty form is shown again with its errors
    ("members:apply_done", "GET", None, "......."),
    ("members:unit_list", "GET", None, "L......"),
    ("members:unit_add", "GET", None, "LFFFFF."),
    ("members:unit_detail", "GET", "school", "L...N.."),
    ("members:unit_edit", "GET", "school", "LFF.NF."),
    ("members:unit_suspend", "GET", "school", "LFFFFF."),
    ("members:unit_withdraw", "GET", "school", "LFFFFF."),
    ("members:unit_reinstate", "GET", "school", "LFFFFF."),
    ("members:person_add", "GET", "school_parent", "LFF.NF."),
    ("members:person_edit", "GET", "teacher", "LFF.NF."),
    ("members:major_list", "GET", None, "......."),
    ("members:major_add", "GET", "school_parent", "LFF.NF."),
    ("members:major_edit", "GET", "major", "LFF.NF."),
    ("members:major_delete", "GET", "major", "LFF.NF."),
    ("members:committee_list", "GET", None, "......."),
    ("members:committee_detail", "GET", "committee", "......."),
    ("members:committee_add", "GET", None, "LFFFFF."),
    ("members:committee_edit", "GET", "committee", "LFFFFF."),
    ("members:committee_delete", "GET", "committee", "LFFFFF."),
    ("members:application_list", "GET", None, "LFFFF.."),
    ("members:application_detail", "GET", "application", "LFFFF.."),
    ("members:application_approve", "GET", "application", "LFFFFF."),
    ("members:application_reject", "GET", "application", "LFFFFF."),
    # Agreements: a unit's people see their own (the world's agreement is the school's and the
    # enterprise's draft); only administrators and the secretariat change them.
    ("cooperation:agreement_list", "GET", None, "LF....."),
    ("cooperation:agreement_add", "GET", None, "LFF..F."),
    ("cooperation:agreement_detail", "GET", "agreement", "LF..N.."),
    ("cooperation:agreement_edit", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_submit", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_sign", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_record_paper", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_terminate", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_renew", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_amend", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_document_add", "GET", "agreement", "LFF.NF."),
    ("cooperation:agreement_document", "GET", "document", "LF..N.."),
    # Training needs: open needs are for everyone to browse; the world's need is the enterprise's.
    ("cooperation:need_list", "GET", None, "......."),
    ("cooperation:need_unanswered", "GET", None, "LFFFF.."),
    ("cooperation:need_add", "GET", None, "LFFFFF."),  # enterprises post needs, schools answer them
    ("cooperation:need_detail", "GET", "need", "......."),
    ("cooperation:need_edit", "GET", "need", "LFNNNF."),
    ("cooperation:need_close", "GET", "need", "LFNNNF."),
    ("cooperation:need_draft_agreement", "GET", "need", "LFFNNF."),
    ("cooperation:proposal_add", "GET", "need_parent", "LF...FF"),
    ("cooperation:proposal_withdraw", "GET", "proposal", "LF..NFF"),  # the school's own
    ("cooperation:proposal_accept", "GET", "proposal", "LFNNNFF"),  # the enterprise decides
    ("notifications:list", "GET", None, "L......"),
    ("notifications:open", "POST", "notification", "LNNNNNR"),  # only its recipient opens it
    # Training bases and bookings (pages)
    # Placement offers, applications and practice days (pages)
    # Skill masters and order classes (pages)
    # Accounts and language
    ("login", "GET", None, "......."),
    ("logout", "POST", None, "RRRRRRR"),
    ("password_change", "GET", None, "L......"),
    ("password_change_done", "GET", None, "L......"),
    ("password_reset", "GET", None, "......."),
    ("password_reset_done", "GET", None, "......."),
    ("password_reset_confirm", "GET", "reset_link", "RRRRRRR"),
    ("password_reset_complete", "GET", None, "......."),
    ("set_language", "POST", None, "RRRRRRR"),
    # API
    ("api-root", "GET", None, "......."),
    ("api-token", "POST", None, "BBBBBBB"),
    ("api-schema", "GET", None, "......."),
    ("api-docs", "GET", None, "......."),
    ("members-api:unit-list", "GET", None, "U......"),
    ("members-api:unit-list", "POST", None, "UFFFFFB"),
    ("members-api:unit-detail", "GET", "school", "U...N.."),
    ("members-api:unit-detail", "PATCH", "school", "UFF.NF."),
    ("members-api:unit-detail", "DELETE", "school", "MMMMMMM"),
    ("members-api:unit-suspend", "POST", "school", "UFFFFFB"),
    ("members-api:unit-withdraw", "POST", "school", "UFFFFFB"),
    ("members-api:unit-reinstate", "POST", "school", "UFFFFFB"),
    ("members-api:committee-list", "GET", None, "......."),
    ("members-api:committee-list", "POST", None, "UFFFFFB"),
    ("members-api:committee-detail", "GET", "committee", "......."),
    ("members-api:committee-detail", "PATCH", "committee", "UFFFFF."),
    ("members-api:industry-list", "GET", None, "......."),
    ("members-api:industry-detail", "GET", "industry", "......."),
    ("members-api:majorcategory-list", "GET", None, "......."),
    ("members-api:majorcategory-detail", "GET", "category", "......."),
    ("members-api:major-list", "GET", None, "......."),
    ("members-api:major-list", "POST", None, "UFFBBFB"),
    ("members-api:major-detail", "GET", "major", "......."),
    ("members-api:major-detail", "PATCH", "major", "UFF.NF."),
    ("members-api:application-list", "GET", None, "UFFFF.."),
    ("members-api:application-list", "POST", None, "BBBBBBB"),
    ("members-api:application-detail", "GET", "application", "UFFFF.."),
    ("members-api:application-approve", "POST", "application", "UFFFFFC"),
    ("members-api:application-reject", "POST", "application", "UFFFFFB"),
    # API of cooperation
    ("cooperation-api:agreement-list", "GET", None, "UF....."),
    ("cooperation-api:agreement-list", "POST", None, "UFFBBFB"),
    ("cooperation-api:agreement-detail", "GET", "agreement", "UF..N.."),
    ("cooperation-api:agreement-detail", "PATCH", "agreement", "UFF.NF."),
    ("cooperation-api:agreement-detail", "PUT", "agreement", "MMMMMMM"),
    ("cooperation-api:agreement-detail", "DELETE", "agreement", "MMMMMMM"),
    ("cooperation-api:agreement-submit", "POST", "agreement", "UFF.NF."),
    ("cooperation-api:agreement-sign", "POST", "agreement_awaiting", "UFF.NFB"),  # sec must name the unit
    ("cooperation-api:agreement-record-paper-signing", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:agreement-terminate", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:agreement-renew", "POST", "agreement_active", "UFFCNFC"),
    ("cooperation-api:agreement-amend", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:agreement-documents", "POST", "agreement", "UFFBNFB"),
    ("cooperation-api:need-list", "GET", None, "......."),  # open needs are public, as on the pages
    ("cooperation-api:need-list", "POST", None, "UFBBBFB"),
    ("cooperation-api:need-detail", "GET", "need", "......."),
    ("cooperation-api:need-detail", "PATCH", "need", "UFNNNF."),
    ("cooperation-api:need-detail", "DELETE", "need", "MMMMMMM"),
    ("cooperation-api:need-close", "POST", "need", "UFNNNF."),
    ("cooperation-api:need-draft-agreement", "POST", "need_matched", "UFFNNFC"),
    ("cooperation-api:proposal-list", "GET", None, "UF....."),
    ("cooperation-api:proposal-list", "POST", None, "UFBBBFF"),
    ("cooperation-api:proposal-detail", "GET", "proposal", "UF..N.."),
    ("cooperation-api:proposal-detail", "PATCH", "proposal", "MMMMMMM"),
    ("cooperation-api:proposal-accept", "POST", "proposal", "UFNNNFF"),
    ("cooperation-api:proposal-withdraw", "POST", "proposal", "UF..NFF"),
    # API of training bases and bookings
    # API of placements
    # API of skill masters and order classes
    # The admin asks the same rules: the supervisor reads, only the secretariat writes.
    ("admin:index", "GET", None, "RRRRR.."),
    ("admin:members_memberunit_changelist", "GET", None, "RRRRR.."),
    ("admin:members_memberunit_change", "GET", "admin_school", "RRRRR.."),
    ("admin:members_memberunit_add", "GET", None, "RRRRRF."),
]

# URLs that are not pages of their own: Django's admin (sampled above) and the reset link's
# second step, which only exists after the redirect from the token URL.
UNLISTED_NAMESPACES = {"admin"}


@pytest.fixture
def world(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    need = make_need(personas.enterprise_admin)
    awaiting = make_agreement(personas.secretariat, [personas.school, personas.enterprise], title="待签协议")
    services.submit_for_signature(awaiting, personas.secretariat)
    matched = make_need(personas.enterprise_admin, title="已匹配需求")
    services.accept_proposal(make_proposal(matched, personas.school_admin), personas.enterprise_admin)
    major = make_major(personas.school)
    committee = Committee.objects.create(name_zh="智能制造专业委员会", chair_unit=personas.school)
    committee.members.set([personas.school, personas.enterprise])
    application = MembershipApplication.objects.create(
        name_zh="常州数控设备有限公司",
        kind=UnitKind.ENTERPRISE,
        credit_code=credit_code(777),
        province="32",
        city="常州市",
        contact_name="周经理",
        contact_phone="13912345678",
        contact_email="zhou@example.cn",
    )
    from members.models import Industry, MajorCategory

    training = {}
    # Training bases and bookings
    # Placement offers, applications and practice days
    # Skill masters and order classes
    return {
        **training,
        "school": personas.school,
        "teacher": personas.teacher,
        "major": major,
        "committee": committee,
        "application": application,
        "industry": Industry.objects.get(code="C"),
        "category": MajorCategory.objects.get(code="51"),
        "notification": Notification.objects.create(
            recipient=personas.secretariat, title="新的入会申请", url="/"
        ),
        "agreement": agreement,
        "document": services.add_document(agreement, personas.secretariat, DocumentKind.ATTACHMENT, pdf()),
        "need": need,
        "proposal": make_proposal(need, personas.school_admin),
        "agreement_awaiting": awaiting,
        "agreement_active": make_active_agreement(personas),
        "need_matched": matched,
    }


def _user_for(personas, role):
    return None if role == "visitor" else getattr(personas, role)


def _cases():
    for name, method, target, expected in MATRIX:
        assert len(expected) == len(ROLES), name
        for role, outcome in zip(ROLES, expected, strict=True):
            yield pytest.param(name, method, target, role, outcome, id=f"{method} {name} as {role}")


@pytest.mark.parametrize(("name", "method", "target", "role", "outcome"), list(_cases()))
def test_permission_matrix(client, personas, world, name, method, target, role, outcome):
    user = _user_for(personas, role)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=TARGETS[target](world))
    response = (
        getattr(client, method.lower())(url, content_type="application/json")
        if method
        in {
            "PATCH",
            "PUT",
            "DELETE",
        }
        else getattr(client, method.lower())(url, {})
    )
    if outcome == "L":
        assert response.status_code == 302 and response.url.startswith(reverse("login")), response
    elif outcome == "R":
        assert response.status_code == 302 and not response.url.startswith(reverse("login")), response
    else:
        assert response.status_code == STATUS[outcome], (response.status_code, response.content[:300])


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    listed = {name for name, *_ in MATRIX}
    missing = {
        name
        for name in _named_patterns()
        if name.split(":")[0] not in UNLISTED_NAMESPACES and name not in listed
    }
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
