"""The register's workflows as people use them in the browser: applying, approving, rejecting,
suspending, withdrawing and reinstating, and a unit administrator managing their people."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from members.choices import ApplicationStatus, UnitKind, UnitStatus
from members.models import Industry, MembershipApplication, MemberUnit, User
from portal.core.roles import Role
from tests.factories import credit_code, make_user

PASSWORD = "pass-for-tests-1"


def logs_in(client, username, password):
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def application_form(**overrides):
    data = {
        "name_zh": "常州数控设备有限公司",
        "name_en": "Changzhou CNC Equipment Co.",
        "kind": UnitKind.ENTERPRISE,
        "credit_code": credit_code(4242),
        "province": "32",
        "city": "常州市",
        "industries": [Industry.objects.get(code="C").pk],
        "contact_name": "周经理",
        "contact_phone": "13912345678",
        "contact_email": "zhou@example.cn",
        "motivation": "希望与成员院校共建订单班。",
    }
    data.update(overrides)
    return data


@pytest.fixture
def application(personas, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:apply"), application_form())
    assert response.status_code == 302, response.content
    return MembershipApplication.objects.get()


def test_visitor_application_waits_for_the_secretariat_and_both_sides_are_mailed(application):
    assert application.status == ApplicationStatus.PENDING
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"sec@example.cn", "zhou@example.cn"}


def test_application_form_with_a_wrong_code_keeps_what_was_typed(personas, client):
    code = credit_code(4242)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(reverse("members:apply"), application_form(credit_code=wrong))
    assert response.status_code == 200
    assert response.context["form"].has_error("credit_code", "check_digit")
    page = response.content.decode()
    assert "常州数控设备有限公司" in page and wrong in page
    assert not MembershipApplication.objects.exists()


def test_a_second_application_with_the_same_code_is_refused(application, client):
    response = client.post(reverse("members:apply"), application_form(contact_email="other@example.cn"))
    assert response.status_code == 200
    assert MembershipApplication.objects.count() == 1


def test_approval_creates_the_unit_and_invites_its_administrator(
    application, personas, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:application_approve", args=[application.pk]))
    unit = MemberUnit.objects.get(credit_code=application.credit_code)
    assert response.status_code == 302
    assert (unit.name_zh, unit.kind, unit.status) == (
        application.name_zh,
        UnitKind.ENTERPRISE,
        UnitStatus.ACTIVE,
    )
    assert list(unit.industries.values_list("code", flat=True)) == ["C"]
    admin = User.objects.get(unit=unit)
    assert admin.role == Role.UNIT_ADMIN and not admin.has_usable_password()
    application.refresh_from_db()
    assert (application.status, application.unit, application.decided_by) == (
        ApplicationStatus.APPROVED,
        unit,
        personas.secretariat,
    )

    # The invitation's link lets the new administrator choose a password and log in.
    [invitation] = mail.outbox
    assert invitation.to == ["zhou@example.cn"]
    link = re.search(r"https?://[^/\s]+(/\S+)", invitation.body).group(1)
    client.logout()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Zhou-chooses-2026", "new_password2": "Zhou-chooses-2026"}
    )
    assert response.status_code == 302
    assert logs_in(client, admin.username, "Zhou-chooses-2026")


def test_an_application_is_decided_only_once(application, personas, client):
    client.force_login(personas.secretariat)
    client.post(reverse("members:application_approve", args=[application.pk]))
    response = client.post(reverse("members:application_reject", args=[application.pk]), {"reason": "重复"})
    assert response.status_code == 200  # the form is shown again with the refusal
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert MemberUnit.objects.filter(credit_code=application.credit_code).count() == 1


def test_rejection_needs_a_reason_and_mails_it_to_the_applicant(
    application, personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas.secretariat)
    url = reverse("members:application_reject", args=[application.pk])
    assert client.post(url, {"reason": "  "}).status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "本年度名额已满，欢迎明年再申请。"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    [message] = mail.outbox
    assert message.to == ["zhou@example.cn"] and "本年度名额已满" in message.body
    assert not MemberUnit.objects.filter(credit_code=application.credit_code).exists()


@pytest.mark.parametrize(
    ("steps", "status", "left"),
    [
        (["suspend"], UnitStatus.SUSPENDED, False),
        (["withdraw"], UnitStatus.WITHDRAWN, True),
        (["suspend", "withdraw"], UnitStatus.WITHDRAWN, True),
        (["withdraw", "reinstate"], UnitStatus.ACTIVE, False),
        (["suspend", "reinstate"], UnitStatus.ACTIVE, False),
    ],
)
def test_status_changes_keep_their_reason_in_the_history(personas, client, steps, status, left):
    unit = personas.enterprise
    client.force_login(personas.secretariat)
    for step in steps:
        response = client.post(reverse(f"members:unit_{step}", args=[unit.pk]), {"reason": f"理由：{step}"})
        assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.status == status
    assert (unit.left_on is not None) == left
    latest = unit.history.first()
    assert (latest.history_change_reason, latest.history_user) == (f"理由：{steps[-1]}", personas.secretariat)
    page = client.get(unit.get_absolute_url()).content.decode()
    assert f"理由：{steps[-1]}" in page


@pytest.mark.parametrize(
    ("step", "status"), [("reinstate", UnitStatus.ACTIVE), ("suspend", UnitStatus.WITHDRAWN)]
)
def test_a_transition_that_does_not_apply_is_refused(personas, client, step, status):
    unit = personas.enterprise
    unit.status = status
    unit.save()
    client.force_login(personas.secretariat)
    response = client.post(reverse(f"members:unit_{step}", args=[unit.pk]), {"reason": "试一试"})
    assert response.status_code == 200
    unit.refresh_from_db()
    assert unit.status == status


def test_the_history_shows_who_changed_which_fields(personas, client):
    client.force_login(personas.school_admin)
    unit = personas.school
    form = client.get(reverse("members:unit_edit", args=[unit.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["industries"] = [i.pk for i in data["industries"]]
    data.update(city="昆山市", address="学府路 1 号")
    response = client.post(reverse("members:unit_edit", args=[unit.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    latest = unit.history.first()
    assert latest.history_user == personas.school_admin
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {"city", "address"}


def test_a_unit_admin_cannot_change_what_only_the_secretariat_may(personas, client):
    client.force_login(personas.school_admin)
    unit = personas.school
    form = client.get(reverse("members:unit_edit", args=[unit.pk])).context["form"]
    assert {"kind", "credit_code", "council_role", "status"}.isdisjoint(form.fields)


def test_a_unit_admin_adds_a_teacher_who_is_invited(personas, client, django_capture_on_commit_callbacks):
    client.force_login(personas.school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:person_add", args=[personas.school.pk]),
            {"name": "陈老师", "email": "chen@example.cn", "phone": "13800000001", "role": Role.TEACHER},
        )
    assert response.status_code == 302
    teacher = User.objects.get(email="chen@example.cn")
    assert (teacher.unit, teacher.role) == (personas.school, Role.TEACHER)
    assert [m.to for m in mail.outbox] == [["chen@example.cn"]]


def test_a_unit_admin_cannot_give_a_group_role(personas, client):
    client.force_login(personas.school_admin)
    response = client.post(
        reverse("members:person_add", args=[personas.school.pk]),
        {"name": "假秘书", "email": "fake@example.cn", "role": Role.SECRETARIAT},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="fake@example.cn").exists()


def person_form(person, **changes):
    data = {"name": person.name, "email": person.email, "phone": person.phone, "role": person.role}
    data.update(changes)
    if data.pop("is_active", person.is_active):
        data["is_active"] = "on"
    return data


def test_a_unit_keeps_an_active_administrator(personas, client):
    client.force_login(personas.secretariat)
    admin = personas.school_admin
    response = client.post(
        reverse("members:person_edit", args=[admin.pk]), person_form(admin, is_active=False)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    admin.refresh_from_db()
    assert admin.is_active

    # With a second administrator, the first may go.
    make_user("alice2", Role.UNIT_ADMIN, personas.school)
    response = client.post(
        reverse("members:person_edit", args=[admin.pk]), person_form(admin, is_active=False)
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert not admin.is_active


def test_nobody_deactivates_themselves(personas, client):
    make_user("alice2", Role.UNIT_ADMIN, personas.school)
    admin = personas.school_admin
    client.force_login(admin)
    response = client.post(
        reverse("members:person_edit", args=[admin.pk]), person_form(admin, is_active=False)
    )
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active


def test_a_unit_admin_changes_a_role_and_deactivates_a_teacher(personas, client):
    client.force_login(personas.school_admin)
    staff, teacher = personas.school_staff, personas.teacher
    client.post(reverse("members:person_edit", args=[staff.pk]), person_form(staff, role=Role.TEACHER))
    client.post(reverse("members:person_edit", args=[teacher.pk]), person_form(teacher, is_active=False))
    staff.refresh_from_db()
    teacher.refresh_from_db()
    assert staff.role == Role.TEACHER and not teacher.is_active
    client.logout()
    assert not logs_in(client, teacher.username, PASSWORD)


@pytest.mark.parametrize(
    ("name", "kwargs", "data"),
    [
        ("members:unit_edit", lambda p: {"pk": p.other_school.pk}, {"city": "无锡市"}),
        ("members:person_edit", lambda p: {"pk": p.enterprise_admin.pk}, {"name": "x", "role": Role.TEACHER}),
        (
            "members:person_add",
            lambda p: {"unit_pk": p.enterprise.pk},
            {"name": "x", "email": "x@example.cn"},
        ),
        ("members:major_add", lambda p: {"unit_pk": p.other_school.pk}, {"code": "510201", "name": "x"}),
    ],
)
def test_another_units_objects_do_not_exist_for_a_unit_admin(personas, client, name, kwargs, data):
    client.force_login(personas.school_admin)
    before = (MemberUnit.history.count(), User.objects.count())
    assert client.post(reverse(name, kwargs=kwargs(personas)), data).status_code == 404
    assert (MemberUnit.history.count(), User.objects.count()) == before


def test_teachers_and_staff_see_their_own_unit_page(personas, client):
    for person in (personas.teacher, personas.school_staff):
        client.force_login(person)
        page = client.get(reverse("members:unit_detail", args=[personas.school.pk])).content.decode()
        assert personas.school.name_zh in page
        assert client.get(reverse("members:unit_detail", args=[personas.other_school.pk])).status_code == 404
