"""Steps the browser journeys share: logging in, following a link, opening the training menu."""

from playwright.sync_api import Page

PASSWORD = "pass-for-tests-1"  # the personas' password, tests/conftest.py


def click_and_load(page: Page, target) -> None:
    """Click a link or submit button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def log_in(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    click_and_load(page, page.locator("main").get_by_role("button", name="Log in"))


def open_menu(page: Page, menu: str, item: str) -> None:
    """Open one of the main menu's drop-downs and follow one of its links."""
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name=menu, exact=True).click()
    click_and_load(page, nav.get_by_role("link", name=item, exact=True))


def open_training_menu(page: Page, item: str) -> None:
    open_menu(page, "Training", item)
