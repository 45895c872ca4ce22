"""Sign-in, its throttle, sign-out and password change."""

import pytest
from django.test import Client

from accounts.models import SignInFailure
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, password, username="manager"):
    return client.post("/sign-in/", {"username": username, "password": password})


def test_repeated_failures_lock_the_username_for_a_while(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 3
    for _ in range(3):
        response = sign_in(client, "guess")
        assert "Enter a correct username and password" in response.content.decode()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 200
    assert "too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_expire_and_success_clears_them(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 3
    sign_in(client, "guess")
    sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 302
    assert not SignInFailure.objects.filter(username="manager").exists()


def test_sign_out_is_a_post_and_ends_the_session(manager):
    client = Client()
    client.force_login(manager)
    assert client.get("/sign-out/").status_code == 405
    assert client.post("/sign-out/").status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(manager):
    client = Client()
    client.force_login(manager)
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-2018",
            "new_password2": "a-new-long-passphrase-2018",
        },
    )
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("a-new-long-passphrase-2018")


def test_password_change_errors_are_shown(manager):
    client = Client()
    client.force_login(manager)
    response = client.post("/account/password/", {"old_password": "wrong"})
    assert "There is a problem" in response.content.decode()


def test_many_failures_from_one_address_are_throttled_across_usernames(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 4
    for name in ["ann", "bob", "cat", "dan"]:
        sign_in(client, "guess", username=name)
    response = sign_in(client, PASSWORD)
    assert "too many failed attempts" in response.content.decode()
    other_place = Client(REMOTE_ADDR="10.0.0.8")
    assert sign_in(other_place, PASSWORD).status_code == 302


def test_behind_a_proxy_the_configured_header_gives_the_address(client, manager, settings):
    settings.PEELTRACK_CLIENT_ADDRESS_HEADER = "X-Real-IP"
    client.post(
        "/sign-in/", {"username": "manager", "password": "guess"}, HTTP_X_REAL_IP="192.0.2.7"
    )
    assert SignInFailure.objects.get().ip_address == "192.0.2.7"
