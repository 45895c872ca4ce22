"""Evidence files: checked by content, stored privately, withdrawn but never deleted."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import HistoryEntry
from plans.models import Evidence
from tests import files
from tests.files import JPEG, PDF, PNG

pytestmark = pytest.mark.django_db


def plain_zip() -> bytes:
    """A zip that is no Office document: no content types, no main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "Meeting notes")
    return buffer.getvalue()


@pytest.fixture
def liaison(liaison_durham):
    client = Client()
    client.force_login(liaison_durham)
    return client


def upload(client, plan, name, content, title="Evidence"):
    return client.post(
        f"/plans/{plan.pk}/evidence/add/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("plan.pdf", PDF, "pdf"),
        ("plan.docx", files.docx(), "docx"),
        ("figures.xlsx", files.xlsx(), "xlsx"),
        ("figures.csv", b"force,detectives\nDurham,120\n", "csv"),
        ("minutes.txt", b"Meeting notes: bail review agreed\n", "txt"),
        ("chart.png", PNG, "png"),
        ("photo.JPG", JPEG, "jpeg"),
        ("diagram.gif", files.image("GIF"), "gif"),
        ("photo.webp", files.image("WEBP"), "webp"),
        # Locked against editing but opening without a password, as many published PDFs.
        ("locked.pdf", files.pdf(user_password="", owner_password="x", algorithm="AES-256"), "pdf"),
        # Word's icons are SVG drawings inside the document.
        ("icons.docx", files.docx(parts={"word/media/image1.svg": files.SVG}), "docx"),
        # Pictures keep what cameras add after them, unless it is a web page.
        ("camera.jpg", JPEG + b"\x00\x00 motion photo data", "jpeg"),
        ("fractions.csv", b"band,share\n<5 years,0.25\n>=5 years,0.75\n", "csv"),
    ],
)
def test_accepted_kinds_are_stored(liaison, durham_work, name, content, kind):
    plan = durham_work["plan"]
    assert upload(liaison, plan, name, content, title=name).status_code == 302
    evidence = Evidence.objects.get(title=name)
    assert evidence.kind == kind and evidence.size == len(content)
    assert evidence.original_name == name
    assert evidence.stored_name != name  # never the uploader's name on disk


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plan.pdf", b"MZ\x90\x00\x03 a Windows program", "must be a PDF, Word (DOCX)"),
        ("plan.pdf", plain_zip(), "must be a PDF, Word (DOCX)"),
        ("report.docx", PDF, "its name should end .pdf"),
        ("figures.csv", PNG, "its name should end .png"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("notes.docx", b"Just some notes", "is plain text, so its name should end .txt"),
    ],
)
def test_files_are_judged_by_content_not_name(liaison, durham_work, name, content, message):
    response = upload(liaison, durham_work["plan"], name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Evidence.objects.count() == 1  # only the fixture's


def test_the_upload_page_says_what_may_be_uploaded_and_how_big(liaison, durham_work):
    html = liaison.get(f"/plans/{durham_work['plan'].pk}/evidence/add/").content.decode()
    assert "plain text" in html and "Up to 20 MB" in html


def test_files_over_the_size_limit_are_refused(liaison, durham_work, settings):
    settings.PEELTRACK_EVIDENCE_MAX_BYTES = 1024
    response = upload(liaison, durham_work["plan"], "big.pdf", PDF + b"0" * 2000)
    assert response.status_code == 400
    assert "must be smaller than" in response.content.decode()


def test_download_is_an_attachment_for_allowed_people_only(liaison, durham_work, liaison_kent):
    evidence = durham_work["evidence"]
    response = liaison.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="evidence.pdf"')
    assert "no-store" in response["Cache-Control"]
    other = Client()
    other.force_login(liaison_kent)
    assert other.get(f"/evidence/{evidence.pk}/").status_code == 404


def test_evidence_files_have_no_public_url(client, liaison, durham_work):
    evidence = durham_work["evidence"]
    assert liaison.get(f"/media/{evidence.file.name}").status_code == 404
    assert client.get(f"/media/{evidence.file.name}").status_code in {302, 404}


def test_withdrawn_evidence_stays_with_its_reason_and_history(liaison, durham_work):
    evidence = durham_work["evidence"]
    response = liaison.post(f"/evidence/{evidence.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 400 and "Enter the reason" in response.content.decode()
    response = liaison.post(f"/evidence/{evidence.pk}/withdraw/", {"reason": "Superseded"})
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.is_withdrawn and evidence.withdrawal_reason == "Superseded"
    assert evidence.file.storage.exists(evidence.file.name)
    assert liaison.get(f"/evidence/{evidence.pk}/").status_code == 200
    assert HistoryEntry.objects.filter(summary__startswith="Withdrew evidence").exists()
    page = liaison.get(f"/plans/{durham_work['plan'].pk}/").content.decode()
    assert "Withdrawn" in page and "Superseded" in page
