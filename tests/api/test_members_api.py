"""The member API: token and session authentication, the pages' filters and rules, and workflow
errors as clear HTTP answers."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from members.choices import ApplicationStatus, UnitKind, UnitStatus
from members.models import MembershipApplication, MemberUnit, User
from tests.factories import credit_code, make_unit


@pytest.fixture
def api():
    return APIClient()


def unit_payload(**overrides):
    data = {
        "name_zh": "南通船舶职业技术学院",
        "name_en": "Nantong Shipping College",
        "kind": UnitKind.HIGHER_VOCATIONAL,
        "credit_code": credit_code(5150),
        "province": "32",
        "city": "南通市",
        "industries": ["C", "G"],
        "contact_name": "孙老师",
        "contact_phone": "0513-85001234",
        "contact_email": "sun@example.cn",
    }
    data.update(overrides)
    return data


def test_a_token_authenticates_api_requests(api, personas):
    response = api.post(
        "/api/auth/token/", {"username": "sec", "password": "pass-for-tests-1"}, format="json"
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    assert api.get("/api/units/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/units/").status_code == 401


def test_a_wrong_password_gets_no_token(api, personas):
    response = api.post("/api/auth/token/", {"username": "sec", "password": "wrong"}, format="json")
    assert response.status_code == 400 and "token" not in response.data


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=enterprise", {"苏州精工机械有限公司"}),
        ("q=Wuxi", {"无锡职业技术学院"}),
        ("q=精工", {"苏州精工机械有限公司"}),
        ("province=11", {"北京电子科技职业学院"}),
        ("status=suspended", {"北京电子科技职业学院"}),
        ("industry=I", {"北京电子科技职业学院"}),
    ],
)
def test_the_api_filters_like_the_page(api, client, personas, query, expected):
    make_unit(
        "北京电子科技职业学院", province="11", city="北京市", status=UnitStatus.SUSPENDED, industries=("I",)
    )
    api.force_authenticate(personas.secretariat)
    names = {row["name_zh"] for row in api.get(f"/api/units/?{query}").data["results"]}
    assert names == expected
    client.force_login(personas.secretariat)
    page = client.get(f"/members/units/?{query}")
    assert {unit.name_zh for unit in page.context["table"].data} == expected


def test_the_secretariat_creates_a_unit_and_a_bad_code_is_a_400_on_its_field(api, personas):
    api.force_authenticate(personas.secretariat)
    response = api.post("/api/units/", unit_payload(credit_code="91320500MA1XXXXX"), format="json")
    assert response.status_code == 400 and list(response.data) == ["credit_code"]
    response = api.post("/api/units/", unit_payload(), format="json")
    assert response.status_code == 201, response.data
    assert MemberUnit.objects.get(pk=response.data["id"]).industries.count() == 2


def test_a_unit_admin_patches_only_their_own_profile(api, personas):
    api.force_authenticate(personas.school_admin)
    response = api.patch(
        f"/api/units/{personas.school.pk}/", {"city": "昆山市", "kind": "enterprise"}, format="json"
    )
    assert response.status_code == 200
    personas.school.refresh_from_db()
    assert (personas.school.city, personas.school.kind) == ("昆山市", UnitKind.HIGHER_VOCATIONAL)
    response = api.patch(f"/api/units/{personas.other_school.pk}/", {"city": "x"}, format="json")
    assert response.status_code == 404


def test_status_changes_need_a_reason_and_refuse_a_wrong_transition(api, personas):
    api.force_authenticate(personas.secretariat)
    url = f"/api/units/{personas.enterprise.pk}"
    assert api.post(f"{url}/suspend/", {}, format="json").status_code == 400
    assert api.post(f"{url}/suspend/", {"reason": "未缴会费"}, format="json").data["status"] == "suspended"
    response = api.post(f"{url}/suspend/", {"reason": "again"}, format="json")
    assert response.status_code == 409 and response.data["detail"]
    assert api.post(f"{url}/reinstate/", {"reason": "已缴清"}, format="json").data["status"] == "active"


def test_application_through_the_api_then_approval(api, personas, django_capture_on_commit_callbacks):
    payload = unit_payload(kind=UnitKind.ENTERPRISE, contact_email="new@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/applications/", payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["status"] == ApplicationStatus.PENDING
    application = MembershipApplication.objects.get()

    mail.outbox.clear()
    api.force_authenticate(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/applications/{application.pk}/approve/")
    assert response.status_code == 201
    assert User.objects.get(email="new@example.cn").unit_id == response.data["id"]
    assert [m.to for m in mail.outbox] == [["new@example.cn"]]
    assert api.post(f"/api/applications/{application.pk}/approve/").status_code == 409


def test_an_application_with_an_existing_members_code_is_a_400(api, personas):
    response = api.post(
        "/api/applications/", unit_payload(credit_code=personas.school.credit_code), format="json"
    )
    assert response.status_code == 400 and "credit_code" in response.data


def test_the_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/units/{id}/suspend/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()
