"""Evidence kept in PostgreSQL (core.storage): written in the transaction that records it,
read back byte for byte a piece at a time, and still only through the access check."""

import hashlib
import math
import tracemalloc

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import HistoryEntry
from core import storage
from core.models import StoredFileChunk
from plans import services
from plans.models import Evidence
from plans.services import attach_evidence
from tests.conftest import api_for, build_plan
from tests.files import PDF

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="evidence is kept in the database on PostgreSQL"
    ),
]
MB = 1024 * 1024
CHUNK = storage.CHUNK_BYTES


def big_csv() -> bytes:
    """Some 19 MB of CSV: under the 20 MB limit, and some forty pieces in the database."""
    content = b"force,detectives\n" + b"Durham,120\n" * 1_800_000
    assert 18 * MB < len(content) < 20 * MB
    return content


@pytest.fixture
def liaison(liaison_durham):
    client = Client()
    client.force_login(liaison_durham)
    return client


def test_evidence_is_stored_in_the_database_on_postgresql():
    assert isinstance(Evidence._meta.get_field("file").storage, storage.DatabaseStorage)


def test_a_20_mb_file_downloads_byte_for_byte_a_piece_at_a_time(liaison, durham_work):
    content = big_csv()
    digest = hashlib.sha256(content).hexdigest()
    plan = durham_work["plan"]
    response = liaison.post(
        f"/plans/{plan.pk}/evidence/add/",
        {"title": "Detective numbers", "file": SimpleUploadedFile("figures.csv", content)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Detective numbers")
    assert evidence.size == len(content) and evidence.sha256 == digest
    pieces = StoredFileChunk.objects.filter(name=evidence.file.name)
    assert pieces.count() == math.ceil(len(content) / CHUNK)
    del content

    response = liaison.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200 and response.streaming
    assert int(response["Content-Length"]) == evidence.size
    received = hashlib.sha256()
    largest = total = 0
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            for part in response.streaming_content:
                received.update(part)
                largest = max(largest, len(part))
                total += len(part)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert received.hexdigest() == digest and total == evidence.size
    assert largest <= CHUNK
    # Read from the database a piece at a time, each piece once: never the whole file.
    assert len(queries) == pieces.count()
    assert peak < 4 * CHUNK


def test_the_api_streams_the_same_bytes(liaison_durham, durham_work):
    evidence = durham_work["evidence"]
    response = api_for(liaison_durham).get(f"/api/v1/evidence/{evidence.pk}/file/")
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == PDF


def test_another_forces_liaison_cannot_download_it(durham_work, liaison_kent):
    evidence = durham_work["evidence"]
    assert StoredFileChunk.objects.filter(name=evidence.file.name).exists()
    other = Client()
    other.force_login(liaison_kent)
    assert other.get(f"/evidence/{evidence.pk}/").status_code == 404
    assert api_for(liaison_kent).get(f"/api/v1/evidence/{evidence.pk}/file/").status_code == 404


def failing_log(**kwargs):
    raise RuntimeError("the history could not be written")


def test_a_failure_after_the_file_is_written_leaves_no_file(
    durham_work, liaison_durham, monkeypatch
):
    before = StoredFileChunk.objects.count(), Evidence.objects.count()
    # The file is written, then the record's transaction fails at its history entry.
    monkeypatch.setattr(services, "log", failing_log)
    with pytest.raises(RuntimeError):
        attach_evidence(
            plan=durham_work["plan"],
            upload=SimpleUploadedFile("more.pdf", PDF),
            title="More",
            by=liaison_durham,
        )
    assert (StoredFileChunk.objects.count(), Evidence.objects.count()) == before


def test_a_failure_part_way_through_a_file_leaves_none_of_it(monkeypatch):
    written = storage._write

    def fail_at_the_third_piece(name, seq, data):
        if seq == 2:
            raise OSError("the connection went")
        written(name, seq, data)

    monkeypatch.setattr(storage, "_write", fail_at_the_third_piece)
    with pytest.raises(OSError):
        default_storage.save("evidence/test/partial.bin", ContentFile(b"x" * (3 * CHUNK)))
    assert not StoredFileChunk.objects.filter(name="evidence/test/partial.bin").exists()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_orphaned_when_the_record_does_not_commit(
    reference_data, liaison_durham, monkeypatch
):
    # A real commit, not a test's savepoint: the file's rows go with the transaction.
    work = build_plan(liaison_durham.force, liaison_durham)
    pieces = StoredFileChunk.objects.count()
    assert StoredFileChunk.objects.filter(name=work["evidence"].file.name).exists()
    monkeypatch.setattr(services, "log", failing_log)
    with pytest.raises(RuntimeError):
        attach_evidence(
            plan=work["plan"],
            upload=SimpleUploadedFile("more.pdf", PDF),
            title="More",
            by=liaison_durham,
        )
    assert StoredFileChunk.objects.count() == pieces
    assert not Evidence.objects.filter(title="More").exists()
    assert not HistoryEntry.objects.filter(summary__contains="“More”").exists()


def test_a_stored_file_reads_back_from_anywhere_in_it():
    content = bytes(range(256)) * (3 * CHUNK // 256) + b"tail"
    name = default_storage.save("evidence/test/pieces.bin", ContentFile(content))
    assert default_storage.exists(name) and default_storage.size(name) == len(content)
    with default_storage.open(name) as stored:
        assert stored.size == len(content)
        stored.seek(CHUNK - 2)
        assert stored.read(4) == content[CHUNK - 2 : CHUNK + 2]
        stored.seek(-4, 2)
        assert stored.read() == b"tail"
        stored.seek(0)
        assert stored.read() == content
    empty = default_storage.save("evidence/test/empty.txt", ContentFile(b""))
    assert default_storage.exists(empty) and default_storage.size(empty) == 0
    with default_storage.open(empty) as stored:
        assert stored.read() == b""
    default_storage.delete(name)
    assert not default_storage.exists(name)
    with pytest.raises(FileNotFoundError):
        default_storage.open(name)
