"""The placement pages as people use them: enterprises post, edit, close and cancel offers;
teachers apply and withdraw; the school approves or declines; the enterprise accepts, rejects and
confirms completion; a slot freed by a withdrawal is offered from the waiting list. Each action is
tried by the right person and by the wrong ones, who are refused with nothing changed. Every list
runs a fixed number of queries."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import MajorCategory
from portal.core.roles import Role
from tests.factories import make_unit, make_user
from tests.training.placement_builders import (
    accepted,
    apply,
    approved,
    days_from_today,
    make_offer,
    make_running_offer,
    make_teacher,
)
from training.choices import ApplicationStatus, OfferStatus
from training.models import PlacementApplication, PlacementOffer
from training.services import placements as services
from training.views.placements import application_actions

TODAY = timezone.localdate()
A = ApplicationStatus


def completed(offer, teacher, school_admin, enterprise_person, days):
    application = accepted(offer, teacher, school_admin, enterprise_person)
    return services.complete_placement(application, enterprise_person, days, "认真负责，掌握了工艺编程。")


@pytest.fixture
def client(client):
    # The pages answer in the person's language; these tests read the English messages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_user(client, user):
    client.force_login(user)
    return client


def errors(response) -> str:
    """Every error message on the page's form, in one string to search."""
    form = response.context["form"]
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def url(name, obj):
    return reverse(f"training:{name}", args=[obj.pk])


def offer_form(**fields):
    starts_on = TODAY + timedelta(days=20)
    data = {
        "title": "智能产线运维教师实践岗",
        "description": "参与产线设备点检与故障排除。",
        "major_category": MajorCategory.objects.get(code="46").pk,
        "place": "苏州工业园区",
        "province": "32",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=59)).isoformat(),
        "slots": "3",
        "apply_by": (TODAY + timedelta(days=10)).isoformat(),
    }
    data.update(fields)
    return data


# Offers


def test_visitors_browse_open_offers_with_the_slots_left(personas, client):
    offer = make_offer(personas.enterprise_admin, slots=2)
    accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    closed = make_offer(personas.enterprise_admin, title="已关闭的岗位")
    services.close_offer(closed, personas.enterprise_admin)

    response = client.get(reverse("training:offer_list"))

    rows = list(response.context["table"].page.object_list)
    assert [row.record for row in rows] == [offer]
    page = response.content.decode()
    assert offer.title in page and "已关闭的岗位" not in page
    assert (rows[0].record.slots, rows[0].record.slots_held) == (2, 1)
    assert "Offer a placement" not in page
    detail = client.get(offer.get_absolute_url()).content.decode()
    assert "1 free of 2 (1 taken)" in detail
    assert "log in to apply" in detail and personas.teacher.name not in detail


def test_the_enterprise_sees_its_own_closed_offers_and_may_add(personas, client):
    closed = make_offer(personas.enterprise_admin, title="已关闭的岗位")
    services.close_offer(closed, personas.enterprise_admin)
    response = as_user(client, personas.enterprise_staff).get(reverse("training:offer_list"))
    assert [row.record for row in response.context["table"].page.object_list] == [closed]
    assert "Offer a placement" in response.content.decode()


def test_offers_filter_by_free_slots_and_category(personas, client):
    full = make_offer(personas.enterprise_admin, slots=1, title="已满岗位")
    accepted(full, personas.teacher, personas.school_admin, personas.enterprise_admin)
    free = make_offer(personas.enterprise_admin, title="仍有空位")
    other = make_offer(
        personas.enterprise_admin, title="电子信息岗", major_category=MajorCategory.objects.get(code="51")
    )

    def listed(query):
        response = client.get(reverse("training:offer_list") + query)
        return {row.record for row in response.context["table"].page.object_list}

    assert listed("?has_free_slots=true") == {free, other}
    assert listed("?has_free_slots=false") == {full}
    assert listed("?major_category=51") == {other}


def test_an_enterprise_posts_an_offer(personas, client):
    response = as_user(client, personas.enterprise_staff).post(reverse("training:offer_add"), offer_form())
    offer = PlacementOffer.objects.get()
    assert response.status_code == 302 and response.url == offer.get_absolute_url()
    assert (offer.unit, offer.posted_by, offer.status) == (
        personas.enterprise,
        personas.enterprise_staff,
        OfferStatus.OPEN,
    )
    assert offer.days == 60


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"ends_on": (TODAY + timedelta(days=5)).isoformat()},
            "ends_on",
            "must end on or after its first day",
        ),
        (
            {"apply_by": (TODAY + timedelta(days=25)).isoformat()},
            "apply_by",
            "must close by the first day",
        ),
        ({"apply_by": (TODAY - timedelta(days=1)).isoformat()}, "apply_by", "already passed"),
        ({"slots": "0"}, "slots", "greater than or equal to 1"),
    ],
)
def test_bad_dates_and_slots_are_shown_on_their_field(personas, client, fields, field, message):
    response = as_user(client, personas.enterprise_admin).post(
        reverse("training:offer_add"), offer_form(**fields)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "智能产线运维教师实践岗" in response.content.decode()  # what was typed stays
    assert not PlacementOffer.objects.exists()


@pytest.mark.parametrize("role", ["school_admin", "teacher", "supervisor"])
def test_schools_and_the_supervisor_cannot_post_offers(personas, client, role):
    response = as_user(client, getattr(personas, role)).post(reverse("training:offer_add"), offer_form())
    assert response.status_code == 403
    assert not PlacementOffer.objects.exists()


def test_the_secretariat_posts_for_an_enterprise_it_chooses(personas, client):
    response = as_user(client, personas.secretariat).post(
        reverse("training:offer_add"), offer_form(unit=personas.enterprise.pk)
    )
    assert response.status_code == 302
    assert PlacementOffer.objects.get().unit == personas.enterprise
    response = client.post(reverse("training:offer_add"), offer_form(unit=personas.school.pk))
    assert "unit" in response.context["form"].errors  # a school offers no placements
    assert PlacementOffer.objects.count() == 1


def test_the_enterprise_edits_its_offer_and_others_cannot(personas, client):
    offer = make_offer(personas.enterprise_admin)
    data = offer_form(
        title="改名后的岗位",
        starts_on=offer.starts_on.isoformat(),
        ends_on=offer.ends_on.isoformat(),
        apply_by=offer.apply_by.isoformat(),
    )
    assert as_user(client, personas.outsider).post(url("offer_edit", offer), data).status_code == 404
    assert as_user(client, personas.teacher).post(url("offer_edit", offer), data).status_code == 403
    offer.refresh_from_db()
    assert offer.title == "数控加工岗位实践"

    response = as_user(client, personas.enterprise_staff).post(url("offer_edit", offer), data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "改名后的岗位"


def test_fewer_slots_than_teachers_hold_is_refused_on_the_field(personas, client):
    offer = make_offer(personas.enterprise_admin, slots=2)
    accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    accepted(offer, make_teacher(personas.school, "张老师"), personas.school_admin, personas.enterprise_admin)
    data = offer_form(
        starts_on=offer.starts_on.isoformat(),
        ends_on=offer.ends_on.isoformat(),
        apply_by=offer.apply_by.isoformat(),
        slots="1",
    )
    response = as_user(client, personas.enterprise_admin).post(url("offer_edit", offer), data)
    assert response.status_code == 200
    assert "already taken" in " ".join(response.context["form"].errors["slots"])
    offer.refresh_from_db()
    assert (offer.slots, offer.title) == (2, "数控加工岗位实践")


def test_closing_an_offer_stops_applications(personas, client):
    offer = make_offer(personas.enterprise_admin)
    as_user(client, personas.teacher)
    assert client.get(offer.get_absolute_url()).context["apply_form"] is not None
    assert client.post(url("offer_close", offer)).status_code == 403  # not the teacher's to close

    response = as_user(client, personas.enterprise_staff).post(url("offer_close", offer))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED
    as_user(client, personas.teacher)
    response = client.post(url("offer_apply", offer), {"statement": "想参加"})
    assert response.status_code == 404  # a closed offer is no longer shown to teachers
    assert not PlacementApplication.objects.exists()


def test_cancelling_needs_a_reason_and_rejects_the_applications(personas, client):
    offer = make_offer(personas.enterprise_admin)
    application = approved(offer, personas.teacher, personas.school_admin)
    # Staff may close an offer, but calling it off is for the enterprise's administrator.
    assert as_user(client, personas.enterprise_staff).get(url("offer_cancel", offer)).status_code == 403

    as_user(client, personas.enterprise_admin)
    response = client.post(url("offer_cancel", offer), {"reason": ""})
    assert response.status_code == 200 and "required" in errors(response)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN

    response = client.post(url("offer_cancel", offer), {"reason": "设备检修，岗位暂停。"})
    assert response.status_code == 302
    offer.refresh_from_db()
    application.refresh_from_db()
    assert (offer.status, application.status) == (OfferStatus.CANCELLED, A.REJECTED)


# Applying


def test_a_teacher_applies_from_the_offer_page(personas, client):
    offer = make_offer(personas.enterprise_admin)
    as_user(client, personas.teacher)
    page = client.get(offer.get_absolute_url())
    assert page.context["actions"]["apply"] and "Apply for this placement" in page.content.decode()

    response = client.post(url("offer_apply", offer), {"statement": "希望学习五轴编程。"})

    application = PlacementApplication.objects.get()
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert (application.teacher, application.school, application.status) == (
        personas.teacher,
        personas.school,
        A.SUBMITTED,
    )
    page = client.get(offer.get_absolute_url())
    assert page.context["apply_form"] is None
    assert [a.pk for a in page.context["own_applications"]] == [application.pk]
    assert "Awaiting school approval" in page.content.decode()


def test_applying_twice_is_refused_on_the_form(personas, client):
    offer = make_offer(personas.enterprise_admin)
    apply(offer, personas.teacher)
    response = as_user(client, personas.teacher).post(url("offer_apply", offer), {"statement": "再申请一次"})
    assert response.status_code == 200
    assert "already applied" in errors(response)
    assert "再申请一次" in response.content.decode()
    assert PlacementApplication.objects.count() == 1


def test_applying_after_the_deadline_is_refused(personas, client):
    offer = make_offer(personas.enterprise_admin)
    PlacementOffer.objects.filter(pk=offer.pk).update(apply_by=TODAY - timedelta(days=1))
    as_user(client, personas.teacher)
    page = client.get(offer.get_absolute_url())
    assert page.context["apply_form"] is None and "Applications closed on" in page.content.decode()
    response = client.post(url("offer_apply", offer), {"statement": "迟到的申请"})
    assert response.status_code == 200 and "closed on" in errors(response)
    assert not PlacementApplication.objects.exists()


def test_an_empty_statement_is_refused(personas, client):
    offer = make_offer(personas.enterprise_admin)
    response = as_user(client, personas.teacher).post(url("offer_apply", offer), {"statement": "  "})
    assert response.status_code == 200 and "statement" in response.context["form"].errors
    assert not PlacementApplication.objects.exists()


@pytest.mark.parametrize("role", ["school_admin", "school_staff", "enterprise_admin", "secretariat"])
def test_only_teachers_apply(personas, client, role):
    offer = make_offer(personas.enterprise_admin)
    response = as_user(client, getattr(personas, role)).post(
        url("offer_apply", offer), {"statement": "我也想去"}
    )
    assert response.status_code == 403
    assert not PlacementApplication.objects.exists()


# The school's decision


def test_the_school_admin_approves_and_the_enterprise_then_sees_it(personas, client):
    offer = make_offer(personas.enterprise_admin)
    application = apply(offer, personas.teacher)
    # Before the school approves, the enterprise does not see the application.
    assert as_user(client, personas.enterprise_admin).get(application.get_absolute_url()).status_code == 404

    as_user(client, personas.school_admin)
    page = client.get(application.get_absolute_url())
    assert page.context["object"].actions["approve"] and page.context["object"].actions["decline"]
    response = client.post(url("application_approve", application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.school_decided_by) == (A.APPROVED, personas.school_admin)

    page = as_user(client, personas.enterprise_admin).get(application.get_absolute_url())
    assert page.status_code == 200 and page.context["object"].actions["accept"]


@pytest.mark.parametrize(("role", "status"), [("school_staff", 403), ("teacher", 403), ("outsider", 404)])
def test_others_cannot_approve(personas, client, role, status):
    application = apply(make_offer(personas.enterprise_admin), personas.teacher)
    assert (
        as_user(client, getattr(personas, role)).post(url("application_approve", application)).status_code
        == status
    )
    application.refresh_from_db()
    assert application.status == A.SUBMITTED


def test_the_school_declines_with_a_reason(personas, client):
    application = apply(make_offer(personas.enterprise_admin), personas.teacher)
    as_user(client, personas.school_admin)
    response = client.post(url("application_decline", application), {"reason": ""})
    assert response.status_code == 200 and "required" in errors(response)
    application.refresh_from_db()
    assert application.status == A.SUBMITTED

    client.post(url("application_decline", application), {"reason": "本学期教学任务重。"})
    application.refresh_from_db()
    assert (application.status, application.decision_note) == (A.SCHOOL_DECLINED, "本学期教学任务重。")
    page = as_user(client, personas.teacher).get(application.get_absolute_url()).content.decode()
    assert "Declined by the school" in page and "本学期教学任务重。" in page


def test_approving_twice_is_refused_on_the_form(personas, client):
    application = approved(make_offer(personas.enterprise_admin), personas.teacher, personas.school_admin)
    response = as_user(client, personas.school_admin).post(url("application_approve", application))
    assert response.status_code == 200 and "status" in errors(response)


# The enterprise's decision


def test_the_enterprise_accepts_and_the_full_offer_refuses_the_next(personas, client):
    offer = make_offer(personas.enterprise_admin, slots=1)
    first = approved(offer, personas.teacher, personas.school_admin)
    second = approved(offer, make_teacher(personas.school, "张老师"), personas.school_admin)
    as_user(client, personas.enterprise_staff)

    response = client.post(url("application_accept", first))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    # Taking the last slot puts the other approved teacher on the waiting list.
    assert (first.status, second.status) == (A.ACCEPTED, A.WAITLISTED)
    page = client.get(offer.get_absolute_url())
    assert "0 free of 1 (1 taken)" in page.content.decode()
    assert "Number 1 on the waiting list" in page.content.decode()


def test_accepting_when_the_slots_are_taken_is_refused_on_the_form(personas, client):
    offer = make_offer(personas.enterprise_admin, slots=1)
    application = approved(offer, personas.teacher, personas.school_admin)
    PlacementOffer.objects.filter(pk=offer.pk).update(slots=2)
    accepted(offer, make_teacher(personas.school, "张老师"), personas.school_admin, personas.enterprise_admin)
    PlacementOffer.objects.filter(pk=offer.pk).update(slots=1)
    response = as_user(client, personas.enterprise_admin).post(url("application_accept", application))
    assert response.status_code == 200 and "taken" in errors(response)
    application.refresh_from_db()
    assert application.status == A.APPROVED


def test_accepting_a_withdrawn_application_is_refused(personas, client):
    application = approved(make_offer(personas.enterprise_admin), personas.teacher, personas.school_admin)
    services.withdraw_application(application, personas.teacher)
    response = as_user(client, personas.enterprise_admin).post(url("application_accept", application))
    assert response.status_code == 200 and "Withdrawn" in errors(response)
    application.refresh_from_db()
    assert application.status == A.WITHDRAWN


@pytest.mark.parametrize(("role", "status"), [("school_admin", 404), ("teacher", 403), ("outsider", 404)])
def test_others_cannot_accept(personas, client, role, status):
    application = approved(make_offer(personas.enterprise_admin), personas.teacher, personas.school_admin)
    assert (
        as_user(client, getattr(personas, role)).post(url("application_accept", application)).status_code
        == status
    )
    application.refresh_from_db()
    assert application.status == A.APPROVED


def test_a_rejected_teacher_may_apply_again(personas, client):
    offer = make_offer(personas.enterprise_admin)
    application = approved(offer, personas.teacher, personas.school_admin)
    as_user(client, personas.enterprise_admin)
    response = client.post(url("application_reject", application), {"reason": ""})
    assert response.status_code == 200 and "required" in errors(response)
    client.post(url("application_reject", application), {"reason": "本期需要有电工证的老师。"})
    application.refresh_from_db()
    assert application.status == A.REJECTED

    as_user(client, personas.teacher)
    assert client.get(offer.get_absolute_url()).context["actions"]["apply"]
    response = client.post(url("offer_apply", offer), {"statement": "已取得电工证，再次申请。"})
    assert response.status_code == 302
    assert PlacementApplication.objects.filter(teacher=personas.teacher).count() == 2


# Withdrawing and the waiting list


def test_a_withdrawal_offers_the_slot_to_the_first_on_the_waiting_list(personas, client):
    offer = make_offer(personas.enterprise_admin, slots=1)
    holder = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    second = make_teacher(personas.school, "张老师")
    waiting = approved(offer, second, personas.school_admin)
    assert waiting.status == A.WAITLISTED

    # Only the teacher who applied withdraws.
    assert as_user(client, personas.school_admin).post(url("application_withdraw", holder)).status_code == 403
    assert as_user(client, second).post(url("application_withdraw", holder)).status_code == 404
    response = as_user(client, personas.teacher).post(url("application_withdraw", holder))
    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == (A.WITHDRAWN, A.OFFERED)

    as_user(client, second)
    page = client.get(waiting.get_absolute_url())
    assert page.context["object"].actions["confirm_slot"] and "held until" in page.content.decode()
    form_page = client.get(url("application_confirm_slot", waiting))
    assert "The slot is held until" in form_page.content.decode()
    response = client.post(url("application_confirm_slot", waiting))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == A.ACCEPTED


def test_declining_an_offered_slot_passes_it_on(personas, client):
    offer = make_offer(personas.enterprise_admin, slots=1)
    holder = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    second, third = make_teacher(personas.school, "张老师"), make_teacher(personas.school, "李老师")
    offered = approved(offer, second, personas.school_admin)
    next_in_line = approved(offer, third, personas.school_admin)
    services.withdraw_application(holder, personas.teacher)

    # The enterprise cannot answer for the teacher.
    assert (
        as_user(client, personas.enterprise_admin).post(url("application_decline_slot", offered)).status_code
        == 403
    )
    response = as_user(client, second).post(url("application_decline_slot", offered))
    assert response.status_code == 302
    offered.refresh_from_db()
    next_in_line.refresh_from_db()
    assert (offered.status, next_in_line.status) == (A.WITHDRAWN, A.OFFERED)


def test_a_lapsed_slot_offer_cannot_be_confirmed(personas, client):
    offer = make_offer(personas.enterprise_admin, slots=1)
    holder = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    second = make_teacher(personas.school, "张老师")
    offered = approved(offer, second, personas.school_admin)
    services.withdraw_application(holder, personas.teacher)
    PlacementApplication.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - timedelta(hours=1)
    )
    response = as_user(client, second).post(url("application_confirm_slot", offered))
    assert response.status_code == 200 and "has passed" in errors(response)
    offered.refresh_from_db()
    assert offered.status == A.OFFERED


# Completion


def test_completion_waits_for_the_start_and_checks_the_days(personas, client):
    offer = make_offer(personas.enterprise_admin, starts_in=0, length=20)
    application = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    as_user(client, personas.enterprise_staff)
    page = client.get(url("application_complete", application))
    assert page.context["form"]["days_completed"].value() == 20

    response = client.post(
        url("application_complete", application), {"days_completed": "21", "evaluation": "好"}
    )
    assert response.status_code == 200 and "from 1 to 20" in errors(response)
    response = client.post(
        url("application_complete", application), {"days_completed": "18", "evaluation": ""}
    )
    assert response.status_code == 200 and "evaluation" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == A.ACCEPTED

    response = client.post(
        url("application_complete", application),
        {"days_completed": "18", "evaluation": "工作认真，进步明显。"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.days_completed, application.completed_by) == (
        A.COMPLETED,
        18,
        personas.enterprise_staff,
    )
    page = as_user(client, personas.teacher).get(application.get_absolute_url()).content.decode()
    assert "工作认真，进步明显。" in page


def test_completion_before_the_start_is_refused(personas, client):
    offer = make_offer(personas.enterprise_admin, starts_in=10)
    application = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    response = as_user(client, personas.enterprise_admin).post(
        url("application_complete", application), {"days_completed": "5", "evaluation": "提前确认"}
    )
    assert response.status_code == 200 and "not started" in errors(response)
    application.refresh_from_db()
    assert application.status == A.ACCEPTED


@pytest.mark.parametrize(("role", "status"), [("teacher", 403), ("school_admin", 404), ("outsider", 404)])
def test_only_the_enterprise_confirms_completion(personas, client, role, status):
    offer = make_offer(personas.enterprise_admin, starts_in=0)
    application = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    response = as_user(client, getattr(personas, role)).post(
        url("application_complete", application), {"days_completed": "5", "evaluation": "自评"}
    )
    assert response.status_code == status
    application.refresh_from_db()
    assert application.status == A.ACCEPTED


# Who sees which applications


def test_the_application_list_is_scoped_to_the_person(personas, client):
    offer = make_offer(personas.enterprise_admin)
    own = apply(offer, personas.teacher)
    colleague = approved(offer, make_teacher(personas.school, "张老师"), personas.school_admin)
    elsewhere = apply(offer, make_teacher(personas.other_school, "王老师"))

    def listed(user):
        response = as_user(client, user).get(reverse("training:application_list"))
        return {row.record for row in response.context["table"].page.object_list}

    assert listed(personas.teacher) == {own}
    assert listed(personas.school_admin) == {own, colleague}
    assert listed(personas.outsider) == {elsewhere}
    assert listed(personas.enterprise_admin) == {colleague}  # approved by the school only
    assert listed(personas.supervisor) == {own, colleague, elsewhere}
    assert as_user(client, personas.teacher).get(colleague.get_absolute_url()).status_code == 404


def test_buttons_follow_the_state_and_the_person(personas, client):
    offer = make_offer(personas.enterprise_admin)
    application = apply(offer, personas.teacher)
    shown = {
        role: {
            name
            for name, allowed in as_user(client, getattr(personas, role))
            .get(application.get_absolute_url())
            .context["object"]
            .actions.items()
            if allowed
        }
        for role in ("teacher", "school_admin", "school_staff", "supervisor")
    }
    assert shown == {
        "teacher": {"withdraw"},
        "school_admin": {"approve", "decline"},
        "school_staff": set(),
        "supervisor": set(),
    }


# Query counts


def add_offers(personas, n):
    for i in range(n):
        offer = make_offer(personas.enterprise_admin, title=f"实践岗位{i}", unit=personas.enterprise)
        if i % 3 == 0:
            apply(offer, personas.teacher)


def add_applications(personas, n):
    offer = make_offer(personas.enterprise_admin, slots=n)
    for i in range(n):
        teacher = make_teacher(personas.school, f"教师{PlacementApplication.objects.count()}-{i}")
        application = approved(offer, teacher, personas.school_admin)
        if i % 2:
            services.accept_application(application, personas.enterprise_admin)


def add_own_applications(personas, n):
    for i in range(n):
        offer = make_offer(personas.enterprise_admin, title=f"实践岗位{i}")
        application = apply(offer, personas.teacher)
        if i % 2:
            services.approve_application(application, personas.school_admin)


#  url, who looks (None: a visitor), how rows are added, queries
CASES = [
    # count, major categories and enterprises for the filter form, page with its slots held
    ("/training/placements/?per_page=100", None, add_offers, 4),
    # session, user, the person's unit for the menu, bell, count, categories, enterprises, page
    ("/training/placements/?per_page=100", "teacher", add_offers, 8),
    ("/training/placements/?per_page=100", "enterprise_admin", add_offers, 8),
    # session, user, bell, count, categories, enterprises, page
    ("/training/placements/?per_page=100", "secretariat", add_offers, 7),
    # session, user, unit, bell, count, offers for the filter, page with offer, teacher and school
    ("/training/applications/?per_page=100", "teacher", add_own_applications, 7),
    # the same and the schools for the filter
    ("/training/applications/?per_page=100", "school_admin", add_applications, 8),
    ("/training/applications/?per_page=100", "enterprise_admin", add_applications, 8),
    # session, user, bell, count, offers and schools for the filter, page
    ("/training/applications/?per_page=100", "secretariat", add_applications, 7),
]


@pytest.mark.parametrize(
    ("path", "role", "add_rows", "expected"), CASES, ids=[f"{c[0]} as {c[1] or 'visitor'}" for c in CASES]
)
def test_list_runs_a_fixed_number_of_queries(client, personas, path, role, add_rows, expected):
    if role:
        client.force_login(getattr(personas, role))
    counts = []
    for rows in (3, 30):
        add_rows(personas, rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert len(response.context["table"].page.object_list) > 0
        counts.append(len(queries))
        assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)
    assert counts[0] == counts[1]


def test_another_enterprise_cannot_see_the_applications(personas, client):
    other = make_unit("无锡重工有限公司", kind="enterprise")
    stranger = make_user("sam", Role.UNIT_ADMIN, other)
    application = approved(make_offer(personas.enterprise_admin), personas.teacher, personas.school_admin)
    as_user(client, stranger)
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.post(url("application_accept", application)).status_code == 404
    assert (
        not as_user(client, stranger)
        .get(reverse("training:application_list"))
        .context["table"]
        .page.object_list
    )


@pytest.mark.parametrize(
    ("action", "role", "status"),
    [
        ("application_reject", "teacher", 403),
        ("application_reject", "school_admin", 404),  # the school decides before, not after
        ("application_reject", "supervisor", 403),
        ("application_decline", "enterprise_admin", 404),  # approving is the school's
        ("application_decline", "school_staff", 403),
        ("application_confirm_slot", "school_admin", 403),
        ("application_confirm_slot", "enterprise_admin", 403),
        ("application_withdraw", "enterprise_admin", 403),
        ("application_withdraw", "secretariat", 403),
    ],
)
def test_the_wrong_people_change_nothing(personas, client, action, role, status):
    application = approved(make_offer(personas.enterprise_admin), personas.teacher, personas.school_admin)
    response = as_user(client, getattr(personas, role)).post(url(action, application), {"reason": "不合适"})
    assert response.status_code == status
    application.refresh_from_db()
    assert application.status == A.APPROVED


def test_withdrawing_after_the_placement_ended_is_refused_on_the_form(personas, client):
    offer = make_offer(personas.enterprise_admin, starts_in=0, length=5)
    application = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    PlacementOffer.objects.filter(pk=offer.pk).update(
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY - timedelta(days=6),
        apply_by=TODAY - timedelta(days=10),
    )
    response = as_user(client, personas.teacher).post(url("application_withdraw", application))
    assert response.status_code == 200 and "has ended" in errors(response)
    application.refresh_from_db()
    assert application.status == A.ACCEPTED


def test_the_pages_speak_chinese(personas, client):
    offer = make_offer(personas.enterprise_admin)
    application = apply(offer, personas.teacher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    as_user(client, personas.teacher)
    for path in (
        reverse("training:offer_list"),
        offer.get_absolute_url(),
        reverse("training:application_list"),
        application.get_absolute_url(),
        url("application_withdraw", application),
        reverse("training:practice_mine"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'lang="zh-hans"' in response.content.decode(), path


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (None, {"offer_list"}),
        ("teacher", {"offer_list", "application_list", "practice_mine"}),
        ("school_admin", {"offer_list", "application_list", "practice_teachers"}),
        ("school_staff", {"offer_list", "application_list"}),
        ("enterprise_admin", {"offer_list", "application_list"}),  # an enterprise has no teachers
        ("supervisor", {"offer_list", "application_list", "practice_schools"}),
    ],
)
def test_the_menu_offers_each_person_their_pages(personas, client, role, links):
    if role:
        as_user(client, getattr(personas, role))
    page = client.get(reverse("members:directory")).content.decode()
    names = ("offer_list", "application_list", "practice_mine", "practice_teachers", "practice_schools")
    shown = {name for name in names if f'href="{reverse(f"training:{name}")}"' in page}
    assert shown == links


def test_the_buttons_follow_the_placements_dates(personas):
    """Withdrawing ends with the placement and completion begins with it, as the services rule."""
    upcoming = accepted(
        make_offer(personas.enterprise_admin),
        personas.teacher,
        personas.school_admin,
        personas.enterprise_admin,
    )
    assert application_actions(personas.teacher, upcoming)["withdraw"]
    assert not application_actions(personas.enterprise_admin, upcoming)["complete"]
    running = make_running_offer(personas.enterprise_admin, title="进行中的实践")
    ongoing = accepted(
        running, make_teacher(personas.school, "zhao"), personas.school_admin, personas.enterprise_admin
    )
    assert application_actions(personas.enterprise_admin, ongoing)["complete"]
    PlacementOffer.objects.filter(pk=running.pk).update(
        starts_on=days_from_today(-30), ends_on=days_from_today(-1)
    )
    ongoing.refresh_from_db()
    assert not application_actions(ongoing.teacher, ongoing)["withdraw"]
