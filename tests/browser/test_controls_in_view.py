"""Every control a role uses is on the screen, at phone, laptop and wide-screen sizes:
no link, button or field lies beyond the screen's edge or hidden sideways in a scrolling
table, where someone on a phone would have to find it by scrolling. Each page also
passes axe-core on a phone."""

import datetime

import pytest

from tests.browser.conftest import looks_only

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), looks_only]

SIZES = [(375, 812), (1280, 800), (1920, 1080)]

# The controls in the page's header and body (the footer's links wrap and are not work).
CONTROLS = """() => {
  const width = document.documentElement.clientWidth;
  const scope = 'header, body > .govuk-width-container';
  const controls = ['a', 'button', 'input', 'select', 'textarea', 'summary']
    .map((tag) => `:is(${scope}) ${tag}`).join(', ');
  const out = [];
  for (const control of document.querySelectorAll(controls)) {
    const box = control.getBoundingClientRect();
    const style = getComputedStyle(control);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    const name = (control.textContent.trim() || control.name || control.id || control.outerHTML)
      .replace(/\\s+/g, ' ').slice(0, 60);
    if (box.left < -1 || box.right > width + 1) {
      out.push({name, left: box.left, right: box.right, width});
      continue;
    }
    // A scrolling ancestor (a table's scroll region) must show the control, not hide it
    // beyond its edge.
    for (let up = control.parentElement; up && up !== document.documentElement;
      up = up.parentElement) {
      if (getComputedStyle(up).overflowX === 'visible') continue;
      const shown = up.getBoundingClientRect();
      if (box.left < shown.left - 1 || box.right > shown.left + up.clientWidth + 1) {
        out.push({name, left: box.left, right: box.right, clippedBy: up.className});
        break;
      }
    }
  }
  return out;
}"""


def assert_none(found):
    assert found == [], "Out of view:\n" + "\n".join(map(str, found))


def out_of_view(tab, path):
    return [{"page": path, **found} for found in tab.evaluate(CONTROLS)]


def check(tab, path, width, assert_accessible):
    """What on the page is out of view, with the navigation open on a phone; and, on a
    phone, axe-core's findings."""
    tab.goto(path)
    assert tab.locator("main").count() == 1, path
    found = out_of_view(tab, path)
    if width == 375:
        # The navigation folds behind a Menu button on a phone: open it, and look again.
        toggle = tab.locator(".govuk-service-navigation__toggle")
        if toggle.is_visible():
            toggle.click()
            assert tab.get_by_role("button", name="Sign out").is_visible()
            found += out_of_view(tab, path + " (menu open)")
        assert_accessible(tab)
    return found


@pytest.fixture
def work(durham_work, histories, liaison_durham):
    """Durham's plan with two actions, one of them moved, evidence and a submission."""
    from plans.services import add_action
    from tests.conftest import move_action

    plan = durham_work["plan"]
    liaison = liaison_durham
    action = add_action(
        plan=plan,
        expected_version=plan.version,
        description="Review every open investigation's supervision",
        horizon="short",
        owner="Detective Superintendent, Public Protection",
        target_date=None,
        by=liaison,
    )
    plan.refresh_from_db()
    move_action(
        action,
        plan,
        to=datetime.date(2019, 6, 30),
        reason="Waiting for the new case management system",
        status="in_progress",
        by=liaison,
    )
    return durham_work


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_liaisons_controls_are_in_view(
    tab_for, liaison_durham, work, width, height, assert_accessible
):
    tab = tab_for(liaison_durham)
    tab.set_viewport_size({"width": width, "height": height})
    plan, submission, evidence = work["plan"], work["submission"], work["evidence"]
    action = work["action"]
    force_page = "/forces/durham/?as_of=2019-02-01"
    found = []
    tab.goto(force_page)
    # The page offers what the test is about: plans to start, and one to open.
    assert tab.get_by_role("button", name="Start the plan").count() > 0
    for path in [
        force_page,
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/actions/add/",
        f"/plans/{plan.pk}/actions/{action.pk}/",
        f"/plans/{plan.pk}/evidence/add/",
        f"/plans/{plan.pk}/submit/",
        f"/evidence/{evidence.pk}/withdraw/",
        f"/assessments/{submission.pk}/",
        "/responses/",
        "/responses/peel-effectiveness-2017/durham/",
    ]:
        found += check(tab, path, width, assert_accessible)
    assert_none(found)
    tab.goto(f"/plans/{plan.pk}/")
    assert tab.locator("#actions").get_by_role("link", name="Change").count() == 2
    assert tab.locator("#actions summary").count() == 1  # the moved action's date changes


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_an_inspectors_controls_are_in_view(
    tab_for, inspector, work, width, height, assert_accessible
):
    tab = tab_for(inspector)
    tab.set_viewport_size({"width": width, "height": height})
    submission = work["submission"]
    found = []
    for path in [
        "/assessments/",
        f"/assessments/{submission.pk}/",
        "/progress/record/",
        "/forces/durham/?as_of=2019-02-01",
        "/responses/?country=wales",
        "/responses/?status=late",  # a bad filter, said on the page
        "/responses/peel-effectiveness-2017/kent/",
    ]:
        found += check(tab, path, width, assert_accessible)
    tab.goto(f"/assessments/{submission.pk}/")
    # Both decisions' fields, once revealed, are in view too.
    tab.get_by_label("Accept and record progress").check()
    found += out_of_view(tab, "accepting")
    tab.get_by_label("Return to the force").check()
    found += out_of_view(tab, "returning")
    assert_none(found)
    tab.goto("/assessments/")
    assert tab.locator("#queue tbody tr").count() == 1
    tab.goto("/forces/durham/?as_of=2019-02-01")
    assert tab.get_by_role("link", name="Correct this record").count() > 0


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_managers_controls_are_in_view(
    tab_for, manager, histories, width, height, assert_accessible
):
    tab = tab_for(manager)
    tab.set_viewport_size({"width": width, "height": height})
    assert_none(check(tab, "/?as_of=2019-02-01", width, assert_accessible))
    # The totals count Overdue first, in view beside each milestone even on a phone.
    totals = tab.get_by_role("region", name="Totals by status, per milestone")
    assert totals.locator("thead th").nth(1).inner_text() == "Overdue"
    overdue = totals.locator("tbody tr").first.locator("td").first
    assert overdue.get_attribute("data-category") == "overdue"
    shown, box = totals.bounding_box(), overdue.bounding_box()
    assert box["x"] + box["width"] <= shown["x"] + shown["width"], (shown, box)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_signing_in_is_in_view(anonymous_page, width, height, assert_accessible):
    anonymous_page.set_viewport_size({"width": width, "height": height})
    assert_none(check(anonymous_page, "/sign-in/", width, assert_accessible))
