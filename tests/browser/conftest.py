"""Headless Debian Chromium, driven by Playwright, against Django's live server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    if os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "").lower() not in {"false", "0", "no", "off"}:
        # The live server's middleware is built before any per-test settings apply.
        pytest.fail("Browser tests need DJANGO_SECURE_SSL_REDIRECT=false (scripts/test sets it)")
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.fail(
            "Browser tests need Debian's chromium at /usr/bin/chromium (scripts/setup --test)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def browser_reference_data(reference_data):
    """Browser tests always run on the reference data."""


@pytest.fixture(autouse=True)
def static_files_from_finders(settings):
    # The live server serves /static/ through the finders, which know unhashed names only.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def tab_for(browser, live_server):
    """Open a browser tab signed in as the given user."""
    contexts = []

    def open_tab(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        tab = context.new_page()
        watch_console(tab)
        return tab

    yield open_tab
    for context in contexts:
        for tab in context.pages:
            assert_no_console_errors(tab)
        context.close()


@pytest.fixture
def page(tab_for, manager):
    """A browser tab signed in as the manager persona."""
    return tab_for(manager)


@pytest.fixture
def anonymous_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    watch_console(tab)
    yield tab
    assert_no_console_errors(tab)
    context.close()


def watch_console(tab):
    """Collect the browser's errors: a blocked script or style (CSP) shows up here."""
    tab.console_errors = []
    tab.on(
        "console",
        lambda message: (
            tab.console_errors.append(message.text)
            if message.type == "error" and "status of 4" not in message.text
            else None
        ),
    )
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))


def assert_no_console_errors(tab):
    assert tab.console_errors == [], tab.console_errors


@pytest.fixture(scope="session")
def axe():
    return Axe()


def go(tab, locator):
    """Click something that loads a new page, and wait until that page has loaded."""
    with tab.expect_navigation(wait_until="load"):
        locator.click()


def known_exception(violation) -> bool:
    """GOV.UK Frontend's conditionally revealing radios carry aria-expanded, which ARIA
    does not yet allow on a radio. The Design System keeps it on purpose, after research
    with screen reader users (alphagov/govuk-frontend#979, a documented known issue), so
    that one finding on those inputs is not ours to fix. Anything else still fails."""
    return violation["id"] == "aria-allowed-attr" and all(
        'class="govuk-radios__input"' in node["html"] and "aria-controls=" in node["html"]
        for node in violation["nodes"]
    )


@pytest.fixture
def assert_accessible(axe):
    def check(tab):
        # Never check a page that is still arriving: axe would see half of one page.
        tab.wait_for_load_state("load")
        results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
        violations = [v for v in results.response["violations"] if not known_exception(v)]
        assert violations == [], results.generate_report()

    return check


# How a page is laid out and worded does not depend on the database under it: the suite's
# SQLite pass checks it, and the PostgreSQL pass keeps its time for what does (journeys,
# notices, downloads).
looks_only = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="layout and wording: the SQLite pass checks it"
)
