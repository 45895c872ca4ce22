"""API tokens: only a digest is kept, the key is shown once, one token a person, and a
token ends with its age, its owner's password change or deactivation, or revocation."""

import datetime
import hashlib
import importlib
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import APIToken
from accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


def api_with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def everything_stored() -> str:
    """Every value in every table of the database, as text."""
    seen: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            seen.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(seen)


def test_the_database_keeps_a_digest_of_a_token_never_its_key(manager):
    key = issue_token(user=manager)
    assert key not in everything_stored()
    token = APIToken.objects.get(user=manager)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) < len(key) // 4


def test_a_key_has_enough_randomness_that_a_fast_digest_is_safe(manager):
    keys = {issue_token(user=manager) for _ in range(20)}
    assert len(keys) == 20
    assert all(len(key) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", key) for key in keys)


def test_an_issued_token_works(manager):
    assert api_with(issue_token(user=manager)).get("/api/v1/forces/").status_code == 200


def test_a_made_up_token_is_refused(manager):
    issue_token(user=manager)
    response = api_with("not-a-key-anyone-was-given").get("/api/v1/forces/")
    assert response.status_code == 401 and response.json()["detail"] == "Invalid token."


def test_a_person_has_one_token_and_a_new_one_ends_the_old(manager):
    old = issue_token(user=manager)
    new = issue_token(user=manager)
    assert APIToken.objects.filter(user=manager).count() == 1
    assert api_with(old).get("/api/v1/forces/").status_code == 401
    assert api_with(new).get("/api/v1/forces/").status_code == 200


def test_create_token_prints_a_key_that_works(manager):
    out, err = StringIO(), StringIO()
    call_command("create_token", "manager", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert api_with(key).get("/api/v1/forces/").status_code == 200
    assert "not shown again" in err.getvalue()
    assert key not in everything_stored()


def test_create_token_for_someone_unknown_says_so(db):
    with pytest.raises(CommandError, match="nobody called 'nobody'"):
        call_command("create_token", "nobody", stdout=StringIO(), stderr=StringIO())


def test_create_token_refuses_a_deactivated_account(manager):
    manager.is_active = False
    manager.save()
    with pytest.raises(CommandError, match="deactivated"):
        call_command("create_token", "manager", stdout=StringIO(), stderr=StringIO())


# --- In the admin ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_the_admin_shows_a_new_key_once_and_never_again(admin_client, manager, administrator):
    response = admin_client.post(reverse("admin:accounts_apitoken_add"), {"user": manager.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = APIToken.objects.get(user=manager)
    assert token.issued_by == administrator
    shown = re.search(re.escape(token.prefix) + r"[A-Za-z0-9_-]+", response.content.decode())
    key = shown.group()
    assert hashlib.sha256(key.encode()).hexdigest() == token.digest
    assert api_with(key).get("/api/v1/forces/").status_code == 200

    for url in [
        reverse("admin:accounts_apitoken_changelist"),
        reverse("admin:accounts_apitoken_changelist") + "?q=manager",
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        reverse("admin:accounts_apitoken_history", args=[token.pk]),
        reverse("admin:accounts_apitoken_delete", args=[token.pk]),
        reverse("admin:index"),
    ]:
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert key not in page.content.decode(), url
    assert key not in everything_stored()


def test_issuing_in_the_admin_to_someone_with_a_token_replaces_it(admin_client, manager):
    old = issue_token(user=manager)
    response = admin_client.post(reverse("admin:accounts_apitoken_add"), {"user": manager.pk})
    assert response.status_code == 200 and "Copy the key now" in response.content.decode()
    assert APIToken.objects.filter(user=manager).count() == 1
    assert api_with(old).get("/api/v1/forces/").status_code == 401


def test_the_admin_token_list_never_holds_a_whole_key(admin_client, manager, inspector):
    keys = [issue_token(user=manager), issue_token(user=inspector)]
    html = admin_client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    for key in keys:
        assert key not in html
        assert key[:8] in html  # enough to tell which key someone holds


def test_a_token_is_never_changed_in_the_admin(admin_client, manager):
    issue_token(user=manager)
    token = APIToken.objects.get(user=manager)
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])
    assert admin_client.post(url, {"user": manager.pk}).status_code == 403


def test_revoking_a_token_in_the_admin_ends_it(admin_client, manager):
    key = issue_token(user=manager)
    token = APIToken.objects.get(user=manager)
    url = reverse("admin:accounts_apitoken_delete", args=[token.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert api_with(key).get("/api/v1/forces/").status_code == 401


def test_the_admin_says_why_a_token_no_longer_works(admin_client, manager, inspector, settings):
    issue_token(user=manager)
    issue_token(user=inspector)
    inspector.set_password("a-new-long-passphrase-2018")
    inspector.save()
    url = reverse("admin:accounts_apitoken_changelist")
    assert "Revoked: password changed" in admin_client.get(url).content.decode()
    settings.PEELTRACK_TOKEN_MAX_AGE_DAYS = 0
    assert "Expired" in admin_client.get(url).content.decode()


# --- How a token ends ------------------------------------------------------------------


def test_a_token_stops_working_when_its_owner_changes_password(manager):
    key = issue_token(user=manager)
    assert api_with(key).get("/api/v1/forces/").status_code == 200
    manager.set_password("a-new-long-passphrase-2018")
    manager.save()
    response = api_with(key).get("/api/v1/forces/")
    assert response.status_code == 401
    assert "revoked when its owner's password changed" in response.json()["detail"]


def test_a_token_stops_working_when_the_account_is_deactivated(manager):
    key = issue_token(user=manager)
    manager.is_active = False
    manager.save()
    assert api_with(key).get("/api/v1/forces/").status_code == 401


def test_tokens_expire_after_the_configured_age(manager, settings):
    settings.PEELTRACK_TOKEN_MAX_AGE_DAYS = 30
    key = issue_token(user=manager)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        assert api_with(key).get("/api/v1/forces/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = api_with(key).get("/api/v1/forces/")
        assert response.status_code == 401 and "expired" in response.json()["detail"]


# --- Tokens from before digests ----------------------------------------------------------


def test_tokens_kept_in_plain_text_by_the_old_scheme_are_dropped(manager):
    """A database that had DRF's authtoken keeps no key in plain text after migrating."""
    migration = importlib.import_module("accounts.migrations.0002_api_tokens")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token "
            "(key varchar(40) PRIMARY KEY, created timestamp with time zone, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            ["9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", now, manager.pk],
        )
    MigrationRecorder(connection).record_applied("authtoken", "0004_alter_tokenproxy_options")
    migration.drop_plaintext_tokens(connection)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b" not in everything_stored()
    assert not MigrationRecorder(connection).migration_qs.filter(app="authtoken").exists()
    migration.drop_plaintext_tokens(connection)  # a database without them: nothing to do
