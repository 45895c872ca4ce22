"""A Welsh force's liaison's pages in Welsh, in a real browser at phone and desktop
widths, with axe-core on each: the force page, the plan, its forms (and a form refused),
submitting, the email and calendars page; then the same page in English a link away."""

import pytest

from tests.browser.conftest import go
from tests.conftest import build_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_a_welsh_liaisons_pages_are_accessible_in_welsh(tab_for, assert_accessible, width, height):
    from accounts.services import add_user, set_language
    from forces.models import Force
    from tests.conftest import PASSWORD

    gwent = Force.objects.get(slug="gwent")
    liaison = add_user(
        username="liaison-gwent",
        role="liaison",
        password=PASSWORD,
        force=gwent,
        check_password=False,
    )
    set_language(user=liaison, language="cy", by=liaison)
    work = build_plan(gwent, liaison)
    plan = work["plan"]
    tab = tab_for(liaison)
    tab.set_viewport_size({"width": width, "height": height})
    for path in [
        "/cy/forces/gwent/",
        "/cy/forces/gwent/?as_of=2018-10-01",
        f"/cy/plans/{plan.pk}/",
        f"/cy/plans/{plan.pk}/actions/add/",
        f"/cy/plans/{plan.pk}/actions/{work['action'].pk}/",
        f"/cy/plans/{plan.pk}/evidence/add/",
        f"/cy/plans/{plan.pk}/submit/",
        f"/cy/evidence/{work['evidence'].pk}/withdraw/",
        f"/cy/assessments/{work['submission'].pk}/",
        "/cy/account/email-and-calendars/",
        "/cy/account/password/",
    ]:
        tab.goto(path)
        assert tab.locator("html").get_attribute("lang") == "cy", path
        assert_accessible(tab)

    # A form refused says so in Welsh, and stays accessible.
    tab.goto(f"/cy/plans/{plan.pk}/actions/add/")
    go(tab, tab.locator("main form button[type=submit]").first)
    summary = tab.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "There is a problem" not in summary.inner_text()
    assert tab.locator("html").get_attribute("lang") == "cy"
    assert_accessible(tab)

    # The same page in English, a link away.
    tab.goto(f"/cy/plans/{plan.pk}/")
    go(tab, tab.get_by_role("link", name="Change the language to English"))
    tab.wait_for_url(f"**/plans/{plan.pk}/")
    assert tab.locator("html").get_attribute("lang") == "en-GB"
    assert "/cy/" not in tab.url
