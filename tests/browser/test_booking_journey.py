"""A shared training base in a real browser: an enterprise registers its base with a photo, a
school finds it free on a day, sees the room left while it fills in the booking, and the owner
confirms; the calendar then shows the places taken."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import MajorCategory
from tests.browser.steps import click_and_load, log_in, open_training_menu
from tests.training.builders import PNG
from training.choices import BookingStatus
from training.models import BaseBooking, TrainingBase


def test_a_school_books_a_base_and_the_owner_confirms(
    page: Page, shot, console_errors, personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    day = timezone.localdate() + timedelta(days=5)

    # The enterprise registers its base and adds a photo.
    log_in(page, personas.enterprise_admin.username)
    open_training_menu(page, "Training bases")
    click_and_load(page, page.get_by_role("link", name="Register a base"))
    page.fill("#id_name", "精工数控共享实训基地")
    page.select_option("#id_kind", "production_line")
    page.fill("#id_capacity", "20")
    page.fill("#id_address", "苏州工业园区星湖街 1 号")
    page.select_option("#id_majors_served", str(MajorCategory.objects.get(code="46").pk))
    page.fill("#id_equipment", "五轴加工中心 4 台")
    shot(page, "base-form")
    click_and_load(page, page.get_by_role("button", name="Save"))
    base = TrainingBase.objects.get()
    expect(page).to_have_url(re.compile(rf"/training/bases/{base.pk}/$"))
    click_and_load(page, page.get_by_role("link", name="Add a photo"))
    page.set_input_files("#id_image", {"name": "workshop.png", "mimeType": "image/png", "buffer": PNG})
    page.fill("#id_caption", "加工车间")
    click_and_load(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_role("img", name="加工车间")).to_be_visible()
    shot(page, "base-registered")

    # A school looks for a base free on the day and books it, told the room left as it types.
    log_in(page, personas.school_admin.username)
    open_training_menu(page, "Training bases")
    page.fill("#id_free_on", day.isoformat())
    page.fill("#id_places", "15")
    click_and_load(page, page.get_by_role("button", name="Filter"))
    expect(page.get_by_role("cell", name="20", exact=True).last).to_be_visible()
    shot(page, "free-on-the-day")
    click_and_load(page, page.get_by_role("link", name="精工数控共享实训基地"))
    click_and_load(page, page.get_by_role("link", name="Book this base"))
    page.select_option("#id_purpose", "student_practice")
    page.fill("#id_starts_at", f"{day.isoformat()}T09:00")
    page.fill("#id_ends_at", f"{day.isoformat()}T16:00")
    expect(page.get_by_test_id("room-left")).to_have_text("20 places are left at that time.")
    page.fill("#id_headcount", "15")
    shot(page, "booking-form")
    click_and_load(page, page.get_by_role("button", name="Send the request"))
    booking = BaseBooking.objects.get()
    expect(page.get_by_test_id("booking-status")).to_have_text("Requested")

    # The owner sees the request on its base and confirms it.
    log_in(page, personas.enterprise_admin.username)
    page.goto(base.get_absolute_url())
    request_row = page.get_by_test_id("request")
    expect(request_row).to_contain_text(personas.school.name_en)
    shot(page, "request-waiting")
    click_and_load(page, request_row.get_by_role("link", name="Confirm"))
    click_and_load(page, page.get_by_role("button", name="Confirm the booking"))
    expect(page.get_by_test_id("booking-status")).to_have_text("Confirmed")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    # The base's calendar shows the day with 5 of 20 places left.
    page.goto(f"{base.get_absolute_url()}?month={day:%Y-%m}")
    expect(page.locator(f'[data-day="{day.isoformat()}"] [data-testid="room"]')).to_have_text("5/20 free")
    shot(page, "calendar")
    console_errors.assert_clean()
