"""A backup restores: the drill restores the latest backup into a fresh database and
finds it the same as the source (counts, the history row for row, the overdue answers at
three dates, the evidence files); and it does notice when they differ."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import HistoryEntry
from plans.models import Evidence
from recommendations.models import ProgressRecord
from recommendations.services import record_progress
from tests.conftest import build_plan

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backups are pg_dump's"
)


@pytest.fixture
def a_record(reference_data, settings, tmp_path):
    from accounts.models import User
    from core.access import Role
    from forces.models import Force
    from recommendations.models import Milestone

    settings.MEDIA_ROOT = tmp_path / "media"
    durham = Force.objects.get(slug="durham")
    inspector = User.objects.create_user("drill-inspector", role=Role.INSPECTOR)
    liaison = User.objects.create_user("drill-liaison", role=Role.LIAISON, force=durham)
    record_progress(
        milestone=Milestone.objects.get(code="R2-plan"),
        force=durham,
        status="met",
        effective_on=datetime.date(2018, 4, 20),
        note="Plan agreed",
        by=inspector,
    )
    build_plan(durham, liaison)  # an action plan, with an evidence file
    return inspector


@postgresql_only
def test_the_latest_backup_restores_the_same_record(a_record, tmp_path):
    folder = tmp_path / "backups"
    call_command("backup", to=folder, stdout=io.StringIO())
    assert Evidence.objects.count() == 1 and HistoryEntry.objects.exists()
    out = io.StringIO()
    call_command("restore_drill", folder=folder, stdout=out)
    said = out.getvalue()
    assert "The restore drill passed" in said and "BAD" not in said
    assert "ok  manage.py migrate --check --plan passes" in said
    assert "audit_historyentry" in said
    # The evidence is in the database's own dump: nothing beside it.
    assert "1 evidence files in the backup (1 in the database, 0 on disk)" in said
    assert not list(folder.glob("*.media.tar"))
    assert said.count("ok  overdue as of ") == 3
    # The drill's own database is gone again (by its name: another test process may be
    # running a drill of its own at the same time).
    (drilled,) = re.findall(r" into (peeltrack_drill_\w+)", said)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [drilled])
        assert cursor.fetchone()[0] == 0


@postgresql_only
def test_the_drill_fails_when_the_backup_is_not_the_record(a_record, tmp_path):
    folder = tmp_path / "backups"
    call_command("backup", to=folder, stdout=io.StringIO())
    earlier = ProgressRecord.objects.get(note="Plan agreed")
    record_progress(  # entered after the backup: the backup no longer holds the record
        milestone=earlier.milestone,
        force=earlier.force,
        status="in_progress",
        effective_on=datetime.date(2018, 5, 1),
        note="A later record",
        by=a_record,
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="differences"):
        call_command("restore_drill", folder=folder, stdout=out)
    said = out.getvalue()
    assert "BAD recommendations_progressrecord" in said
    assert "BAD audit_historyentry: rows differ" in said


def test_backups_need_postgresql(tmp_path, db):
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="No backup"):
            call_command("restore_drill", folder=tmp_path)
    else:
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("backup", to=tmp_path)


@pytest.fixture
def evidence_on_disk(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@postgresql_only
def test_evidence_kept_on_disk_is_checked_in_the_tar_beside_the_dump(
    evidence_on_disk, a_record, tmp_path
):
    folder = tmp_path / "backups"
    call_command("backup", to=folder, stdout=io.StringIO())
    assert len(list(folder.glob("*.media.tar"))) == 1
    out = io.StringIO()
    call_command("restore_drill", folder=folder, stdout=out)
    said = out.getvalue()
    assert "The restore drill passed" in said
    assert "1 evidence files in the backup (0 in the database, 1 on disk)" in said


@postgresql_only
def test_the_drill_fails_when_an_evidence_file_is_not_as_uploaded(a_record, tmp_path):
    evidence = Evidence.objects.get()
    with connection.cursor() as cursor:
        # Bytes changed behind the storage's back: the backup holds them as they are.
        cursor.execute(
            "UPDATE core_storedfilechunk SET data = data || '\\x00'::bytea WHERE name = %s",
            [evidence.file.name],
        )
    folder = tmp_path / "backups"
    call_command("backup", to=folder, stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(CommandError, match="differences"):
        call_command("restore_drill", folder=folder, stdout=out)
    assert f"BAD evidence {evidence.file.name}: restored, but not as it was uploaded" in (
        out.getvalue()
    )
