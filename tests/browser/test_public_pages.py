"""The public pages in a real browser, signed out, at phone and desktop widths: axe-clean,
nothing beyond the screen's edge, no cookie set."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from publishing.services import publish
from tests.browser.conftest import looks_only
from tests.browser.test_controls_in_view import assert_none, out_of_view

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), looks_only]

PAGES = [
    "/public/",
    "/public/reports/",
    "/public/reports/peel-effectiveness-2017/",
    "/public/reports/peel-effectiveness-2016/",
    "/public/items/?q=investigators",
    "/public/forces/",
    "/public/forces/durham/",
    "/public/forces/durham/?status=met_late&q=plan",
    "/public/reports/peel-effectiveness-2017/?status=overdue&country=wales",
    "/public/repeated/",
    "/public/repeated/?force=durham",
    "/public/responses/",
    "/public/data/",
    "/public/publications/",
    "/public/accessibility/",
    "/public/privacy/",
]


@pytest.fixture
def publication(inspector, histories):
    """Today's record published tomorrow (the day must have ended): the site runs a day
    ahead for the test, so that what was entered today is in it."""
    today = timezone.localdate()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        yield publish(known_on=today, reason="Quarterly", by=inspector)


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_the_public_pages_work_signed_out_on_a_phone_and_a_desktop(
    anonymous_page, publication, width, height, assert_accessible
):
    tab = anonymous_page
    tab.set_viewport_size({"width": width, "height": height})
    found = []
    for path in PAGES:
        tab.goto(path)
        assert tab.locator("main h1").count() == 1, path
        assert (
            "Published " in tab.locator("main").inner_text()
            or "publications" in path
            or (path.endswith(("accessibility/", "privacy/", "data/")))
        ), path
        found += out_of_view(tab, path)
        assert_accessible(tab)
    assert_none(found)
    assert tab.context.cookies() == []
    # The report's counts are in words a reader can check: R2-plan, met by Kent and Durham.
    tab.goto("/public/reports/peel-effectiveness-2017/")
    row = tab.locator("tr[data-milestone='R2-plan']")
    assert row.locator("[data-category='met']").inner_text() == "1"
    assert row.locator("[data-category='met_late']").inner_text() == "1"


def test_a_filter_is_a_sharable_address_and_its_file_the_same_rows(anonymous_page, publication):
    tab = anonymous_page
    tab.goto("/public/reports/peel-effectiveness-2017/")
    tab.select_option("#status", "overdue")
    tab.get_by_role("button", name="Show").click()
    tab.wait_for_url("**status=overdue**")
    shown = tab.locator("table[data-item] tr[data-milestone]")
    codes = [shown.nth(i).get_attribute("data-milestone") for i in range(shown.count())]
    assert codes and all(
        shown.nth(i).locator("[data-category='overdue']").inner_text() != "0"
        for i in range(shown.count())
    )
    link = tab.get_by_role("link", name="CSV")
    assert "status=overdue" in (link.get_attribute("href") or "")
    # The same address, opened afresh, shows the same rows.
    again = tab.context.new_page()
    again.goto(tab.url)
    rows = again.locator("table[data-item] tr[data-milestone]")
    assert [rows.nth(i).get_attribute("data-milestone") for i in range(rows.count())] == codes
    again.get_by_role("link", name="Clear the filters").click()
    again.wait_for_url(lambda url: "status=" not in url)
    assert again.locator("table[data-item] tr[data-milestone]").count() > len(codes)


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_the_welsh_pages_are_accessible_and_switch_to_english(
    anonymous_page, publication, width, height, assert_accessible
):
    tab = anonymous_page
    tab.set_viewport_size({"width": width, "height": height})
    found = []
    for path in ["/cy/public/", "/cy/public/reports/", "/cy/public/forces/north-wales/"]:
        tab.goto(path)
        assert tab.locator("html").get_attribute("lang") == "cy", path
        found += out_of_view(tab, path)
        assert_accessible(tab)
    assert_none(found)
    assert tab.locator("main h1").inner_text() == "Heddlu Gogledd Cymru"
    tab.get_by_role("link", name="Change the language to English").click()
    tab.wait_for_url("**/public/forces/north-wales/")
    assert tab.locator("html").get_attribute("lang") == "en-GB"
    assert tab.locator("main h1").inner_text() == "North Wales"
    assert tab.context.cookies() == []
