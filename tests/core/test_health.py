"""/healthz and /readyz: JSON, no sign-in, nothing secret; /readyz names the part that
is down and answers 503 until it is back."""

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from core.models import StoredFileChunk

pytestmark = pytest.mark.django_db


def test_health_answers_anyone_in_json_without_a_session():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers and "no-cache" in response["Cache-Control"]


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the job queue is PostgreSQL's"
)


def test_ready_checks_the_database_cache_storage_and_job_queue(settings):
    response = Client().get("/readyz")
    assert response.status_code == 200
    # SQLite has no job queue: mail is sent as each change commits.
    queue = "ok" if connection.vendor == "postgresql" else "not applicable"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "job queue": queue},
    }
    # The storage check leaves nothing behind.
    assert not list(Path(settings.MEDIA_ROOT).rglob("readyz/*.txt"))
    assert not StoredFileChunk.objects.filter(name__startswith="readyz/").exists()


def test_ready_says_503_and_which_part_without_its_details(settings, tmp_path, caplog):
    # Storage that cannot be written: evidence on disk, and its folder is a file.
    blocked = tmp_path / "secret-mount-point"
    blocked.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
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


@postgresql_only
def test_ready_says_503_when_the_job_queues_tables_are_missing():
    with connection.cursor() as cursor:
        # Rolled back with the test: PostgreSQL's DDL is transactional.
        cursor.execute("ALTER TABLE procrastinate_jobs RENAME TO procrastinate_jobs_gone")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["job queue"] == "the job queue's tables are missing"
    assert response.json()["checks"]["database"] == "ok"
