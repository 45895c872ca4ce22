"""The pages people use every day, at phone, laptop and wide-screen sizes: nothing wider
than the screen, every table in a scroll region that keeps its first column in view (or,
for the tables of the work on a phone, stacked row by row to fit the screen), the
dashboard's matrix whole on a laptop, and axe-core on every page."""

import pytest
from django.test import Client

from tests.browser.conftest import go, looks_only

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), looks_only]

WIDTHS = [375, 1280, 1920]

PAGES = [
    "/?as_of=2019-02-01",
    "/?as_of=2019-02-01&known_on=2019-01-31",
    "/reports/overdue/?as_of=2019-02-01",
    "/reports/activity/?as_of=2019-02-01",
    "/forces/",
    "/forces/durham/?as_of=2019-02-01",
    "/forces/durham/history/R2-plan/",
    "/reports/peel-effectiveness-2017/recommendation-3/?as_of=2019-02-01",
    "/assessments/",
    "/progress/record/",
    "/reports/",
    "/reports/peel-effectiveness-2016/",
    "/reports/peel-effectiveness-2016/recommendation-2/?as_of=2019-02-01",
    "/reports/by-force/?as_of=2019-02-01",
    "/repeated-recommendations/?as_of=2019-02-01",
    "/reports/load/",
    "/forces/durham/?as_of=2019-02-01&report=peel-effectiveness-2016",
]

LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const tables = [...document.querySelectorAll('table')].map((table) => {
    const region = table.closest('.app-table-scroll');
    const first = table.querySelector('tbody tr > :first-child');
    return {
      caption: (table.caption && table.caption.textContent.trim().slice(0, 40)) || table.id,
      inRegion: !!region,
      labelled: !!region && !!region.getAttribute('aria-label')
        && region.getAttribute('role') === 'region',
      focusable: !!region && region.tabIndex === 0,
      overflows: !!region && table.scrollWidth > region.clientWidth + 1,
      sticky: !!first && getComputedStyle(first).position === 'sticky',
      stackable: table.classList.contains('app-table--stacked'),
      stacked: getComputedStyle(table).display === 'block',
    };
  });
  return {pageWidth: document.documentElement.scrollWidth, width, tables};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen_and_tables_scroll_in_their_region(
    browser, live_server, inspector, histories, durham_work, width, assert_accessible
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    client = Client()
    client.force_login(inspector)
    from django.conf import settings

    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    tab = context.new_page()
    try:
        for path in PAGES:
            tab.goto(path)
            found = tab.evaluate(LAYOUT)
            assert found["pageWidth"] <= found["width"], (path, width, found["pageWidth"])
            for table in found["tables"]:
                assert table["inRegion"] and table["labelled"] and table["focusable"], (path, table)
                # The tables of the work are stacked on a phone, and only there.
                assert table["stacked"] == (table["stackable"] and width == 375), (path, table)
                if table["stacked"]:
                    # Row by row, it fits its region: nothing to scroll, or keep in view.
                    assert not table["overflows"], (path, width, table)
                else:
                    assert table["sticky"], (path, table)
                if width >= 1280 and path.startswith("/?"):
                    # The dashboard's matrix fits a laptop's screen whole.
                    assert not table["overflows"], (path, width, table)
            if width != 1920:
                assert_accessible(tab)
    finally:
        context.close()


def test_the_scroll_region_shows_the_govuk_focus_style(page, histories):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/?as_of=2019-02-01")
    region = page.locator('.app-table-scroll[aria-label="Forces by milestone"]')
    region.focus()
    style = region.evaluate(
        "(el) => getComputedStyle(el).outlineColor + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert style == "rgb(255, 221, 0) 3px"  # GOV.UK's yellow focus ring
    page.keyboard.press("ArrowRight")
    # Scrolling by keyboard may be animated: wait for it rather than sleep.
    page.wait_for_function(
        """() => document.querySelector('.app-table-scroll[aria-label="Forces by milestone"]')
            .scrollLeft > 0"""
    )


def test_tables_sort_by_a_column_with_the_keyboard(page, histories):
    page.goto("/forces/")
    first = page.locator("table tbody tr:first-child th")
    assert first.inner_text() == "Avon & Somerset"
    heading = page.get_by_role("button", name="Force", exact=True)
    heading.focus()
    page.keyboard.press("Enter")
    assert first.inner_text() == "Wiltshire"
    assert page.locator('th[aria-sort="descending"]').count() == 1


def test_the_overdue_report_and_a_force_page_print_without_the_sites_furniture(page, histories):
    for path in ["/reports/overdue/?as_of=2019-02-01", "/forces/durham/?as_of=2019-02-01"]:
        page.goto(path)
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => ['.govuk-service-navigation', '.app-as-of', '.govuk-footer', 'form']
                .map((s) => document.querySelector(s))
                .filter(Boolean)
                .every((el) => getComputedStyle(el).display === 'none')"""
        )
        assert hidden, path
        after = page.evaluate(
            "() => getComputedStyle(document.querySelector('main a.govuk-link'), '::after').content"
        )
        assert after in {"none", "normal"}, path
        assert page.locator("main table").first.is_visible()
        page.emulate_media(media="screen")


def test_a_warning_comes_before_the_sign_in_times_out_and_staying_signed_in_works(tab_for, manager):
    tab = tab_for(manager)
    tab.goto("/")
    # Pretend the sign-in has two minutes and one second left.
    tab.evaluate("""() => { document.body.dataset.sessionExpiresIn = '121'; }""")
    tab.evaluate(
        """async () => {
          const warning = await import('/static/js/timeout-warning.mjs');
          warning.warnBeforeTimeout();
        }"""
    )
    dialog = tab.locator("#timeout-dialog")
    dialog.wait_for(state="visible", timeout=5000)
    assert "You will be signed out soon" in dialog.inner_text()
    with tab.expect_response("**/account/stay-signed-in/") as kept:
        tab.get_by_role("button", name="Stay signed in").click()
    assert kept.value.ok and kept.value.json()["expires_in"] > 3600
    dialog.wait_for(state="hidden")


def test_what_was_typed_survives_a_timed_out_sign_in(tab_for, liaison_durham, durham_work):
    from django.contrib.sessions.models import Session

    tab = tab_for(liaison_durham)
    plan = durham_work["plan"]
    tab.goto(f"/plans/{plan.pk}/")
    tab.get_by_label("Summary of the plan").fill("Typed over lunch, saved after it")
    Session.objects.all().delete()  # the sign-in times out meanwhile
    go(tab, tab.get_by_role("button", name="Save summary"))
    assert "/sign-in/" in tab.url and "timed_out=1" in tab.url
    assert "Your sign-in timed out, so nothing was saved" in tab.locator("main").inner_text()
    tab.get_by_label("Username").fill("liaison-durham")
    tab.get_by_label("Password").fill("pw-for-tests-only")
    go(tab, tab.get_by_role("button", name="Sign in"))
    assert tab.url.endswith(f"/plans/{plan.pk}/")
    assert tab.get_by_label("Summary of the plan").input_value() == (
        "Typed over lunch, saved after it"
    )
    assert "What you typed has been put back" in tab.locator("#restored-input").inner_text()
    go(tab, tab.get_by_role("button", name="Save summary"))
    plan.refresh_from_db()
    assert plan.summary == "Typed over lunch, saved after it"


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800), (1920, 1080)])
@pytest.mark.parametrize("path", ["/?as_of=2018-10-01"])
def test_the_headline_answer_is_in_the_first_screen(
    tab_for, manager, histories, width, height, path
):
    """A manager's question, who is behind on the milestones due by the date, is answered
    before any scrolling, in words: names first, each linking to the forces' rows."""
    tab = tab_for(manager)
    tab.set_viewport_size({"width": width, "height": height})
    tab.goto(path)
    first = tab.locator("#headline li").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box
    text = first.inner_text()
    assert "forces behind on Recommendation 2 — " in text and "(R2-plan)" in text, text
    go(tab, first.get_by_role("link"))
    assert "/reports/overdue/" in tab.url and "milestone=R2-plan" in tab.url


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_the_overdue_reports_headline_is_in_the_first_screen(
    tab_for, manager, histories, width, height
):
    tab = tab_for(manager)
    tab.set_viewport_size({"width": width, "height": height})
    tab.goto("/reports/overdue/?as_of=2018-10-01&report=peel-effectiveness-2017")
    first = tab.locator("#headline li").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box
    assert " on Recommendation " in first.inner_text() and "), due " in first.inner_text()
