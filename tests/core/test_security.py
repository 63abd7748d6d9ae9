"""Login throttling, security headers, the deployment check, and bad input that must never
become a server error."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import credit_code

ROOT = Path(__file__).resolve().parents[2]


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def visible_text(response):
    # The CSRF token differs between responses; everything a person reads must not.
    page = response.content.decode()
    return [line for line in page.splitlines() if "csrfmiddlewaretoken" not in line]


def test_five_failures_lock_the_account_without_saying_whether_it_exists(client, personas):
    for _ in range(4):
        assert attempt(client, "sec", "wrong").status_code == 200
    assert attempt(client, "sec", "wrong").status_code == 429  # the fifth failure locks
    locked = attempt(client, "sec", "pass-for-tests-1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session

    other = type(client)()
    for _ in range(5):
        other.post(reverse("login"), {"username": "nobody-here", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    unknown = other.post(
        reverse("login"), {"username": "nobody-here", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
    )
    assert unknown.status_code == 429
    assert visible_text(unknown) == visible_text(locked)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client, personas):
    wrong_password = attempt(client, "sec", "wrong")
    unknown_user = attempt(client, "no-such-user", "wrong")
    assert wrong_password.context["form"].errors == unknown_user.context["form"].errors


def test_the_address_is_locked_too(client, personas):
    for name in ("a", "b", "c", "d", "e"):
        attempt(client, name, "wrong")
    assert attempt(client, "sec", "pass-for-tests-1").status_code == 429


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and "unsafe" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_deployment_check_passes_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-real-secret-" + "x7Hq9LmZ2pR4tV8wK1nB6cY3dF5gJ0sA" * 2,
        "ALLOWED_HOSTS": "portal.example.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deployment_check_fails_with_the_development_secret():
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "portal.example.cn"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr


def test_production_responses_are_secure(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert client.get("/").status_code == 301
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


NASTY = ["", "abc", "-1", "0", "99999999999999999999", "1e5", "'; drop table x;--", "\x00", "字" * 3000, "%"]

GET_URLS = [
    "/members/units/?page={v}",
    "/members/units/?per_page={v}",
    "/members/units/?sort={v}",
    "/members/units/?kind={v}&province={v}&industry={v}&committee={v}&status={v}&council_role={v}",
    "/members/units/?q={v}",
    "/members/directory/?page={v}&q={v}&industry={v}",
    "/members/majors/?category={v}&unit={v}",
    "/members/committees/?sort={v}",
    "/members/applications/?status={v}&page={v}",
    "/api/units/?page={v}&page_size={v}&ordering={v}",
    "/api/units/?kind={v}&industry={v}&committee={v}&q={v}",
    "/api/majors/?unit={v}&category={v}",
    "/api/applications/?status={v}",
]


@pytest.mark.parametrize("template", GET_URLS)
def test_query_strings_never_break_a_list(client, personas, template):
    client.force_login(personas.secretariat)
    for value in NASTY:
        response = client.get(template.format(v=value))
        assert response.status_code in {200, 400, 404}, (value, response.status_code)


@pytest.mark.parametrize(
    ("url", "body", "content_type"),
    [
        ("/api/units/", "{not json", "application/json"),
        ("/api/units/", '{"name_zh": ["x"], "credit_code": 5, "industries": "C"}', "application/json"),
        ("/api/units/", '{"industries": [{"a": 1}], "joined_on": "yesterday"}', "application/json"),
        ("/api/units/", "<xml/>", "application/xml"),
        (
            "/api/applications/",
            '{"kind": "spaceship", "province": "99", "contact_email": "@"}',
            "application/json",
        ),
        ("/api/applications/", "[1, 2, 3]", "application/json"),
        ("/api/units/1/suspend/", '{"reason": null}', "application/json"),
        ("/api/committees/", '{"members": ["x"], "chair_unit": "x"}', "application/json"),
        ("/api/majors/", '{"unit": 1, "code": "12345x"}', "application/json"),
    ],
)
def test_api_bodies_never_break_the_api(client, personas, url, body, content_type):
    client.force_login(personas.secretariat)
    response = client.post(url, body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.content


@pytest.mark.parametrize(
    "data",
    [
        {
            "credit_code": "\x00" * 18,
            "province": "zz",
            "kind": "x",
            "contact_email": "a@",
            "website": "ftp:x",
        },
        {"name_zh": "字" * 5000, "credit_code": credit_code(1) * 10, "industries": ["abc", "-1"]},
        {"contact_phone": "\u202e13912345678", "city": ""},
    ],
)
def test_forms_never_break(client, personas, data):
    assert client.post(reverse("members:apply"), data).status_code == 200
    client.force_login(personas.secretariat)
    assert client.post(reverse("members:unit_add"), data).status_code == 200
    assert client.post(reverse("members:unit_edit", args=[personas.school.pk]), data).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "xx-YY;q=abc, *;q=-1"},
        {"HTTP_ACCEPT": "application/x-nonsense"},
        {"HTTP_AUTHORIZATION": "Token"},
        {"HTTP_AUTHORIZATION": "Token a b c"},
        {"HTTP_AUTHORIZATION": "Basic !!!"},
        {"HTTP_X_FORWARDED_FOR": "not-an-ip"},
        {"HTTP_COOKIE": "sessionid=\x00; django_language=klingon"},
    ],
)
def test_odd_headers_never_break(client, personas, headers):
    for url in ("/", "/members/directory/", "/api/units/", "/api/"):
        assert client.get(url, **headers).status_code < 500
