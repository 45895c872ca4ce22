"""The application's database role cannot rewrite the record: as that role, altering an
append-only table, disabling its triggers, updating, deleting or truncating its rows are
all refused by PostgreSQL itself, while the site's own work still goes through."""

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.models import HistoryEntry
from core import append_only, database_roles
from recommendations.models import ProgressRecord
from recommendations.services import record_progress

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles are PostgreSQL's"
)


@pytest.fixture
def roles():
    # Roles belong to the whole server, and xdist's workers share it: a name each. The
    # test's transaction rolls the roles back with everything else (CREATE ROLE is
    # transactional in PostgreSQL).
    suffix = os.getpid()
    made = database_roles.Roles(owner=f"peeltrack_owner_{suffix}", app=f"peeltrack_app_{suffix}")
    call_command("database_roles", owner=made.owner, app=made.app, stdout=io.StringIO())
    return made


def refused_as(role: str, statement: str, params=()) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        with pytest.raises(DatabaseError) as raised, transaction.atomic():
            cursor.execute(statement, params)
    return str(raised.value)


@postgresql_only
def test_the_app_role_cannot_rewrite_the_history(roles, histories):
    table = HistoryEntry._meta.db_table
    records = ProgressRecord._meta.db_table
    assert HistoryEntry.objects.exists() and ProgressRecord.objects.exists()
    assert table in append_only.append_only_tables()
    must_own = "must be owner"
    assert must_own in refused_as(roles.app, f'ALTER TABLE "{table}" DISABLE TRIGGER ALL')
    assert must_own in refused_as(roles.app, f'ALTER TABLE "{records}" DISABLE TRIGGER USER')
    assert must_own in refused_as(roles.app, f'ALTER TABLE "{table}" DROP COLUMN summary')
    assert must_own in refused_as(roles.app, f'DROP TABLE "{records}"')
    denied = "permission denied"
    assert denied in refused_as(roles.app, f"UPDATE \"{table}\" SET summary = 'rewritten'")
    assert denied in refused_as(roles.app, f'DELETE FROM "{records}"')
    assert denied in refused_as(roles.app, f'TRUNCATE "{table}"')
    assert denied in refused_as(roles.app, f'TRUNCATE "{records}"')
    assert denied in refused_as(roles.app, "CREATE TABLE public.smuggled (id int)")
    assert denied in refused_as(roles.app, "UPDATE django_migrations SET app = 'x'")
    # Nothing was changed by any of it.
    assert not HistoryEntry.objects.filter(summary="rewritten").exists()


@postgresql_only
def test_the_site_works_as_the_app_role(roles, milestone, durham, inspector, client):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{roles.app}"')
        made = record_progress(
            milestone=milestone("R2-plan"),
            force=durham,
            status="in_progress",
            effective_on=datetime.date(2018, 4, 20),
            note="Plan drafted",
            by=inspector,
        )
        client.force_login(inspector)  # a session row written, the person's last sign-in
        assert client.get("/reports/").status_code == 200
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == roles.app
    assert ProgressRecord.objects.filter(pk=made.pk).exists()
    assert HistoryEntry.objects.filter(summary__icontains="progress").exists()


@postgresql_only
def test_a_migration_run_grants_the_app_role_again(roles, settings):
    settings.PEELTRACK_DB_APP_ROLE = roles.app
    table = HistoryEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE ON "{table}" TO "{roles.app}"')  # a stray grant
        database_roles.grant_after_migrate(sender=None)
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = %s ORDER BY 1",
            [roles.app, table],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]


def test_the_roles_need_postgresql():
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="must differ"):
            call_command("database_roles", owner="same", app="same")
    else:
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("database_roles")


@postgresql_only
def test_the_job_queue_works_as_the_app_role(roles, durham_work, inspector, settings):
    """What the site and a worker do in the queue's tables: queue a job with a change,
    register, take the job, put it back for later, take it again, finish it, queue the
    day's periodic job, leave. (A worker's own connection is the same role.)"""
    from plans.services import return_submission

    settings.PEELTRACK_JOB_QUEUE = True
    with transaction.atomic(), connection.cursor() as cursor:
        # From an empty queue: jobs a transactional test left are not rolled back.
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers CASCADE")
        cursor.execute(f'SET LOCAL ROLE "{roles.app}"')
        return_submission(submission=durham_work["submission"], by=inspector, reason="No costs")
        cursor.execute("SELECT worker_id FROM procrastinate_register_worker_v1()")
        (worker,) = cursor.fetchone()
        cursor.execute("SELECT id, task_name FROM procrastinate_fetch_job_v2(NULL, %s)", [worker])
        job, task = cursor.fetchone()
        assert task == "notices.send_messages"
        cursor.execute("SELECT procrastinate_retry_job_v2(%s, now(), NULL, NULL, NULL)", [job])
        cursor.execute("SELECT id FROM procrastinate_fetch_job_v2(NULL, %s)", [worker])
        assert cursor.fetchone()[0] == job
        cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'succeeded', false)", [job])
        cursor.execute(
            "SELECT procrastinate_defer_periodic_job_v2('default', NULL, NULL, "
            "'notices.send_daily_reminders', 0, 'daily', 1537081200, '{}'::jsonb)"
        )
        assert cursor.fetchone()[0] is not None
        cursor.execute("SELECT procrastinate_unregister_worker_v1(%s)", [worker])
        cursor.execute("SELECT status FROM procrastinate_jobs ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["succeeded", "todo"]
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == roles.app


@postgresql_only
def test_the_app_role_stores_and_reads_evidence_files(roles, durham_work, liaison_durham):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.health import storage
    from core.models import StoredFileChunk
    from plans.services import attach_evidence
    from tests.files import PDF

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{roles.app}"')
        evidence = attach_evidence(
            plan=durham_work["plan"],
            upload=SimpleUploadedFile("audit.pdf", PDF),
            title="Audit",
            by=liaison_durham,
        )
        with evidence.file.open("rb") as stored:
            assert stored.read() == PDF
        storage()  # the readiness check writes, reads and removes a file of its own
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == roles.app
    assert StoredFileChunk.objects.filter(name=evidence.file.name).exists()
