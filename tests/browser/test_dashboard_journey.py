"""After logging in, each person lands on their dashboard in a real browser: the secretariat on
the group's figures, charts and chain map, a teacher on their applications and practice days.
The charts are drawn by Chart.js from static files, under the Content-Security-Policy, with no
console errors."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.cooperation.builders import make_active_agreement, make_need
from tests.factories import make_major
from tests.training.people_builders import make_order_class
from tests.training.placement_builders import apply, make_offer, make_past_placement

DRAWN = "Array.from(document.querySelectorAll('canvas[data-chart]')).map((c) => Boolean(Chart.getChart(c)))"


def build_group(personas):
    today = timezone.localdate()
    make_major(personas.school, code="460103", name="数控技术")
    make_active_agreement(personas, starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=20))
    make_need(personas.enterprise_admin, title="数控车工技能提升培训")
    make_order_class(personas.school_admin, personas.enterprise, personas.school, "enrolling", 3)
    make_past_placement(personas.teacher, personas.enterprise, today - timedelta(days=200), 45)
    apply(make_offer(personas.enterprise_admin, title="五轴数控加工教师实践岗"), personas.teacher)


def assert_charts_drawn(page: Page, count: int) -> None:
    canvases = page.locator("canvas[data-chart]")
    expect(canvases).to_have_count(count)
    # Chart.js takes the canvas over: a chart instance is bound to each, with a drawn size.
    assert page.evaluate(DRAWN) == [True] * count
    assert page.evaluate("typeof Chart === 'function' && Chart.version.startsWith('4.')")
    for index in range(count):
        box = canvases.nth(index).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100


def test_the_secretariat_and_a_teacher_land_on_their_dashboards(page: Page, shot, console_errors, personas):
    build_group(personas)

    log_in(page, personas.secretariat.username)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", name="The group at a glance")).to_be_visible()
    expect(page.get_by_test_id("stat-expiring").locator(".stat")).to_have_text("1")
    expect(page.get_by_test_id("stat-unanswered").locator(".stat")).to_have_text("1")
    expect(page.get_by_test_id("expiring-agreement")).to_have_count(1)
    expect(page.get_by_test_id("unanswered-need")).to_contain_text("数控车工技能提升培训")
    assert_charts_drawn(page, 4)
    chain = page.locator("#chain-map")
    # An agreement, an order class and the teacher's past placement connect C and 46.
    expect(chain.locator("td[data-cell='C-46']")).to_have_text("3")
    expect(chain.locator("td[data-cell='C-46']")).to_have_class(re.compile(r"\bchain-4\b"))
    expect(chain.locator("td[data-cell='J-53']")).to_have_class(re.compile(r"\bchain-gap\b"))
    shot(page, "secretariat-dashboard")
    chain.scroll_into_view_if_needed()
    shot(page, "chain-map")

    log_in(page, personas.teacher.username)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_test_id("practice-days")).to_have_text("45")
    expect(page.get_by_test_id("current-application")).to_contain_text("五轴数控加工教师实践岗")
    assert_charts_drawn(page, 2)
    shot(page, "teacher-dashboard")

    # The same in Chinese: the charts' labels come in the page's language.
    page.locator("button[name=language][value=zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert_charts_drawn(page, 2)
    shot(page, "teacher-dashboard-chinese")
    console_errors.assert_clean()
