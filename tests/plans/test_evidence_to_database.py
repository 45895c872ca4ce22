"""Evidence kept on disk before the database storage: copied in, checked against each
record, and then downloaded from the database."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from core.models import StoredFileChunk
from plans.models import Evidence
from tests.conftest import build_plan
from tests.files import PDF

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="evidence is kept in the database on PostgreSQL"
    ),
]
DISK = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.fixture
def kept_on_disk(settings, durham, liaison_durham):
    database = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": DISK}
    work = build_plan(durham, liaison_durham)
    settings.STORAGES = {**settings.STORAGES, "default": database}
    assert not StoredFileChunk.objects.exists()
    return work


def test_files_on_disk_are_copied_in_and_downloaded_from_the_database(
    kept_on_disk, liaison_durham, settings
):
    evidence = kept_on_disk["evidence"]
    client = Client()
    client.force_login(liaison_durham)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404  # not there yet
    out = io.StringIO()
    call_command("evidence_to_database", stdout=out)
    assert "1 evidence files copied, 0 in the database already." in out.getvalue()
    (settings.MEDIA_ROOT / evidence.file.name).unlink()  # the database's copy is the one read
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    # Again: nothing to do.
    out = io.StringIO()
    call_command("evidence_to_database", stdout=out)
    assert "0 evidence files copied, 1 in the database already." in out.getvalue()


def test_a_file_not_as_recorded_is_not_copied(kept_on_disk, settings):
    evidence = kept_on_disk["evidence"]
    (settings.MEDIA_ROOT / evidence.file.name).write_bytes(PDF + b"changed")
    other = Evidence.objects.create(
        **{
            field: getattr(evidence, field)
            for field in ("force", "action_plan", "title", "original_name", "kind", "size")
        },
        file="evidence/durham/gone.pdf",
        stored_name="gone.pdf",
        sha256=evidence.sha256,
        uploaded_by=evidence.uploaded_by,
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 evidence files could not be copied"):
        call_command("evidence_to_database", stdout=out)
    said = out.getvalue()
    assert f"BAD evidence {evidence.pk}: {evidence.file.name} is not the file uploaded" in said
    assert f"BAD evidence {other.pk}: evidence/durham/gone.pdf is not in" in said
    assert not StoredFileChunk.objects.exists()


def test_the_command_needs_the_database_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": DISK}
    with pytest.raises(CommandError, match="PEELTRACK_EVIDENCE_STORAGE"):
        call_command("evidence_to_database")
