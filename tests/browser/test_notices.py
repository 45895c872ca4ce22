"""Password reset and the email and calendars page in a real browser, with axe-core."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import go

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_forgotten_password_is_reset_by_email(
    anonymous_page, manager, live_server, settings, assert_accessible
):
    settings.PEELTRACK_SITE_URL = live_server.url
    tab = anonymous_page
    tab.goto("/sign-in/")
    go(tab, tab.get_by_role("link", name="Forgotten your password?"))
    tab.wait_for_url("**/account/password/reset/")
    assert_accessible(tab)

    go(tab, tab.get_by_role("button", name="Send the link"))
    assert "Enter your email address" in tab.locator(".govuk-error-summary").inner_text()
    assert_accessible(tab)
    tab.get_by_label("Email address").fill("manager@example.police.uk")
    go(tab, tab.get_by_role("button", name="Send the link"))
    tab.wait_for_url("**/account/password/reset/sent/")
    assert tab.locator("h1").inner_text() == "Check your email"
    assert_accessible(tab)

    (message,) = mail.outbox
    link = re.search(r"http\S+/account/password/reset/\S+/", str(message.body)).group(0)
    tab.goto(link)
    assert tab.locator("h1").inner_text() == "Choose a new password"
    assert_accessible(tab)
    tab.get_by_label("New password", exact=True).fill("short")
    tab.get_by_label("New password confirmation").fill("short")
    go(tab, tab.get_by_role("button", name="Save password"))
    assert "too short" in tab.locator(".govuk-error-summary").inner_text()
    assert_accessible(tab)
    new = "a-new-long-passphrase-2018"
    tab.get_by_label("New password", exact=True).fill(new)
    tab.get_by_label("New password confirmation").fill(new)
    go(tab, tab.get_by_role("button", name="Save password"))
    assert tab.locator("h1").inner_text() == "Password saved"
    assert_accessible(tab)

    go(tab, tab.get_by_role("link", name="Sign in with your new password"))
    tab.get_by_label("Username").fill("manager")
    tab.get_by_label("Password").fill(new)
    go(tab, tab.get_by_role("button", name="Sign in"))
    assert tab.locator("h1").inner_text().startswith("Who is behind")

    tab.goto(link)
    assert tab.locator("h1").inner_text() == "This link does not work"
    assert_accessible(tab)


def test_a_liaison_sets_up_a_calendar_and_finds_its_address_on_the_force_page(
    tab_for, liaison_durham, assert_accessible
):
    tab = tab_for(liaison_durham)
    tab.goto("/forces/durham/")
    go(tab, tab.get_by_role("link", name="set up your calendar addresses"))
    assert tab.locator("h1").inner_text() == "Email and calendars"
    assert "cannot be turned off" in tab.locator("#cannot-turn-off").inner_text()
    assert_accessible(tab)
    go(tab, tab.get_by_role("button", name="Make calendar addresses"))
    addresses = tab.locator("#calendar-addresses").inner_text()
    assert "/milestones.ics" in addresses and "/forces/durham.ics" in addresses
    assert_accessible(tab)
    tab.goto("/forces/durham/")
    link = tab.get_by_role("link", name="Calendar address for Durham's deadlines")
    assert link.get_attribute("href").endswith("/forces/durham.ics")


def test_a_manager_turns_digests_off(tab_for, manager, assert_accessible):
    tab = tab_for(manager)
    tab.goto("/")
    go(tab, tab.get_by_role("link", name="Email and calendars"))
    tab.get_by_label("Do not send me digests").check()
    go(tab, tab.get_by_role("button", name="Save", exact=True))
    assert "Digests turned off" in tab.locator(".govuk-notification-banner").inner_text()
    assert tab.get_by_label("Do not send me digests").is_checked()
    assert_accessible(tab)


def test_a_welsh_forces_liaison_is_asked_their_language_once_after_signing_in(
    anonymous_page, assert_accessible
):
    from accounts.services import add_user
    from forces.models import Force
    from tests.conftest import PASSWORD

    add_user(
        username="liaison-gwent",
        role="liaison",
        password=PASSWORD,
        force=Force.objects.get(slug="gwent"),
        check_password=False,
    )
    tab = anonymous_page
    tab.goto("/sign-in/")
    tab.get_by_label("Username").fill("liaison-gwent")
    tab.get_by_label("Password").fill(PASSWORD)
    go(tab, tab.get_by_role("button", name="Sign in"))
    tab.wait_for_url("**/account/language/**")
    assert_accessible(tab)
    go(tab, tab.get_by_role("button", name="Continue / Parhau"))
    assert "Dewiswch English neu Cymraeg" in tab.locator(".govuk-error-summary").inner_text()
    assert_accessible(tab)
    tab.get_by_label("Cymraeg").check()
    go(tab, tab.get_by_role("button", name="Continue / Parhau"))
    tab.wait_for_url("**/cy/forces/gwent/")
    assert tab.locator("html").get_attribute("lang") == "cy"
