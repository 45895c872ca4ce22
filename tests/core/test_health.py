"""/healthz and /readyz: JSON, no sign-in, nothing secret; /readyz names the part that
is down and answers 503 until it is back."""

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_health_answers_anyone_in_json_without_a_session():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers and "no-cache" in response["Cache-Control"]


def test_ready_checks_the_database_cache_and_storage(settings):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    # The storage check leaves nothing behind.
    assert not list(Path(settings.MEDIA_ROOT).rglob("readyz/*.txt"))


def test_ready_says_503_and_which_part_without_its_details(settings, tmp_path, caplog):
    # Storage that cannot be written: its folder is a file.
    blocked = tmp_path / "secret-mount-point"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = blocked
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["storage"] == "unavailable"
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] == "ok"
    assert "secret-mount-point" not in response.content.decode()
    assert "NotADirectoryError" in caplog.text  # for the operator, in the log


def test_ready_says_when_migrations_are_not_applied():
    with connection.cursor() as cursor:
        # As a server started on a newer release before `migrate` ran would find it.
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = (SELECT MAX(id) FROM django_migrations)"
        )
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "migrations not applied"


def test_health_refuses_writes():
    assert Client().post("/readyz").status_code == 405
