"""Personas built once for every test: who is who in a small group.

- ``secretariat`` and ``supervisor`` of the group;
- ``school``: a higher vocational college with its ``school_admin``, ``school_staff`` and ``teacher``;
- ``enterprise``: an enterprise with ``enterprise_admin`` and ``enterprise_staff``;
- ``outsider``: the administrator of yet another school, who must never see the first school's
  private data.
"""

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps

from members.choices import UnitKind
from members.models import Industry, MemberUnit, User
from portal.celery import app as celery_app
from portal.core.roles import Role
from tests.factories import make_unit, make_user


@dataclass
class Personas:
    school: MemberUnit
    enterprise: MemberUnit
    other_school: MemberUnit
    secretariat: User
    supervisor: User
    school_admin: User
    school_staff: User
    teacher: User
    enterprise_admin: User
    enterprise_staff: User
    outsider: User


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Tests talk plain HTTP to the test client and the live server.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # A deliberately slow hash is the point in production and only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_in_process(monkeypatch):
    # Unit tests run tasks where they are queued, even when REDIS_URL names a real broker; the
    # integration tests start real workers.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live server, threads) empty every table when they end, including the
    industries and major categories a migration loaded: the next one loads them again."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        if not Industry.objects.exists():
            importlib.import_module("members.migrations.0002_reference_data").load(django_apps, None)


@pytest.fixture
def personas(db) -> Personas:
    return build_personas()


def build_personas() -> Personas:
    school = make_unit(
        "苏州工业职业技术学院", UnitKind.HIGHER_VOCATIONAL, name_en="Suzhou Industrial Polytechnic"
    )
    enterprise = make_unit(
        "苏州精工机械有限公司", UnitKind.ENTERPRISE, name_en="Suzhou Precision Machinery Co."
    )
    other_school = make_unit("无锡职业技术学院", UnitKind.HIGHER_VOCATIONAL, name_en="Wuxi Polytechnic")
    return Personas(
        school=school,
        enterprise=enterprise,
        other_school=other_school,
        secretariat=make_user("sec", Role.SECRETARIAT),
        supervisor=make_user("sup", Role.SUPERVISOR),
        school_admin=make_user("alice", Role.UNIT_ADMIN, school),
        school_staff=make_user("bob", Role.UNIT_STAFF, school),
        teacher=make_user("tina", Role.TEACHER, school),
        enterprise_admin=make_user("erin", Role.UNIT_ADMIN, enterprise),
        enterprise_staff=make_user("eric", Role.UNIT_STAFF, enterprise),
        outsider=make_user("oscar", Role.UNIT_ADMIN, other_school),
    )


def fresh_personas(personas: Personas) -> Personas:
    """The same people and units read again from the database, for tests that share personas
    built once: logging someone in changes the object it is given."""
    users = User.objects.in_bulk(
        [
            getattr(personas, f).pk
            for f in Personas.__dataclass_fields__
            if isinstance(getattr(personas, f), User)
        ]
    )
    units = MemberUnit.objects.in_bulk([personas.school.pk, personas.enterprise.pk, personas.other_school.pk])
    return Personas(
        **{
            field: (users if isinstance(value, User) else units)[value.pk]
            for field in Personas.__dataclass_fields__
            for value in [getattr(personas, field)]
        }
    )
