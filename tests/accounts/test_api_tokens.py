"""API tokens: only a digest is kept, the key is shown once, one token a person, and a
token ends with its age, its owner's password change or deactivation, or revocation."""

import datetime
import hashlib
import importlib
import re

import pytest
import time_machine
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
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
    seen = []
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
