"""Real browser journeys: Playwright for Python driving Debian's Chromium against ``live_server``.

Playwright's own browser download is not used; the tests drive ``/usr/bin/chromium`` (or the
path in the ``CHROMIUM`` environment variable). Where it is missing the tests are skipped with a
reason — except on CI (``CI=true``), where a missing browser is a failure, never a silent skip.

Every test here is marked ``browser``; ``shot(page, name)`` keeps a full-page screenshot of each
step under ``test-artifacts/browser/<test name>/NN-name.png``, and every page is watched for
console errors (failed loads, script errors and Content-Security-Policy violations).
"""

import os
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_REASON = "Chromium not installed: apt-get install chromium"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    return os.environ.get("CHROMIUM") or "/usr/bin/chromium"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the journeys in this folder.

    Package- rather than session-scoped on purpose: while Playwright's sync API is started, an
    asyncio loop counts as running in the test thread, so Django refuses ORM calls there unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. Both end with the last browser test, so neither the later
    tests nor the processes they start (``manage.py check --deploy``) inherit them."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        message = f"{MISSING_REASON} (looked for {path})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        if saved is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture(scope="session")
def _plain_http_server():
    """SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the live server loads its
    middleware; the per-test ``_plain_http`` override comes too late for the session-wide server."""
    override = override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0)
    override.enable()
    yield override


@pytest.fixture(scope="session")
def live_server(_plain_http_server, live_server):
    # Started with the override on (it loaded its middleware); the override ends here.
    _plain_http_server.disable()
    # Had another test started the server earlier, it would still redirect to https.
    request = urllib.request.Request(live_server.url + "/", method="HEAD")
    try:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location", "")
        if location.startswith("https:"):
            pytest.fail(f"The live server was started before SECURE_SSL_REDIRECT was turned off: {location}")
    return live_server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class ConsoleErrors(list):
    """Errors the browser reported: console errors (CSP violations, failed loads) and uncaught
    exceptions, each with the page address it happened on."""

    def watch(self, page):
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda error: self.append(f"{page.url}: uncaught {error}"))

    def _console(self, page, msg):
        location = msg.location or {}
        # The browser asks for /favicon.ico by itself; the site declares no icon (yet).
        if msg.type == "error" and not location.get("url", "").endswith("/favicon.ico"):
            where = f"{location.get('url', '')}:{location.get('lineNumber', '')}"
            self.append(f"{page.url}: {msg.text} ({where})")

    def assert_clean(self):
        assert not self, "The browser reported errors:\n" + "\n".join(self)


@pytest.fixture
def console_errors():
    return ConsoleErrors()


@pytest.fixture
def context(browser, live_server):
    # English first: visitors' browsers decide the language until they switch.
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, console_errors):
    """A page on the live server, its console errors collected; a test that leaves errors
    behind fails at teardown even if it did not check them itself."""
    page = context.new_page()
    console_errors.watch(page)
    yield page
    page.close()
    console_errors.assert_clean()


@pytest.fixture
def shot(request):
    """``shot(page, name)`` saves a full-page screenshot as ``NN-name.png`` in this test's folder."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    counter = iter(range(1, 100))

    def take(page, name: str) -> Path:
        slug = re.sub(r"[^\w.-]+", "-", name)
        path = folder / f"{next(counter):02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
