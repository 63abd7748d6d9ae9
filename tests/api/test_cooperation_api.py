"""The cooperation API: agreements, training needs and proposals through the same services, filters
and permission rules as the pages; bad input is a 400 on its field, a refused step a 409."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils import timezone
from rest_framework.test import APIClient

from cooperation.choices import (
    AgreementKind,
    AgreementStatus,
    NeedKind,
    NeedStatus,
    ProposalStatus,
    SignatureMethod,
)
from cooperation.filtersets import AgreementFilterSet, TrainingNeedFilterSet
from cooperation.models import Agreement, AgreementDocument, AgreementNumber, Proposal, TrainingNeed
from members.choices import UnitKind
from members.models import Industry, MajorCategory
from portal.core.roles import Role
from tests.cooperation.builders import PDF, make_active_agreement, make_agreement, make_need, make_proposal
from tests.factories import make_unit, make_user

TODAY = timezone.localdate()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploaded scans go to a directory of the test's own


def as_user(api, user):
    api.force_authenticate(user)
    return api


def agreement_payload(personas, **overrides):
    data = {
        "kind": AgreementKind.SCHOOL_ENTERPRISE,
        "title": "智能制造产业学院共建协议",
        "summary": "共建产业学院，联合培养数控技术人才。",
        "starts_on": str(TODAY),
        "ends_on": str(TODAY + timedelta(days=3 * 365)),
        "parties": [
            {"unit": personas.school.pk, "role": "A", "obligations": "提供场地和师资"},
            {"unit": personas.enterprise.pk, "role": "B", "obligations": "提供设备和企业导师"},
        ],
    }
    data.update(overrides)
    return data


def need_payload(**overrides):
    data = {
        "kind": NeedKind.SAFETY,
        "title": "新员工安全生产培训",
        "description": "车间新员工的安全生产和消防培训",
        "industry": "C",
        "major_categories": ["42", "46"],
        "headcount": 40,
        "starts_on": str(TODAY + timedelta(days=30)),
        "ends_on": str(TODAY + timedelta(days=32)),
        "place": "苏州工业园区",
        "deadline": str(TODAY + timedelta(days=14)),
    }
    data.update(overrides)
    return data


def proposal_payload(need, **overrides):
    return {
        "need": need.pk,
        "offer": "16 学时安全生产与消防实训",
        "teachers": "安全工程专业教师 2 名",
        "schedule": "下月第一周",
        "cost_note": "每人 300 元",
        **overrides,
    }


def scan(content=PDF, name="协议扫描件.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# Agreements


def test_a_unit_admin_registers_an_agreement_with_its_parties(api, personas):
    response = as_user(api, personas.school_admin).post(
        "/api/agreements/", agreement_payload(personas), format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["number"] == f"{TODAY.year}-HZ-0001"
    assert response.data["status"] == AgreementStatus.DRAFT
    assert response.data["created_by"] == personas.school_admin.pk
    assert [(p["unit"], p["role"], p["signed_at"]) for p in response.data["parties"]] == [
        (personas.school.pk, "A", None),
        (personas.enterprise.pk, "B", None),
    ]
    assert response.data["url"].endswith(f"/api/agreements/{response.data['id']}/")


def test_read_only_fields_are_not_taken_from_the_client(api, personas):
    payload = agreement_payload(personas, number="2020-HZ-9999", status="active")
    response = as_user(api, personas.secretariat).post("/api/agreements/", payload, format="json")
    assert response.status_code == 201
    assert (response.data["number"], response.data["status"]) == (f"{TODAY.year}-HZ-0001", "draft")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (lambda p: {"parties": []}, "parties"),
        (lambda p: {"parties": [{"unit": p.school.pk, "role": "A"}]}, "parties"),
        (
            lambda p: {"parties": [{"unit": p.school.pk, "role": "A"}, {"unit": 999999, "role": "B"}]},
            "parties",
        ),
        (lambda p: {"ends_on": str(TODAY - timedelta(days=1))}, "ends_on"),
        (lambda p: {"kind": AgreementKind.APPRENTICESHIP}, "apprentice_name"),
        (lambda p: {"signed_on": str(TODAY + timedelta(days=2))}, "signed_on"),
        (lambda p: {"kind": "spaceship"}, "kind"),
    ],
)
def test_bad_agreements_are_a_400_on_the_field_and_leave_nothing(api, personas, overrides, field):
    payload = agreement_payload(personas, **overrides(personas))
    response = as_user(api, personas.secretariat).post("/api/agreements/", payload, format="json")
    assert response.status_code == 400
    assert list(response.data) == [field], response.data
    assert not Agreement.objects.exists()
    assert not AgreementNumber.objects.filter(last__gt=0).exists()


def test_the_parties_rules_are_the_services(api, personas):
    api = as_user(api, personas.outsider)  # not a party: refused, with the reason on "parties"
    response = api.post("/api/agreements/", agreement_payload(personas), format="json")
    assert response.status_code == 400 and list(response.data) == ["parties"]
    duplicate = [
        {"unit": personas.other_school.pk, "role": "A"},
        {"unit": personas.other_school.pk, "role": "B"},
    ]
    response = api.post("/api/agreements/", agreement_payload(personas, parties=duplicate), format="json")
    assert response.status_code == 400 and list(response.data) == ["parties"]
    assert not Agreement.objects.exists()


def test_a_draft_is_patched_with_its_parties_until_it_is_sent(api, personas):
    api = as_user(api, personas.school_admin)
    agreement = api.post("/api/agreements/", agreement_payload(personas), format="json").data
    url = f"/api/agreements/{agreement['id']}/"
    parties = [*agreement_payload(personas)["parties"], {"unit": personas.other_school.pk, "role": "C"}]
    response = api.patch(url, {"title": "三方协议", "parties": parties}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["title"] == "三方协议" and len(response.data["parties"]) == 3
    response = api.patch(url, {"summary": "只改摘要"}, format="json")
    assert response.status_code == 200 and len(response.data["parties"]) == 3
    response = api.patch(url, {"ends_on": str(TODAY - timedelta(days=1))}, format="json")
    assert response.status_code == 400 and list(response.data) == ["ends_on"]
    response = api.patch(url, {"parties": parties[:1]}, format="json")
    assert response.status_code == 400 and list(response.data) == ["parties"]
    assert Agreement.objects.get().parties.count() == 3

    assert api.post(f"{url}submit/").data["status"] == AgreementStatus.AWAITING
    response = api.patch(url, {"title": "太晚了"}, format="json")
    assert response.status_code == 409 and response.data["detail"]
    assert api.post(f"{url}submit/").status_code == 409
    assert Agreement.objects.get().title == "三方协议"


def test_signing_in_the_portal_party_by_party(api, personas):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    url = f"/api/agreements/{agreement.pk}/"
    assert as_user(api, personas.school_admin).post(f"{url}sign/").status_code == 409  # still a draft
    assert as_user(api, personas.secretariat).post(f"{url}submit/").status_code == 200

    response = as_user(api, personas.school_admin).post(f"{url}sign/")
    assert response.status_code == 200 and response.data["status"] == AgreementStatus.AWAITING
    signed = {p["unit"]: p for p in response.data["parties"]}
    assert signed[personas.school.pk]["signed_by"] == personas.school_admin.pk
    assert signed[personas.school.pk]["signature_method"] == SignatureMethod.PORTAL
    assert signed[personas.enterprise.pk]["signed_at"] is None
    assert api.post(f"{url}sign/").status_code == 409  # twice
    response = api.post(f"{url}sign/", {"unit": personas.enterprise.pk}, format="json")
    assert response.status_code == 400 and list(response.data) == ["unit"]  # only for one's own unit

    api = as_user(api, personas.secretariat)
    response = api.post(f"{url}sign/")
    assert response.status_code == 400 and list(response.data) == ["unit"]  # whose signature?
    response = api.post(f"{url}sign/", {"unit": personas.other_school.pk}, format="json")
    assert response.status_code == 400 and list(response.data) == ["unit"]  # not a party
    response = api.post(f"{url}sign/", {"unit": personas.enterprise.pk}, format="json")
    assert response.status_code == 200 and response.data["status"] == AgreementStatus.ACTIVE
    assert response.data["signed_on"] == str(TODAY)


def test_paper_signing_uploads_the_scan(api, personas):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    url = f"/api/agreements/{agreement.pk}/record-paper-signing/"
    api = as_user(api, personas.secretariat)
    bad = api.post(url, {"scan": scan(b"GIF89a not a pdf"), "signed_on": str(TODAY)}, format="multipart")
    assert bad.status_code == 400 and list(bad.data) == ["scan"], bad.data
    future = api.post(url, {"scan": scan(), "signed_on": str(TODAY + timedelta(days=1))}, format="multipart")
    assert future.status_code == 400 and list(future.data) == ["signed_on"]
    assert api.post(url, {"signed_on": str(TODAY)}, format="multipart").status_code == 400
    assert not AgreementDocument.objects.exists()

    response = api.post(url, {"scan": scan(), "signed_on": str(TODAY)}, format="multipart")
    assert response.status_code == 200, response.data
    assert response.data["status"] == AgreementStatus.ACTIVE
    assert {p["signature_method"] for p in response.data["parties"]} == {SignatureMethod.PAPER}
    [document] = response.data["documents"]
    assert (document["kind"], document["name"], document["content_type"]) == (
        "signed_scan",
        "协议扫描件.pdf",
        "application/pdf",
    )
    assert document["download_url"].endswith(f"/cooperation/documents/{document['id']}/")
    assert api.post(url, {"scan": scan(), "signed_on": str(TODAY)}, format="multipart").status_code == 409


def test_documents_are_uploaded_and_checked_by_content(api, personas):
    agreement = make_agreement(personas.school_admin, [personas.school, personas.enterprise])
    url = f"/api/agreements/{agreement.pk}/documents/"
    api = as_user(api, personas.school_admin)
    response = api.post(
        url, {"kind": "attachment", "file": scan(b"\x89PNG\r\n\x1a\n....")}, format="multipart"
    )
    assert response.status_code == 201 and response.data["content_type"] == "image/png"
    response = api.post(url, {"file": scan(b"<html>not a scan</html>", "x.pdf")}, format="multipart")
    assert response.status_code == 400 and list(response.data) == ["file"]
    assert AgreementDocument.objects.count() == 1
    assert (
        as_user(api, personas.school_staff).post(url, {"file": scan()}, format="multipart").status_code == 403
    )


def test_termination_needs_a_reason_and_a_transition_that_applies(api, personas):
    draft = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    api = as_user(api, personas.enterprise_admin)
    response = api.post(f"/api/agreements/{draft.pk}/terminate/", {"reason": "不再合作"}, format="json")
    assert response.status_code == 409 and response.data["detail"]
    agreement = make_active_agreement(personas)
    url = f"/api/agreements/{agreement.pk}/terminate/"
    assert list(api.post(url, {}, format="json").data) == ["reason"]
    response = api.post(url, {"reason": "企业搬迁"}, format="json")
    assert response.status_code == 200
    assert (response.data["status"], response.data["termination_reason"]) == ("terminated", "企业搬迁")


def test_renewal_and_amendment(api, personas):
    agreement = make_active_agreement(personas)
    api = as_user(api, personas.school_admin)
    renewal = api.post(f"/api/agreements/{agreement.pk}/renew/")
    assert renewal.status_code == 201
    assert (renewal.data["renews"], renewal.data["status"]) == (agreement.pk, AgreementStatus.DRAFT)
    assert renewal.data["starts_on"] == str(agreement.ends_on + timedelta(days=1))
    assert api.post(f"/api/agreements/{renewal.data['id']}/renew/").status_code == 409

    url = f"/api/agreements/{agreement.pk}/amend/"
    assert list(api.post(url, {"summary": "x"}, format="json").data) == ["title"]
    amendment = api.post(url, {"title": "补充协议：增加实训工位", "summary": "增加 20 个工位"}, format="json")
    assert amendment.status_code == 201
    assert amendment.data["number"] == f"{agreement.number}-B1"
    assert amendment.data["amends"] == agreement.pk
    assert api.post(f"/api/agreements/{amendment.data['id']}/amend/", {"title": "x"}).status_code == 409


def test_agreements_are_seen_by_their_parties_and_the_group(api, personas):
    agreement = make_agreement(personas.secretariat, [personas.school, personas.enterprise])
    url = f"/api/agreements/{agreement.pk}/"
    assert api.get("/api/agreements/").status_code == 401
    assert as_user(api, personas.teacher).get("/api/agreements/").status_code == 403
    assert as_user(api, personas.outsider).get(url).status_code == 404
    assert as_user(api, personas.outsider).get("/api/agreements/").data["count"] == 0
    assert as_user(api, personas.outsider).post(f"{url}submit/").status_code == 404
    assert as_user(api, personas.school_staff).get(url).status_code == 200
    assert as_user(api, personas.school_staff).post(f"{url}submit/").status_code == 403
    staff_create = as_user(api, personas.enterprise_staff).post(
        "/api/agreements/", agreement_payload(personas), format="json"
    )
    assert staff_create.status_code == 403
    assert as_user(api, personas.supervisor).get(url).status_code == 200
    assert as_user(api, personas.supervisor).patch(url, {"title": "x"}, format="json").status_code == 403
    assert as_user(api, personas.enterprise_admin).get("/api/agreements/").data["count"] == 1
    assert api.delete(url).status_code == 405


@pytest.fixture
def register(personas):
    """Agreements of several kinds, states and dates, between different units."""
    other_enterprise = make_unit("无锡精密电子有限公司", UnitKind.ENTERPRISE)
    sec = personas.secretariat
    school, enterprise = personas.school, personas.enterprise
    return {
        "draft": make_agreement(sec, [school, enterprise], title="数控实训基地共建"),
        "order": make_agreement(
            sec, [school, other_enterprise], kind=AgreementKind.ORDER_CLASS, title="订单班"
        ),
        "soon": make_active_agreement(personas, ends_on=TODAY + timedelta(days=20), title="即将到期"),
        "later": make_active_agreement(personas, ends_on=TODAY + timedelta(days=200), title="明年到期"),
        "other": make_agreement(sec, [personas.other_school, other_enterprise], title="别校协议"),
    }


@pytest.mark.parametrize(
    "query",
    [
        "kind=order_class",
        "kind=school_enterprise&kind=order_class",
        "status=active",
        "status=draft",
        "expiring_within=30",
        "expiring_within=365",
        "party_kind=enterprise",
        "q=订单",
        f"year={TODAY.year}",
        "ordering=ends_on",
    ],
)
@pytest.mark.parametrize("role", ["secretariat", "school_admin", "enterprise_admin"])
def test_the_agreement_api_filters_like_the_pages(api, personas, register, query, role):
    user = getattr(personas, role)
    rows = as_user(api, user).get(f"/api/agreements/?{query}&page_size=100").data["results"]
    expected = AgreementFilterSet(_params(query), queryset=Agreement.objects.for_user(user)).qs
    assert {row["number"] for row in rows} == {a.number for a in expected}
    assert rows or role != "secretariat", "each query finds something"


def test_the_party_filter(api, personas, register):
    rows = as_user(api, personas.secretariat).get(f"/api/agreements/?party={personas.other_school.pk}").data
    assert [row["title"] for row in rows["results"]] == ["别校协议"]


def test_bad_filter_values_are_a_400_not_an_error(api, personas):
    api = as_user(api, personas.secretariat)
    for query in (
        "expiring_within=-1",
        "expiring_within=abc",
        "kind=spaceship",
        "party=99999999999999999999",
    ):
        assert api.get(f"/api/agreements/?{query}").status_code == 400, query


def _params(query):
    return QueryDict(query)


# Training needs


def test_an_enterprise_posts_a_need_for_its_own_unit(api, personas):
    api = as_user(api, personas.enterprise_staff)
    response = api.post("/api/needs/", need_payload(), format="json")
    assert response.status_code == 201, response.data
    assert (response.data["unit"], response.data["status"]) == (personas.enterprise.pk, NeedStatus.OPEN)
    assert response.data["major_categories"] == ["42", "46"] and response.data["proposal_count"] == 0
    assert TrainingNeed.objects.get().posted_by == personas.enterprise_staff
    response = api.post("/api/needs/", need_payload(unit=personas.school.pk), format="json")
    assert response.status_code == 400 and list(response.data) == ["unit"]


def test_the_secretariat_names_the_enterprise(api, personas):
    api = as_user(api, personas.secretariat)
    response = api.post("/api/needs/", need_payload(), format="json")
    assert response.status_code == 400 and list(response.data) == ["unit"]
    response = api.post("/api/needs/", need_payload(unit=personas.enterprise.pk), format="json")
    assert response.status_code == 201 and response.data["unit"] == personas.enterprise.pk


@pytest.mark.parametrize(
    ("who", "overrides", "field"),
    [
        ("school_admin", {}, "unit"),  # schools answer needs, they do not post them
        ("enterprise_admin", {"deadline": str(TODAY - timedelta(days=1))}, "deadline"),
        ("enterprise_admin", {"deadline": str(TODAY + timedelta(days=31))}, "deadline"),
        ("enterprise_admin", {"ends_on": str(TODAY + timedelta(days=29))}, "ends_on"),
        ("enterprise_admin", {"industry": "ZZ"}, "industry"),
        ("enterprise_admin", {"major_categories": ["99"]}, "major_categories"),
        ("enterprise_admin", {"headcount": 0}, "headcount"),
    ],
)
def test_bad_needs_are_a_400_on_the_field(api, personas, who, overrides, field):
    response = as_user(api, getattr(personas, who)).post(
        "/api/needs/", need_payload(**overrides), format="json"
    )
    assert response.status_code == 400 and list(response.data) == [field], response.data
    assert not TrainingNeed.objects.exists()


def test_schools_browse_open_needs_and_the_enterprise_sees_all_of_its_own(api, personas):
    open_need = make_need(personas.enterprise_admin, title="开放需求")
    closed = make_need(personas.enterprise_admin, title="已关闭需求")
    as_user(api, personas.enterprise_admin).post(f"/api/needs/{closed.pk}/close/")

    titles = {row["title"] for row in as_user(api, personas.outsider).get("/api/needs/").data["results"]}
    assert titles == {"开放需求"}
    assert api.get(f"/api/needs/{open_need.pk}/").status_code == 200
    assert api.get(f"/api/needs/{closed.pk}/").status_code == 404
    titles = {
        row["title"] for row in as_user(api, personas.enterprise_staff).get("/api/needs/").data["results"]
    }
    assert titles == {"开放需求", "已关闭需求"}
    assert as_user(api, personas.supervisor).get(f"/api/needs/{closed.pk}/").status_code == 200
    # As on the pages, open needs are public in summary: teachers and visitors see those only.
    for reader in (personas.teacher, None):
        api.force_authenticate(reader)
        assert {row["title"] for row in api.get("/api/needs/").data["results"]} == {"开放需求"}
        assert api.get(f"/api/needs/{closed.pk}/").status_code == 404


def test_a_school_still_sees_a_need_it_answered_after_the_match(api, personas):
    need = make_need(personas.enterprise_admin)
    proposal = make_proposal(need, personas.school_admin)
    as_user(api, personas.enterprise_admin).post(f"/api/proposals/{proposal.pk}/accept/")
    assert as_user(api, personas.school_staff).get(f"/api/needs/{need.pk}/").status_code == 200
    assert as_user(api, personas.outsider).get(f"/api/needs/{need.pk}/").status_code == 404


def test_only_the_enterprise_changes_its_open_need(api, personas):
    need = make_need(personas.enterprise_admin)
    url = f"/api/needs/{need.pk}/"
    response = as_user(api, personas.enterprise_staff).patch(url, {"headcount": 45}, format="json")
    assert response.status_code == 200 and response.data["headcount"] == 45
    assert response.data["major_categories"] == ["46"]
    response = api.patch(url, {"unit": personas.school.pk, "major_categories": ["51"]}, format="json")
    assert response.status_code == 200
    assert (response.data["unit"], response.data["major_categories"]) == (personas.enterprise.pk, ["51"])
    response = api.patch(url, {"deadline": str(TODAY + timedelta(days=60))}, format="json")
    assert response.status_code == 400 and list(response.data) == ["deadline"]
    assert as_user(api, personas.school_admin).patch(url, {"headcount": 1}, format="json").status_code == 404
    as_user(api, personas.enterprise_admin).post(f"{url}close/")
    assert api.post(f"{url}close/").status_code == 409
    response = api.patch(url, {"headcount": 50}, format="json")
    assert response.status_code == 409 and response.data["detail"]


@pytest.fixture
def needs(personas):
    other_enterprise = make_unit("北京软件股份有限公司", UnitKind.ENTERPRISE, province="11")
    other_admin = make_user("olga", Role.UNIT_ADMIN, other_enterprise)
    make_need(personas.enterprise_admin, title="数控")  # industry C, category 46
    electronics = make_need(personas.enterprise_admin, title="电子装联", kind=NeedKind.INDUCTION)
    electronics.major_categories.set(MajorCategory.objects.filter(code__in=["51", "46"]))
    software = make_need(other_admin, title="软件测试", industry=Industry.objects.get(code="I"))
    software.kind = NeedKind.CERTIFICATION
    software.save()
    make_need(other_admin, title="晚截止", deadline=TODAY + timedelta(days=28))


@pytest.mark.parametrize(
    "query",
    [
        "industry=C&major_category=51",
        "industry=C",
        "industry=I&industry=C",
        "major_category=46",
        "kind=certification",
        "province=11",
        f"deadline_from={TODAY + timedelta(days=25)}",
        f"deadline_to={TODAY + timedelta(days=25)}",
        "q=软件",
        "status=open",
        "ordering=deadline",
    ],
)
@pytest.mark.parametrize("role", ["secretariat", "school_admin", "enterprise_admin"])
def test_the_need_api_filters_like_the_pages(api, personas, needs, query, role):
    user = getattr(personas, role)
    rows = as_user(api, user).get(f"/api/needs/?{query}&page_size=100").data["results"]
    expected = TrainingNeedFilterSet(_params(query), queryset=TrainingNeed.objects.visible_to(user)).qs
    assert sorted(row["title"] for row in rows) == sorted(n.title for n in expected)
    assert rows or role != "secretariat"


def test_industry_and_major_category_together(api, personas, needs):
    rows = as_user(api, personas.school_admin).get("/api/needs/?industry=C&major_category=51").data
    assert [row["title"] for row in rows["results"]] == ["电子装联"]


# Proposals and the match


def test_a_school_answers_an_open_need_once(api, personas):
    need = make_need(personas.enterprise_admin)
    api = as_user(api, personas.school_staff)
    response = api.post("/api/proposals/", proposal_payload(need), format="json")
    assert response.status_code == 201, response.data
    assert (response.data["unit"], response.data["status"]) == (personas.school.pk, ProposalStatus.SUBMITTED)
    assert response.data["need_title"] == need.title
    response = api.post("/api/proposals/", proposal_payload(need), format="json")
    assert response.status_code == 400 and list(response.data) == ["need"]
    response = api.post("/api/proposals/", proposal_payload(need, offer=""), format="json")
    assert response.status_code == 400 and list(response.data) == ["offer"]
    response = as_user(api, personas.enterprise_admin).post(
        "/api/proposals/", proposal_payload(need), format="json"
    )
    assert response.status_code == 400 and list(response.data) == ["unit"]
    assert Proposal.objects.count() == 1


def test_a_proposal_to_a_closed_need_is_a_400_that_says_why(api, personas):
    need = make_need(personas.enterprise_admin)
    as_user(api, personas.enterprise_admin).post(f"/api/needs/{need.pk}/close/")
    response = as_user(api, personas.school_admin).post(
        "/api/proposals/", proposal_payload(need), format="json"
    )
    assert response.status_code == 400 and list(response.data) == ["need"]
    assert response.data["need"][0]
    assert not Proposal.objects.exists()


def test_proposals_are_seen_by_their_school_and_the_enterprise(api, personas):
    need = make_need(personas.enterprise_admin)
    mine = make_proposal(need, personas.school_admin)
    theirs = make_proposal(need, personas.outsider)
    url = f"/api/proposals/{mine.pk}/"
    ids = {
        row["id"] for row in as_user(api, personas.enterprise_staff).get("/api/proposals/").data["results"]
    }
    assert ids == {mine.pk, theirs.pk}
    ids = {row["id"] for row in as_user(api, personas.school_staff).get("/api/proposals/").data["results"]}
    assert ids == {mine.pk}
    assert as_user(api, personas.outsider).get(url).status_code == 404
    assert as_user(api, personas.teacher).get(url).status_code == 403
    assert as_user(api, personas.supervisor).get(url).status_code == 200
    assert as_user(api, personas.secretariat).post(f"{url}accept/").status_code == 403
    assert as_user(api, personas.school_admin).post(f"{url}accept/").status_code == 404
    assert as_user(api, personas.enterprise_admin).post(f"{url}withdraw/").status_code == 404
    assert api.patch(url, {"offer": "x"}, format="json").status_code == 405


def test_accepting_matches_the_need_once_and_the_match_becomes_a_draft(api, personas):
    need = make_need(personas.enterprise_admin, kind=NeedKind.TALENT, title="数控订单班")
    chosen = make_proposal(need, personas.school_admin)
    other = make_proposal(need, personas.outsider)
    draft_url = f"/api/needs/{need.pk}/draft-agreement/"
    api = as_user(api, personas.enterprise_admin)
    assert api.post(draft_url).status_code == 409  # nothing matched yet

    response = as_user(api, personas.enterprise_staff).post(f"/api/proposals/{chosen.pk}/accept/")
    assert response.status_code == 200 and response.data["status"] == ProposalStatus.ACCEPTED
    assert api.post(f"/api/proposals/{chosen.pk}/accept/").status_code == 409
    response = api.post(f"/api/proposals/{other.pk}/accept/")
    assert response.status_code == 409 and response.data["detail"]
    other.refresh_from_db()
    assert other.status == ProposalStatus.DECLINED
    assert api.get(f"/api/needs/{need.pk}/").data["status"] == NeedStatus.MATCHED

    assert api.post(draft_url).status_code == 403  # staff do not register agreements
    response = as_user(api, personas.enterprise_admin).post(draft_url)
    assert response.status_code == 201, response.data
    assert (response.data["kind"], response.data["status"]) == (AgreementKind.ORDER_CLASS, "draft")
    assert [(p["role"], p["unit"]) for p in response.data["parties"]] == [
        ("A", personas.enterprise.pk),
        ("B", personas.school.pk),
    ]
    assert api.post(draft_url).status_code == 409
    assert api.get(f"/api/needs/{need.pk}/").data["agreement"] == response.data["id"]


def test_a_school_withdraws_its_proposal(api, personas):
    need = make_need(personas.enterprise_admin)
    proposal = make_proposal(need, personas.school_admin)
    api = as_user(api, personas.school_staff)
    response = api.post(f"/api/proposals/{proposal.pk}/withdraw/")
    assert response.status_code == 200 and response.data["status"] == ProposalStatus.WITHDRAWN
    assert api.post(f"/api/proposals/{proposal.pk}/withdraw/").status_code == 409
    assert (
        as_user(api, personas.enterprise_admin).post(f"/api/proposals/{proposal.pk}/accept/").status_code
        == 409
    )


def test_the_api_root_and_schema_list_the_new_endpoints(api, client, personas):
    links = as_user(api, personas.secretariat).get("/api/").data
    assert {"agreements", "needs", "proposals"} <= set(links)
    schema = client.get("/api/schema/").content
    for path in (
        b"/api/agreements/{id}/record-paper-signing/",
        b"/api/agreements/{id}/documents/",
        b"/api/needs/{id}/draft-agreement/",
        b"/api/proposals/{id}/accept/",
    ):
        assert path in schema
