"""A teacher's enterprise practice, in a real browser: an enterprise offers a placement, a teacher
finds it and applies, the school approves, the enterprise accepts and, once the placement has
started, confirms the days completed with an evaluation; the teacher then sees the days on their
practice page."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import MajorCategory
from tests.browser.steps import click_and_load, log_in, open_training_menu
from training.choices import ApplicationStatus
from training.models import PlacementApplication, PlacementOffer
from training.querysets.placements import required_practice_days


def test_a_teacher_completes_a_placement_and_sees_the_days(page: Page, shot, console_errors, personas):
    today = timezone.localdate()

    # The enterprise offers a month's placement that starts today.
    log_in(page, personas.enterprise_admin.username)
    open_training_menu(page, "Placement offers")
    click_and_load(page, page.get_by_role("link", name="Offer a placement"))
    page.fill("#id_title", "五轴数控加工教师实践岗")
    page.fill("#id_description", "在精密加工车间跟随高级技师参与五轴零件的工艺编程与加工。")
    page.select_option("#id_major_category", str(MajorCategory.objects.get(code="46").pk))
    page.fill("#id_place", "苏州工业园区星湖街 1 号")
    page.select_option("#id_province", "32")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", (today + timedelta(days=29)).isoformat())
    page.fill("#id_slots", "2")
    page.fill("#id_apply_by", today.isoformat())
    shot(page, "offer-form")
    click_and_load(page, page.get_by_role("button", name="Save"))
    offer = PlacementOffer.objects.get()
    expect(page).to_have_url(re.compile(rf"/training/placements/{offer.pk}/$"))
    expect(page.get_by_test_id("offer-slots")).to_contain_text("2 free of 2")
    shot(page, "offer-posted")

    # A teacher finds it among the open offers and applies with a statement.
    log_in(page, personas.teacher.username)
    open_training_menu(page, "Placement offers")
    page.fill("#id_q", "五轴")
    click_and_load(page, page.get_by_role("button", name="Filter"))
    shot(page, "offers-found")
    click_and_load(page, page.get_by_role("link", name="五轴数控加工教师实践岗"))
    page.fill("#id_statement", "我教授数控编程课程，希望在企业一线学习五轴加工工艺，充实课堂案例。")
    shot(page, "apply-form")
    click_and_load(page, page.locator("main").get_by_role("button", name="Apply"))
    application = PlacementApplication.objects.get()
    expect(page.get_by_test_id("application-status").first).to_have_text("Awaiting school approval")
    shot(page, "applied")

    # The school's administrator approves.
    log_in(page, personas.school_admin.username)
    open_training_menu(page, "Applications")
    click_and_load(page, page.get_by_role("link", name=personas.teacher.name))
    click_and_load(page, page.locator("main").get_by_role("link", name="Approve"))
    shot(page, "approve-form")
    click_and_load(page, page.get_by_role("button", name="Approve and send to the enterprise"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    expect(page.get_by_test_id("application-status").first).to_have_text("Awaiting the enterprise")

    # The enterprise accepts the teacher, taking a slot.
    log_in(page, personas.enterprise_admin.username)
    open_training_menu(page, "Applications")
    click_and_load(page, page.get_by_role("link", name=personas.teacher.name))
    click_and_load(page, page.locator("main").get_by_role("link", name="Accept"))
    click_and_load(page, page.get_by_role("button", name="Accept and take a slot"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    shot(page, "accepted")

    # The placement has started: the enterprise confirms the days and evaluates.
    click_and_load(page, page.locator("main").get_by_role("link", name="Confirm completion"))
    page.fill("#id_days_completed", "28")
    page.fill("#id_evaluation", "工作认真，能独立完成五轴零件的工艺编程，已将案例带回课堂。")
    shot(page, "completion-form")
    click_and_load(page, page.get_by_role("button", name="Confirm the days and the evaluation"))
    application.refresh_from_db()
    assert (application.status, application.days_completed) == (ApplicationStatus.COMPLETED, 28)
    expect(page.get_by_test_id("days-completed")).to_have_text("28")
    shot(page, "completed")

    # The teacher sees the days added against the requirement.
    log_in(page, personas.teacher.username)
    open_training_menu(page, "My practice days")
    expect(page.get_by_test_id("practice-days")).to_have_text("28")
    expect(page.get_by_test_id("practice-lacking")).to_contain_text(f"{required_practice_days() - 28} days")
    expect(page.get_by_test_id("completed-placement")).to_contain_text("五轴数控加工教师实践岗")
    shot(page, "practice-days")

    # The school's administrator sees the teacher's days among the school's teachers.
    log_in(page, personas.school_admin.username)
    open_training_menu(page, "Practice days")
    expect(page.locator("main table")).to_contain_text(personas.teacher.name)
    expect(page.locator("main table")).to_contain_text(str(required_practice_days() - 28))
    shot(page, "school-practice-days")
    console_errors.assert_clean()
