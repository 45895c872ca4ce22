"""Sign-in through every door, its one throttle, sign-in events and passwords."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import SignInThrottle
from audit.models import SignInEvent
from tests.conftest import PASSWORD, persona

pytestmark = pytest.mark.django_db


def sign_in(client, password, username="manager", url="/sign-in/"):
    return client.post(url, {"username": username, "password": password})


def test_repeated_failures_lock_the_username_for_a_while(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 3
    for _ in range(3):
        response = sign_in(client, "guess")
        assert "Enter a correct username and password" in response.content.decode()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 200
    assert "too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_window(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 2
    sign_in(client, "guess")
    sign_in(client, "guess")
    assert "too many failed attempts" in sign_in(client, PASSWORD).content.decode()
    later = timezone.now() + datetime.timedelta(minutes=16)
    with time_machine.travel(later):
        assert sign_in(client, PASSWORD).status_code == 302


def test_success_clears_the_usernames_count(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 3
    sign_in(client, "guess")
    sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 302
    assert SignInThrottle.objects.get(key="user:manager").attempts == 0


def test_the_admin_sign_in_page_goes_through_the_same_throttle(client, administrator, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 2
    for _ in range(2):
        sign_in(client, "guess", username="admin", url="/admin/login/")
    response = sign_in(client, PASSWORD, username="admin", url="/admin/login/")
    assert "too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The lock is one lock: the site's own sign-in page refuses too.
    assert "too many failed attempts" in sign_in(client, PASSWORD, "admin").content.decode()


def test_the_current_password_box_cannot_be_guessed_freely(manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 2
    client = Client()
    client.force_login(manager)
    change = {
        "new_password1": "a-new-long-passphrase-2018",
        "new_password2": "a-new-long-passphrase-2018",
    }
    for _ in range(2):
        response = client.post("/account/password/", {"old_password": "guess", **change})
        assert "Your old password was entered incorrectly" in response.content.decode()
    response = client.post("/account/password/", {"old_password": PASSWORD, **change})
    assert "too many failed attempts" in response.content.decode()
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)


def test_every_attempt_is_a_sign_in_event(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 1
    sign_in(client, "guess")
    sign_in(client, PASSWORD)
    events = list(SignInEvent.objects.order_by("id").values_list("username", "outcome", "door"))
    assert events == [("manager", "failed", "site"), ("manager", "locked_out", "site")]
    SignInThrottle.objects.all().delete()
    sign_in(client, PASSWORD)
    success = SignInEvent.objects.latest("id")
    assert success.outcome == "succeeded" and success.user == manager


def test_sign_in_events_cannot_be_changed(client, manager):
    from django.db import DatabaseError, transaction

    sign_in(client, "guess")
    with pytest.raises(DatabaseError), transaction.atomic():
        SignInEvent.objects.update(outcome="succeeded")


def test_administrators_see_sign_in_events(client, administrator, manager):
    sign_in(Client(), "guess")
    client.force_login(administrator)
    page = client.get("/admin/audit/signinevent/").content.decode()
    assert "manager" in page and "Wrong username or password" in page


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
    assert SignInEvent.objects.get().address == "192.0.2.7"


@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_cannot_race_past_the_limit(reference_data, live_server, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 5
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES_PER_ADDRESS = 1000
    persona("manager")

    def guess(i):
        page = requests.get(f"{live_server.url}/sign-in/", timeout=30)
        token = page.cookies["csrftoken"]
        response = requests.post(
            f"{live_server.url}/sign-in/",
            data={"username": "manager", "password": f"guess-{i}", "csrfmiddlewaretoken": token},
            # The cookie is marked Secure for production; this test server speaks plain HTTP.
            headers={"Cookie": f"csrftoken={token}"},
            timeout=60,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(guess, range(40)))
    assert statuses == [200] * 40
    checked = SignInEvent.objects.filter(username="manager", outcome="failed").count()
    assert checked == 5
    assert SignInEvent.objects.filter(outcome="locked_out").count() == 35


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


def test_passwords_need_twelve_characters(manager):
    client = Client()
    client.force_login(manager)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "Zq8!wL2#vB5", "new_password2": "Zq8!wL2#vB5"},
    )
    assert "at least 12 characters" in response.content.decode()


def test_password_change_errors_are_shown(manager):
    client = Client()
    client.force_login(manager)
    response = client.post("/account/password/", {"old_password": "wrong"})
    assert "There is a problem" in response.content.decode()


def test_the_admins_password_change_goes_through_the_same_throttle(administrator, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 3
    client = Client()
    client.force_login(administrator)
    change = {
        "new_password1": "a-new-long-passphrase-2018",
        "new_password2": "a-new-long-passphrase-2018",
    }
    for _ in range(3):
        response = client.post("/admin/password_change/", {"old_password": "guess", **change})
        assert "Your old password was entered incorrectly" in response.content.decode()
    # The right password now is refused unchecked: guessing stops at the limit.
    response = client.post("/admin/password_change/", {"old_password": PASSWORD, **change})
    assert response.status_code == 200
    assert "too many failed attempts" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)
    events = SignInEvent.objects.filter(door="admin_password", user=administrator)
    assert [e.outcome for e in events.order_by("id")] == ["failed"] * 3 + ["locked_out"]
    # One counter for the person, whatever the door: the site's sign-in is locked too.
    assert "too many failed attempts" in sign_in(Client(), PASSWORD, "admin").content.decode()


def test_the_admins_password_change_still_works_with_the_right_password(administrator):
    client = Client()
    client.force_login(administrator)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-2018",
            "new_password2": "a-new-long-passphrase-2018",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/admin/password_change/done/"
    administrator.refresh_from_db()
    assert administrator.check_password("a-new-long-passphrase-2018")
    assert SignInEvent.objects.get(door="admin_password").outcome == "succeeded"


@pytest.mark.parametrize("typed", ["manager", "MANAGER", "Manager", "ｍａｎａｇｅｒ", " manager "])
def test_every_spelling_of_a_username_signs_in_as_its_one_account(client, manager, typed):
    assert sign_in(client, PASSWORD, username=typed).status_code == 302
    assert client.session["_auth_user_id"] == str(manager.pk)


def test_spellings_of_one_username_share_one_throttle(client, manager, settings):
    settings.PEELTRACK_SIGN_IN_MAX_FAILURES = 3
    # Fullwidth and capital forms are the same name: they do not each get three guesses.
    for typed in ["manager", "ＭＡＮＡＧＥＲ", "Manager"]:
        sign_in(client, "guess", username=typed)
    response = sign_in(client, PASSWORD, username="ｍａｎａｇｅｒ")
    assert "too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
