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
