"""From a need to a signed agreement, in a real browser: an enterprise posts a training need, a
school answers it, the enterprise accepts and drafts the agreement, and the secretariat records
the paper signing with the scan."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from cooperation.choices import AgreementStatus, DocumentKind, NeedStatus, ProposalStatus
from cooperation.models import Agreement, TrainingNeed
from members.models import Industry
from tests.browser.steps import click_and_load, log_in

SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_need_becomes_a_signed_agreement(page: Page, shot, console_errors, personas):
    today = timezone.localdate()
    nav = page.get_by_role("navigation", name="Main")

    # The enterprise posts its need.
    log_in(page, personas.enterprise_admin.username)
    click_and_load(page, nav.get_by_role("link", name="Training needs"))
    click_and_load(page, page.get_by_role("link", name="Post a need"))
    shot(page, "need-form")
    page.select_option("#id_kind", "upskilling")
    page.fill("#id_title", "数控机床操作工技能提升培训")
    page.fill("#id_description", "为 30 名一线操作工开展五轴数控加工技能培训。")
    page.select_option("#id_industry", str(Industry.objects.get(code="C").pk))
    page.fill("#id_headcount", "30")
    page.fill("#id_starts_on", (today + timedelta(days=30)).isoformat())
    page.fill("#id_ends_on", (today + timedelta(days=40)).isoformat())
    page.fill("#id_place", "苏州工业园区")
    page.fill("#id_deadline", (today + timedelta(days=14)).isoformat())
    click_and_load(page, page.get_by_role("button", name="Save"))
    need = TrainingNeed.objects.get()
    expect(page).to_have_url(re.compile(rf"/cooperation/needs/{need.pk}/$"))
    shot(page, "need-posted")

    # A school finds it among the open needs and answers.
    log_in(page, personas.school_admin.username)
    click_and_load(page, nav.get_by_role("link", name="Training needs"))
    click_and_load(page, page.get_by_role("link", name="数控机床操作工技能提升培训"))
    click_and_load(page, page.get_by_role("link", name="Send a proposal"))
    page.fill("#id_offer", "五轴数控加工实训课程，40 学时，含考核。")
    page.fill("#id_teachers", "王建国（高级技师）、李明（双师型教师）")
    page.fill("#id_schedule", "下月第二周起，周末两天")
    page.fill("#id_cost_note", "按集团成员协议价")
    shot(page, "proposal-form")
    click_and_load(page, page.get_by_role("button", name=re.compile("Send|Save")))
    expect(page.locator("main")).to_contain_text("五轴数控加工实训课程")
    shot(page, "proposal-sent")

    # The enterprise accepts and drafts the agreement in one click.
    log_in(page, personas.enterprise_admin.username)
    page.goto(need.get_absolute_url())
    click_and_load(page, page.get_by_role("link", name="Accept"))
    shot(page, "accept-form")
    click_and_load(page, page.locator("main form button[type=submit]"))
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    assert need.proposals.get().status == ProposalStatus.ACCEPTED
    shot(page, "accepted")
    click_and_load(page, page.get_by_role("link", name="Create a draft agreement"))
    click_and_load(page, page.locator("main form button[type=submit]"))
    agreement = Agreement.objects.get()
    expect(page).to_have_url(re.compile(rf"/cooperation/agreements/{agreement.pk}/$"))
    expect(page.locator("main")).to_contain_text(agreement.number)
    expect(page.locator("main")).to_contain_text(personas.school.name_en)  # the page is in English
    shot(page, "draft-agreement")

    # The secretariat records the signing on paper and uploads the scan.
    log_in(page, personas.secretariat.username)
    page.goto(agreement.get_absolute_url())
    click_and_load(page, page.get_by_role("link", name="Record signing on paper"))
    page.set_input_files(
        "#id_scan", {"name": "签字扫描件.pdf", "mimeType": "application/pdf", "buffer": SCAN}
    )
    page.fill("#id_signed_on", today.isoformat())
    shot(page, "paper-signing-form")
    click_and_load(page, page.get_by_role("button", name="Record the signing"))
    agreement.refresh_from_db()
    # All parties have signed; it comes into force on the training's first day.
    assert agreement.status == AgreementStatus.SIGNED
    expect(page.locator("main")).to_contain_text("Signed, not yet started")
    assert agreement.documents.get().kind == DocumentKind.SIGNED_SCAN
    expect(page.locator("main")).to_contain_text("签字扫描件.pdf")
    shot(page, "agreement-signed")
    console_errors.assert_clean()
