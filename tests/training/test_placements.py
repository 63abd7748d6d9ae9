"""The enterprise-practice workflow, called as pages, the API and the beat call it: offers, the
school's approval, the enterprise's decision, the waiting list and its slot offers, completion,
who sees what, and the practice days against the five-year requirement."""

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from members import demo as members_demo
from members.choices import UnitKind
from members.models import User
from portal.core.models import Notification
from portal.core.roles import Role
from portal.core.workflow import InvalidInput, WorkflowError
from tests.factories import make_unit, make_user
from tests.training.placement_builders import (
    accepted,
    apply,
    approved,
    days_from_today,
    make_offer,
    make_past_placement,
    make_running_offer,
    make_teacher,
)
from training import tasks
from training.choices import ApplicationStatus, OfferStatus
from training.demo import placements as demo
from training.filtersets.placements import PlacementOfferFilterSet
from training.models import PlacementApplication, PlacementOffer
from training.querysets.placements import (
    practice_days,
    practice_window_start,
    schools_by_practice,
    teachers_by_practice,
)
from training.services import placements as services

A = ApplicationStatus


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def offer(personas):
    return make_offer(personas.enterprise_admin, slots=2)


@pytest.fixture
def teachers(personas):
    """Five more teachers of the first school."""
    return [make_teacher(personas.school, f"t{i}") for i in range(5)]


def notified(**filters):
    return sorted(n.recipient.username for n in Notification.objects.filter(**filters))


def fresh(application):
    application.refresh_from_db()
    return application


# Offers


def test_an_enterprise_posts_an_open_offer(personas):
    offer = make_offer(personas.enterprise_staff, slots=4)
    assert offer.status == OfferStatus.OPEN
    assert offer.posted_by == personas.enterprise_staff
    assert offer.history.count() == 1


def test_a_school_cannot_post_an_offer(personas):
    with pytest.raises(InvalidInput) as error:
        make_offer(personas.school_admin)
    assert error.value.errors == {"unit": ["Placements are offered by active member enterprises."]}
    assert not PlacementOffer.objects.exists()


def test_an_offer_cannot_close_applications_in_the_past_or_after_it_starts(personas):
    with pytest.raises(InvalidInput) as error:
        make_offer(personas.enterprise_admin, apply_by=days_from_today(-1))
    assert error.value.errors == {"apply_by": ["The last day to apply has already passed."]}
    with pytest.raises(InvalidInput) as error:
        make_offer(personas.enterprise_admin, starts_in=5, apply_by=days_from_today(6))
    assert "apply_by" in error.value.errors
    assert not PlacementOffer.objects.exists()


def test_an_offer_keeps_its_dates_and_enough_slots_once_teachers_hold_them(personas, offer, teachers):
    accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    offer.refresh_from_db()
    offer.starts_on += timedelta(days=1)
    with pytest.raises(InvalidInput) as error:
        services.update_offer(offer, personas.enterprise_admin)
    assert list(error.value.errors) == ["starts_on"]
    accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    offer.refresh_from_db()
    offer.slots = 1
    with pytest.raises(InvalidInput) as error:
        services.check_offer(offer)
    assert error.value.errors == {"slots": ["2 slots are already taken; the offer cannot have fewer."]}
    with pytest.raises(InvalidInput):
        services.update_offer(offer, personas.enterprise_admin)
    offer.refresh_from_db()
    offer.title = "数控加工与装配岗位实践"
    services.update_offer(offer, personas.enterprise_admin)
    assert PlacementOffer.objects.get(pk=offer.pk).title == "数控加工与装配岗位实践"


def test_a_cancelled_offer_cannot_be_changed(personas, offer):
    services.cancel_offer(offer, personas.enterprise_admin, "取消")
    offer.refresh_from_db()
    offer.title = "改个名"
    with pytest.raises(WorkflowError):
        services.update_offer(offer, personas.enterprise_admin)


def test_slots_added_to_a_full_offer_go_to_the_waiting_list_at_once(personas, offer, teachers):
    for teacher in teachers[:2]:
        accepted(offer, teacher, personas.school_admin, personas.enterprise_admin)
    waiting = approved(offer, teachers[2], personas.school_admin)
    assert waiting.status == A.WAITLISTED
    offer.refresh_from_db()
    offer.slots = 3
    services.update_offer(offer, personas.enterprise_admin)
    assert fresh(waiting).status == A.OFFERED
    assert waiting.offer_expires_at is not None


def test_a_closed_offer_takes_no_applications_but_goes_on(personas, offer):
    application = approved(offer, personas.teacher, personas.school_admin)
    services.close_offer(offer, personas.enterprise_admin)
    with pytest.raises(InvalidInput) as error:
        apply(offer, make_teacher(personas.school, "late"))
    assert error.value.errors == {"offer": ["This placement no longer takes applications."]}
    assert services.accept_application(application, personas.enterprise_admin).status == A.ACCEPTED
    with pytest.raises(WorkflowError):
        services.close_offer(offer, personas.enterprise_admin)


def test_cancelling_an_offer_rejects_the_applications_in_play_and_tells_the_teachers(
    personas, offer, teachers
):
    taken = accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    waiting = apply(offer, teachers[1])
    declined = services.decline_application(apply(offer, teachers[2]), personas.school_admin, "课务冲突")
    with pytest.raises(InvalidInput) as error:
        services.cancel_offer(offer, personas.enterprise_admin, " ")
    assert list(error.value.errors) == ["reason"]
    Notification.objects.all().delete()
    services.cancel_offer(offer, personas.enterprise_admin, "车间改造，暂停接收")
    assert PlacementOffer.objects.get(pk=offer.pk).status == OfferStatus.CANCELLED
    assert fresh(taken).status == A.REJECTED and taken.decision_note == "车间改造，暂停接收"
    assert fresh(waiting).status == A.REJECTED
    assert fresh(declined).status == A.SCHOOL_DECLINED
    assert notified() == ["alice", "alice", "t0", "t1"]


# Applying


def test_a_teacher_applies_and_the_school_admins_are_told(
    personas, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(offer, personas.teacher)
    assert application.status == A.SUBMITTED
    assert application.school == personas.school
    assert notified() == ["alice"]
    note = Notification.objects.get()
    assert note.title == f"tina applied for the placement “{offer.title}”"
    assert note.url == application.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["alice@example.cn"]]
    assert offer.title in mail.outbox[0].subject


def test_applying_twice_is_refused(personas, offer):
    apply(offer, personas.teacher)
    with pytest.raises(InvalidInput) as error:
        apply(offer, personas.teacher)
    assert error.value.errors == {"offer": ["You have already applied for this placement."]}
    assert PlacementApplication.objects.count() == 1


def test_applying_past_the_deadline_is_refused(personas, offer):
    PlacementOffer.objects.filter(pk=offer.pk).update(apply_by=days_from_today(-1))
    with pytest.raises(InvalidInput) as error:
        apply(offer, personas.teacher)
    assert list(error.value.errors) == ["offer"]
    assert error.value.message.startswith("Applications for this placement closed on ")
    assert not PlacementApplication.objects.exists()


def test_applying_on_the_last_day_is_fine(personas):
    offer = make_offer(personas.enterprise_admin, apply_within=0)
    assert apply(offer, personas.teacher).status == A.SUBMITTED


@pytest.mark.parametrize("who", ["school_admin", "school_staff", "enterprise_staff", "secretariat"])
def test_only_teachers_apply(personas, offer, who):
    with pytest.raises(InvalidInput) as error:
        apply(offer, getattr(personas, who))
    assert error.value.message == "Only a member school's teachers can apply for a placement."
    assert not PlacementApplication.objects.exists()


def test_an_application_needs_a_statement(personas, offer):
    with pytest.raises(InvalidInput) as error:
        apply(offer, personas.teacher, "   ")
    assert list(error.value.errors) == ["statement"]


def test_a_teacher_rejected_or_withdrawn_may_apply_again(personas, offer):
    first = approved(offer, personas.teacher, personas.school_admin)
    services.reject_application(first, personas.enterprise_admin, "本期名额已定向安排")
    second = apply(offer, personas.teacher)
    services.withdraw_application(second, personas.teacher)
    third = apply(offer, personas.teacher)
    assert [a.status for a in PlacementApplication.objects.order_by("pk")] == [
        A.REJECTED,
        A.WITHDRAWN,
        A.SUBMITTED,
    ]
    assert third.pk != second.pk


# The school decides


def test_the_school_approves_and_the_teacher_and_the_enterprise_are_told(
    personas, offer, django_capture_on_commit_callbacks
):
    application = apply(offer, personas.teacher)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_application(application, personas.school_admin)
    application = fresh(application)
    assert application.status == A.APPROVED
    assert application.school_decided_by == personas.school_admin
    assert notified() == ["eric", "erin", "tina"]
    assert sorted(m.to[0] for m in mail.outbox) == ["eric@example.cn", "erin@example.cn", "tina@example.cn"]


def test_another_schools_admin_does_not_even_see_the_application(personas, offer):
    application = apply(offer, personas.teacher)
    assert not PlacementApplication.objects.visible_to(personas.outsider).filter(pk=application.pk).exists()
    assert PlacementApplication.objects.visible_to(personas.school_admin).filter(pk=application.pk).exists()


def test_the_school_declines_with_a_reason(personas, offer):
    application = apply(offer, personas.teacher)
    with pytest.raises(InvalidInput) as error:
        services.decline_application(application, personas.school_admin, "")
    assert list(error.value.errors) == ["reason"]
    Notification.objects.all().delete()
    services.decline_application(application, personas.school_admin, "本学期教学任务重")
    application = fresh(application)
    assert application.status == A.SCHOOL_DECLINED
    assert application.decision_note == "本学期教学任务重"
    assert notified() == ["tina"]
    with pytest.raises(WorkflowError):
        services.approve_application(application, personas.school_admin)


def test_approval_when_the_slots_are_full_joins_the_waiting_list(personas, offer, teachers):
    for teacher in teachers[:2]:
        accepted(offer, teacher, personas.school_admin, personas.enterprise_admin)
    Notification.objects.all().delete()
    application = approved(offer, teachers[2], personas.school_admin)
    assert application.status == A.WAITLISTED
    assert application.waitlisted_at == application.school_decided_at
    assert notified() == ["alice", "t2"]  # alice: the application; t2: the waiting list
    assert "waiting list" in Notification.objects.get(recipient=teachers[2]).title


# The enterprise decides


def test_the_enterprise_accepts_and_the_teacher_and_school_are_told(
    personas, offer, django_capture_on_commit_callbacks
):
    application = approved(offer, personas.teacher, personas.school_admin)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_application(application, personas.enterprise_staff)
    application = fresh(application)
    assert application.status == A.ACCEPTED
    assert application.enterprise_decided_by == personas.enterprise_staff
    assert notified() == ["alice", "tina"]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.cn", "tina@example.cn"]


def test_the_enterprise_does_not_see_an_application_before_the_school_approves(personas, offer):
    application = apply(offer, personas.teacher)
    visible = PlacementApplication.objects.visible_to(personas.enterprise_admin)
    assert not visible.filter(pk=application.pk).exists()
    services.approve_application(application, personas.school_admin)
    assert visible.filter(pk=application.pk).exists()


def test_accepting_a_withdrawn_application_is_refused(personas, offer):
    application = approved(offer, personas.teacher, personas.school_admin)
    services.withdraw_application(application, personas.teacher)
    with pytest.raises(WorkflowError) as error:
        services.accept_application(application, personas.enterprise_admin)
    assert error.value.message == "This cannot be done while the status is “Withdrawn”."
    assert fresh(application).status == A.WITHDRAWN


def test_accepting_beyond_the_slots_is_refused(personas, teachers):
    offer = make_offer(personas.enterprise_admin, slots=1)
    first = approved(offer, teachers[0], personas.school_admin)
    second = approved(offer, teachers[1], personas.school_admin)
    services.accept_application(first, personas.enterprise_admin)
    # Taking the last slot moved the other approved application to the waiting list.
    assert fresh(second).status == A.WAITLISTED
    PlacementApplication.objects.filter(pk=second.pk).update(status=A.APPROVED)
    with pytest.raises(WorkflowError) as error:
        services.accept_application(second, personas.enterprise_admin)
    assert error.value.message == "The placement's only slot is taken."
    assert offer.applications.holding_slots().count() == 1


def test_a_teacher_cannot_hold_two_overlapping_placements(personas):
    other_enterprise = make_unit("无锡数控设备有限公司", UnitKind.ENTERPRISE)
    other_admin = make_user("olga", Role.UNIT_ADMIN, other_enterprise)
    first = make_offer(personas.enterprise_admin, starts_in=30, length=20)
    overlapping = make_offer(other_admin, starts_in=49, length=10, title="装配岗位实践")
    adjacent = make_offer(other_admin, starts_in=50, length=10, title="调试岗位实践")
    accepted(first, personas.teacher, personas.school_admin, personas.enterprise_admin)
    clash = approved(overlapping, personas.teacher, personas.school_admin)
    with pytest.raises(WorkflowError) as error:
        services.accept_application(clash, other_admin)
    assert error.value.message.startswith(f"tina already has the placement “{first.title}” from ")
    assert fresh(clash).status == A.APPROVED
    # The day after the first one ends is free.
    after = services.accept_application(
        approved(adjacent, personas.teacher, personas.school_admin), other_admin
    )
    assert after.status == A.ACCEPTED


def test_taking_the_last_slot_puts_the_others_on_the_waiting_list_in_approval_order(
    personas, offer, teachers
):
    applications = [apply(offer, teacher) for teacher in teachers[:4]]
    for application in reversed(applications[1:]):  # the school approves t3, then t2, then t1
        services.approve_application(application, personas.school_admin)
    services.approve_application(applications[0], personas.school_admin)
    services.accept_application(applications[0], personas.enterprise_admin)
    assert fresh(applications[1]).status == A.APPROVED
    Notification.objects.all().delete()
    services.accept_application(applications[1], personas.enterprise_admin)
    line = list(offer.applications.waiting_list().values_list("teacher__username", flat=True))
    assert line == ["t3", "t2"]
    assert notified(title__contains="waiting list") == ["t2", "t3"]


def test_the_enterprise_rejects_with_a_reason(personas, offer):
    application = approved(offer, personas.teacher, personas.school_admin)
    with pytest.raises(InvalidInput):
        services.reject_application(application, personas.enterprise_admin, "")
    Notification.objects.all().delete()
    services.reject_application(application, personas.enterprise_admin, "岗位要求三年以上教龄")
    assert fresh(application).status == A.REJECTED
    assert notified() == ["tina"]
    assert "岗位要求三年以上教龄" in Notification.objects.get().body


# Withdrawing and the waiting list


def test_only_the_teacher_withdraws_and_only_before_the_end(personas, offer):
    application = approved(offer, personas.teacher, personas.school_admin)
    colleague = make_teacher(personas.school, "colleague")
    with pytest.raises(WorkflowError) as error:
        services.withdraw_application(application, colleague)
    assert error.value.message == "Only the teacher who applied can do this."
    PlacementOffer.objects.filter(pk=offer.pk).update(
        starts_on=days_from_today(-10), ends_on=days_from_today(-1), apply_by=days_from_today(-10)
    )
    with pytest.raises(WorkflowError) as error:
        services.withdraw_application(application, personas.teacher)
    assert "has ended" in error.value.message
    assert fresh(application).status == A.APPROVED


def test_withdrawing_before_approval_tells_only_the_school(personas, offer):
    application = apply(offer, personas.teacher)
    Notification.objects.all().delete()
    services.withdraw_application(application, personas.teacher)
    assert notified() == ["alice"]


def test_a_freed_slot_is_offered_to_the_first_on_the_waiting_list_with_a_deadline(
    personas, offer, teachers, settings, django_capture_on_commit_callbacks
):
    settings.PLACEMENT_SLOT_OFFER_DAYS = 3
    holder = accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    accepted(offer, teachers[1], personas.school_admin, personas.enterprise_admin)
    first = approved(offer, teachers[2], personas.school_admin)
    second = approved(offer, teachers[3], personas.school_admin)
    assert [first.status, second.status] == [A.WAITLISTED, A.WAITLISTED]
    Notification.objects.all().delete()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_application(holder, teachers[0])
    first, second = fresh(first), fresh(second)
    assert first.status == A.OFFERED and second.status == A.WAITLISTED
    assert before + timedelta(days=3) <= first.offer_expires_at <= timezone.now() + timedelta(days=3)
    assert notified(title__contains="is yours if you confirm by") == ["t2"]
    assert notified(title__contains="was offered to") == ["eric", "erin"]
    assert "t2@example.cn" in [m.to[0] for m in mail.outbox]
    assert offer.applications.holding_slots().count() == 2


def test_the_waiting_list_passes_over_a_teacher_busy_at_that_time(personas, offer, teachers):
    other_enterprise = make_unit("常州智能装备有限公司", UnitKind.ENTERPRISE)
    other_admin = make_user("owen", Role.UNIT_ADMIN, other_enterprise)
    holder = accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    accepted(offer, teachers[1], personas.school_admin, personas.enterprise_admin)
    busy = approved(offer, teachers[2], personas.school_admin)
    next_in_line = approved(offer, teachers[3], personas.school_admin)
    elsewhere = make_offer(other_admin, starts_in=35, length=5, title="同期另一岗位")
    accepted(elsewhere, teachers[2], personas.school_admin, other_admin)
    services.withdraw_application(holder, teachers[0])
    assert fresh(busy).status == A.WAITLISTED
    assert fresh(next_in_line).status == A.OFFERED


def test_the_teacher_confirms_the_offered_slot(personas, offer, teachers):
    holder = accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    accepted(offer, teachers[1], personas.school_admin, personas.enterprise_admin)
    waiting = approved(offer, teachers[2], personas.school_admin)
    services.withdraw_application(holder, teachers[0])
    with pytest.raises(WorkflowError):
        services.confirm_slot_offer(waiting, teachers[3])
    Notification.objects.all().delete()
    services.confirm_slot_offer(waiting, teachers[2])
    assert fresh(waiting).status == A.ACCEPTED
    assert notified() == ["alice", "eric", "erin"]
    with pytest.raises(WorkflowError):
        services.confirm_slot_offer(waiting, teachers[2])


def test_declining_the_offered_slot_passes_it_to_the_next(personas, offer, teachers):
    holder = accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    accepted(offer, teachers[1], personas.school_admin, personas.enterprise_admin)
    first = approved(offer, teachers[2], personas.school_admin)
    second = approved(offer, teachers[3], personas.school_admin)
    services.withdraw_application(holder, teachers[0])
    Notification.objects.all().delete()
    services.decline_slot_offer(first, teachers[2])
    assert fresh(first).status == A.WITHDRAWN
    assert fresh(second).status == A.OFFERED
    assert notified(title__contains="declined the slot") == ["eric", "erin"]
    assert notified(title__contains="is yours") == ["t3"]


def test_an_unconfirmed_slot_offer_lapses_and_passes_to_the_next(personas, offer, teachers, settings):
    settings.PLACEMENT_SLOT_OFFER_DAYS = 2
    holder = accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    accepted(offer, teachers[1], personas.school_admin, personas.enterprise_admin)
    first = approved(offer, teachers[2], personas.school_admin)
    second = approved(offer, teachers[3], personas.school_admin)
    services.withdraw_application(holder, teachers[0])
    deadline = fresh(first).offer_expires_at

    assert services.expire_slot_offers(now=deadline - timedelta(minutes=1)) == 0
    assert fresh(first).status == A.OFFERED

    Notification.objects.all().delete()
    later = deadline + timedelta(minutes=1)
    assert services.expire_slot_offers(now=later) == 1
    assert fresh(first).status == A.LAPSED
    second = fresh(second)
    assert second.status == A.OFFERED
    assert second.offer_expires_at == later + timedelta(days=2)
    assert notified(title__contains="has lapsed") == ["eric", "erin", "t2"]
    assert notified(title__contains="is yours") == ["t3"]
    assert services.expire_slot_offers(now=later) == 0  # nothing lapses twice
    # Confirming after the deadline is refused; the next run passes the slot on, to nobody.
    PlacementApplication.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(WorkflowError) as error:
        services.confirm_slot_offer(second, teachers[3])
    assert error.value.message.startswith("The time to confirm this slot has passed")
    assert services.expire_slot_offers() == 1
    assert offer.applications.holding_slots().count() == 1
    # A lapsed teacher may apply again.
    assert apply(offer, teachers[2]).status == A.SUBMITTED


def test_the_beat_task_expires_slot_offers(personas, offer, teachers):
    holder = accepted(offer, teachers[0], personas.school_admin, personas.enterprise_admin)
    accepted(offer, teachers[1], personas.school_admin, personas.enterprise_admin)
    waiting = approved(offer, teachers[2], personas.school_admin)
    services.withdraw_application(holder, teachers[0])
    PlacementApplication.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - timedelta(hours=1)
    )
    assert tasks.expire_slot_offers.delay().get() == 1
    assert fresh(waiting).status == A.LAPSED


# Completion


def test_the_enterprise_confirms_the_days_completed(personas, django_capture_on_commit_callbacks):
    offer = make_running_offer(personas.enterprise_admin, length=30)
    application = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    for days, message in [(0, "from 1 to 30"), (31, "from 1 to 30"), (None, "from 1 to 30")]:
        with pytest.raises(InvalidInput) as error:
            services.complete_placement(application, personas.enterprise_admin, days, "好")
        assert message in error.value.errors["days_completed"][0]
    with pytest.raises(InvalidInput) as error:
        services.complete_placement(application, personas.enterprise_admin, 20, " ")
    assert list(error.value.errors) == ["evaluation"]
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_placement(application, personas.enterprise_staff, 28, "工作认真，成果显著。")
    application = fresh(application)
    assert application.status == A.COMPLETED
    assert (application.days_completed, application.completed_by) == (28, personas.enterprise_staff)
    assert notified() == ["alice", "tina"]
    assert "completed 28 days" in Notification.objects.first().title
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.cn", "tina@example.cn"]
    assert practice_days(personas.teacher) == 28


def test_a_placement_is_not_completed_before_it_starts(personas, offer):
    application = accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    with pytest.raises(WorkflowError) as error:
        services.complete_placement(application, personas.enterprise_admin, 5, "好")
    assert error.value.message == "The placement has not started yet."


# Who sees what


def test_who_sees_which_offers(personas, teachers):
    make_offer(personas.enterprise_admin, title="开放岗位")
    closed = make_offer(personas.enterprise_admin, title="已截止岗位")
    applied = make_offer(personas.enterprise_admin, title="已申请岗位")
    apply(applied, personas.teacher)
    services.close_offer(closed, personas.enterprise_admin)
    services.close_offer(applied, personas.enterprise_admin)

    def titles(user):
        return sorted(PlacementOffer.objects.visible_to(user).values_list("title", flat=True))

    everyone = ["开放岗位", "已截止岗位", "已申请岗位"]
    assert titles(AnonymousUser()) == ["开放岗位"]
    assert titles(personas.outsider) == ["开放岗位"]
    assert titles(teachers[0]) == ["开放岗位"]
    assert titles(personas.teacher) == ["已申请岗位", "开放岗位"]
    assert titles(personas.school_admin) == ["已申请岗位", "开放岗位"]
    assert titles(personas.enterprise_staff) == sorted(everyone)
    assert titles(personas.supervisor) == sorted(everyone)


def test_who_sees_which_applications(personas, offer, teachers):
    mine = apply(offer, personas.teacher)
    colleague = approved(offer, teachers[0], personas.school_admin)
    outsider_teacher = make_teacher(personas.other_school, "wu")
    theirs = approved(offer, outsider_teacher, personas.outsider)

    def seen(user):
        return set(PlacementApplication.objects.visible_to(user).values_list("pk", flat=True))

    assert seen(personas.teacher) == {mine.pk}
    assert seen(personas.school_admin) == seen(personas.school_staff) == {mine.pk, colleague.pk}
    assert seen(personas.outsider) == {theirs.pk}
    assert seen(personas.enterprise_admin) == {colleague.pk, theirs.pk}
    assert seen(personas.secretariat) == seen(personas.supervisor) == {mine.pk, colleague.pk, theirs.pk}


def test_the_offer_filters(personas, teachers):
    full = make_offer(personas.enterprise_admin, slots=1, title="满员岗位", starts_in=40, length=10)
    free = make_offer(personas.enterprise_admin, slots=2, title="有空位岗位", starts_in=60, length=10)
    accepted(full, teachers[0], personas.school_admin, personas.enterprise_admin)
    accepted(free, teachers[1], personas.school_admin, personas.enterprise_admin)

    def titles(**data):
        query = QueryDict(urlencode(data))
        filterset = PlacementOfferFilterSet(query, queryset=PlacementOffer.objects.with_list_related())
        assert filterset.is_valid(), filterset.errors
        return sorted(o.title for o in filterset.qs)

    assert titles(has_free_slots="true") == ["有空位岗位"]
    assert titles(has_free_slots="false") == ["满员岗位"]
    assert titles(open_on=str(days_from_today(45))) == ["满员岗位"]
    assert titles(q="有空位") == ["有空位岗位"]
    assert titles(major_category="46") == ["有空位岗位", "满员岗位"]
    assert [o.slots_held for o in PlacementOffer.objects.with_list_related().order_by("pk")] == [1, 1]


# Practice days


def test_practice_days_count_the_last_five_years_to_the_day(personas):
    today = timezone.localdate()
    start = practice_window_start(today)
    make_past_placement(personas.teacher, personas.enterprise, ends_on=start, days=100)
    make_past_placement(personas.teacher, personas.enterprise, ends_on=start - timedelta(days=1), days=90)
    make_past_placement(personas.teacher, personas.enterprise, ends_on=today - timedelta(days=3), days=30)
    # Not completed: does not count.
    make_past_placement(personas.teacher, personas.enterprise, ends_on=today, days=40, status=A.ACCEPTED)
    assert start == today.replace(year=today.year - 5) or (today.month, today.day) == (2, 29)
    assert practice_days(personas.teacher) == 130
    # A day later, the placement that ended exactly five years before has dropped out.
    assert practice_days(personas.teacher, today + timedelta(days=1)) == 30


def test_the_window_of_a_leap_day():
    assert practice_window_start(date(2028, 2, 29)) == date(2023, 2, 28)
    assert practice_window_start(date(2026, 12, 4)) == date(2021, 12, 4)


def test_teachers_sorted_by_what_they_still_lack(personas, settings):
    today = timezone.localdate()
    school = personas.school
    done = make_teacher(school, "done")
    half = make_teacher(school, "half")
    make_past_placement(done, personas.enterprise, ends_on=today - timedelta(days=10), days=120)
    make_past_placement(done, personas.enterprise, ends_on=today - timedelta(days=400), days=70)
    make_past_placement(half, personas.enterprise, ends_on=today - timedelta(days=10), days=90)
    # Older than five years: counts for nothing.
    make_past_placement(
        half, personas.enterprise, ends_on=practice_window_start(today) - timedelta(days=1), days=150
    )
    make_teacher(personas.other_school, "other")

    rows = list(teachers_by_practice([school.pk]))
    assert [(t.username, t.practice_days, t.days_lacking) for t in rows] == [
        ("tina", 0, 180),
        ("half", 90, 90),
        ("done", 190, 0),
    ]
    assert {t.username for t in teachers_by_practice()} == {"tina", "half", "done", "other"}


def test_every_schools_figures(personas, django_assert_num_queries):
    today = timezone.localdate()
    done = make_teacher(personas.school, "done")
    make_past_placement(done, personas.enterprise, ends_on=today - timedelta(days=1), days=200)
    make_past_placement(personas.teacher, personas.enterprise, ends_on=today - timedelta(days=1), days=30)
    make_teacher(personas.other_school, "other")
    with django_assert_num_queries(1):
        figures = {s.pk: (s.teachers, s.teachers_meeting, s.practice_days) for s in schools_by_practice()}
    assert figures == {personas.school.pk: (2, 1, 230), personas.other_school.pk: (1, 0, 0)}


# The admin


def admin_form(offer, **changes):
    data = {
        "unit": offer.unit_id,
        "title": offer.title,
        "description": offer.description,
        "major_category": offer.major_category_id,
        "place": offer.place,
        "province": offer.province,
        "starts_on": str(offer.starts_on),
        "ends_on": str(offer.ends_on),
        "slots": offer.slots,
        "apply_by": str(offer.apply_by),
    }
    return {**data, **changes}


def test_the_secretariat_posts_and_changes_offers_in_the_admin_by_the_same_rules(
    client, personas, offer, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below are read in English
    client.force_login(personas.secretariat)
    add = reverse("admin:training_placementoffer_add")
    response = client.post(add, admin_form(offer, unit=personas.school.pk, title="学校岗位"))
    assert response.status_code == 200
    assert "Placements are offered by active member enterprises." in response.content.decode()
    response = client.post(add, admin_form(offer, title="秘书处代发岗位"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    posted = PlacementOffer.objects.get(title="秘书处代发岗位")
    assert (posted.status, posted.posted_by) == (OfferStatus.OPEN, personas.secretariat)

    accepted(offer, personas.teacher, personas.school_admin, personas.enterprise_admin)
    change = reverse("admin:training_placementoffer_change", args=[offer.pk])
    response = client.post(change, admin_form(offer, starts_on=str(offer.starts_on + timedelta(days=1))))
    assert response.status_code == 200
    assert "they can no longer change" in response.content.decode()
    response = client.post(change, admin_form(offer, slots=3))
    assert response.status_code == 302
    assert PlacementOffer.objects.get(pk=offer.pk).slots == 3


def test_applications_are_read_only_in_the_admin(client, personas, offer):
    application = apply(offer, personas.teacher)
    client.force_login(personas.secretariat)
    url = reverse("admin:training_placementapplication_change", args=[application.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"status": A.ACCEPTED})
    assert fresh(application).status == A.SUBMITTED
    assert client.get(reverse("admin:training_placementapplication_add")).status_code == 403
    client.force_login(personas.supervisor)
    response = client.post(
        reverse("admin:training_placementoffer_change", args=[offer.pk]), admin_form(offer)
    )
    assert response.status_code == 403


# Demo data


def test_the_demo_has_offers_and_applications_in_every_state_and_practice_both_sides(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members_demo.load()
        mail.outbox.clear()
        counts = demo.load()
    assert counts == {
        "placement offers": PlacementOffer.objects.count(),
        "placement applications": PlacementApplication.objects.count(),
    }
    assert set(PlacementOffer.objects.values_list("status", flat=True)) == set(OfferStatus.values)
    assert set(PlacementApplication.objects.values_list("status", flat=True)) == set(A.values)
    assert not mail.outbox  # the demo's people are not mailed
    assert Notification.objects.filter(title__contains="waiting list").exists()
    for offer in PlacementOffer.objects.with_list_related():
        assert offer.slots_held <= offer.slots
    teachers = list(teachers_by_practice())
    assert any(t.days_lacking == 0 for t in teachers) and any(0 < t.days_lacking < 180 for t in teachers)
    assert practice_days(User.objects.get(username="teacher")) == 120
