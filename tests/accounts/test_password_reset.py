"""Password reset by email: Django's own views, throttled like sign-in, and the same
answer whether or not an account has the address."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase

from audit.models import SignInEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

RESET = "/account/password/reset/"


def ask(client, email, address="192.0.2.1"):
    # The link is sent once the request's work commits (tests/notices/test_jobs.py has
    # it queued and sent by a worker instead).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    return re.search(r"http\S+/account/password/reset/\S+/", message.body).group(0)


def test_the_sign_in_page_links_to_the_reset(client):
    assert f'href="{RESET}"' in client.get("/sign-in/").content.decode()


def test_a_known_address_is_sent_a_link_on_the_sites_own_address(client, manager, settings):
    settings.PEELTRACK_SITE_URL = "https://peeltrack.example"
    response = ask(client, "MANAGER@example.police.uk")
    assert response.status_code == 302 and response["Location"] == f"{RESET}sent/"
    (message,) = mail.outbox
    assert message.to == ["manager@example.police.uk"]
    assert message.subject == "Reset your peeltrack password"
    assert link_in(message).startswith("https://peeltrack.example/account/password/reset/")
    assert "It works once, within 3 days" in message.body
    assert link_in(message) in message.alternatives[0].content


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, manager):
    known = ask(client, "manager@example.police.uk")
    unknown = ask(Client(), "nobody@example.police.uk")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    page = client.get(f"{RESET}sent/").content.decode()
    assert "If that address is on a peeltrack account" in page


def test_the_link_sets_a_new_password_once(client, manager):
    ask(client, "manager@example.police.uk")
    link = link_in(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "a-new-long-passphrase-2018"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Password saved" in done.content.decode()
    manager.refresh_from_db()
    assert manager.check_password(new)
    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_an_account_made_without_a_password_gets_its_first_by_reset(client):
    from accounts.services import add_user

    add_user(username="newcomer", role="manager", password=None, email="new@example.police.uk")
    ask(client, "new@example.police.uk")
    assert len(mail.outbox) == 1


def test_inactive_accounts_are_sent_nothing(client, manager):
    manager.is_active = False
    manager.save()
    ask(client, "manager@example.police.uk")
    assert mail.outbox == []


def test_requests_for_one_address_are_throttled_even_when_they_succeed(manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 3
    for n in range(3):
        assert ask(Client(), "manager@example.police.uk", f"192.0.2.{n}").status_code == 302
    response = ask(Client(), "manager@example.police.uk", "192.0.2.9")
    assert response.status_code == 200
    assert "too many requests to reset a password" in response.content.decode()
    assert len(mail.outbox) == 3
    # The same for an address with no account: nothing tells the two apart.
    for n in range(3):
        ask(Client(), "nobody@example.police.uk", f"198.51.100.{n}")
    response = ask(Client(), "nobody@example.police.uk", "198.51.100.9")
    assert "too many requests to reset a password" in response.content.decode()


def test_requests_from_one_client_address_are_throttled(manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 2
    ask(Client(), "a@example.police.uk")
    ask(Client(), "b@example.police.uk")
    response = ask(Client(), "manager@example.police.uk")
    assert "too many requests to reset a password" in response.content.decode()
    assert mail.outbox == []


def test_each_request_is_a_sign_in_event(client, manager):
    ask(client, "manager@example.police.uk")
    ask(client, "nobody@example.police.uk")
    events = SignInEvent.objects.filter(door="password_reset").order_by("id")
    assert [(e.username, e.outcome, e.user) for e in events] == [
        ("manager@example.police.uk", "succeeded", manager),
        ("nobody@example.police.uk", "failed", None),
    ]


def test_a_signed_in_person_can_still_sign_in_with_the_old_password_until_it_is_reset(
    client, manager
):
    ask(client, "manager@example.police.uk")
    assert (
        Client().post("/sign-in/", {"username": "manager", "password": PASSWORD}).status_code == 302
    )
