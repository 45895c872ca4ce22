"""Evidence files: checked by content, stored privately, withdrawn but never deleted."""

import io
import random
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client
from PIL import Image

from audit.models import HistoryEntry
from plans import evidence_files
from plans.evidence_files import check_upload
from plans.models import Evidence
from tests import files
from tests.files import JPEG, PDF, PNG

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


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


MARKUP = "The selected file contains web page code or script"
PDF_RUNS = "The selected PDF contains JavaScript or an action that starts a program"
BOMB = "The selected file would expand to more than 100 MB when opened"
HTML_PART = b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"
HYPERLINK_TO_SCRIPT = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId9" TargetMode="External" Target="javascript:alert(1)" Type="'
    b'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/>'
    b"</Relationships>"
)


@pytest.mark.parametrize(
    "name, content, message",
    [
        pytest.param("plan.pdf", PDF + files.SCRIPT, MARKUP, id="pdf-then-web-page"),
        pytest.param("plan.pdf", files.pdf_with_javascript(), PDF_RUNS, id="pdf-javascript"),
        pytest.param(
            "plan.pdf", files.pdf_with_disguised_javascript(), PDF_RUNS, id="pdf-#-escaped-js"
        ),
        pytest.param(
            "plan.pdf", files.pdf_with_compressed_javascript(), PDF_RUNS, id="pdf-packed-js"
        ),
        pytest.param(
            "plan.pdf",
            files.pdf_with_javascript_behind_another_object(),
            PDF_RUNS,
            id="pdf-js-behind-another-object",
        ),
        pytest.param(
            "plan.pdf",
            files.pdf_with_javascript().replace(b"/JS ", b"/JS\x00"),
            PDF_RUNS,
            id="pdf-js-ended-by-nul",
        ),
        pytest.param("plan.pdf", files.pdf_that_runs(), PDF_RUNS, id="pdf-launch"),
        pytest.param(
            "plan.pdf",
            files.pdf_with_attachment(),
            "The selected PDF has files attached inside it",
            id="pdf-attachment",
        ),
        pytest.param(
            "plan.pdf",
            files.pdf(user_password="open-sesame"),
            "is protected by a password",
            id="pdf-password",
        ),
        pytest.param(
            "plan.pdf",
            b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            "could not be read as a PDF",
            id="pdf-without-pages",
        ),
        pytest.param("chart.png", PNG + files.SCRIPT, MARKUP, id="png-then-web-page"),
        pytest.param("photo.jpg", JPEG + b'<svg onload="alert(1)">', MARKUP, id="jpeg-then-svg"),
        pytest.param(
            "chart.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
            "could not be opened as a PNG image",
            id="png-header-only",
        ),
        pytest.param(
            "photo.jpg",
            JPEG[: len(JPEG) // 2],
            "could not be opened as a JPEG image",
            id="jpeg-cut-short",
        ),
        pytest.param(
            "plan.docx",
            files.docx(parts={"word/afchunk.htm": HTML_PART}),
            MARKUP,
            id="docx-web-page-part",
        ),
        pytest.param(
            "plan.docx",
            files.docx(parts={"word/_rels/document.xml.rels": HYPERLINK_TO_SCRIPT}),
            MARKUP,
            id="docx-javascript-link",
        ),
        pytest.param(
            "plan.docx",
            files.docx(parts={"word/media/image1.svg": b"<svg onload=alert(1)/>"}),
            MARKUP,
            id="docx-svg-script",
        ),
        pytest.param(
            "plan.docx",
            files.docx(main_type=files.WORD_MACROS, parts={"word/vbaProject.bin": b"\xd0\xcf"}),
            "The selected file contains macros",
            id="docx-macros",
        ),
        pytest.param(
            "plan.docx",
            files.docx(parts={"word/vbaProject.bin": b"\xd0\xcf"}),
            "The selected file contains macros",
            id="docx-macros-undeclared",
        ),
        pytest.param("minutes.txt", b"Meeting notes\n" + files.SCRIPT, MARKUP, id="txt-script"),
        pytest.param(
            "figures.csv", b"force,link\nDurham,javascript:alert(1)\n", MARKUP, id="csv-js-link"
        ),
        pytest.param(
            "figures.csv",
            b"force,detectives\n" + b"Durham,120\n" * 7000 + b"Kent,\xff\n",
            "must be plain text saved as UTF-8",
            id="csv-not-utf8-after-64kb",
        ),
    ],
)
def test_files_that_are_not_what_they_claim_or_carry_code_are_refused(
    liaison, durham_work, name, content, message
):
    response = upload(liaison, durham_work["plan"], name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Evidence.objects.count() == 1  # only the fixture's


def refused(response, message: str) -> bool:
    return response.status_code == 400 and message in response.content.decode()


def test_a_pdf_header_followed_by_a_web_page_is_refused(liaison, durham_work):
    content = b"%PDF-1.4\n<html><script>alert(1)</script></html>"
    assert refused(upload(liaison, durham_work["plan"], "plan.pdf", content), MARKUP)


def test_a_png_header_followed_by_a_web_page_is_refused(liaison, durham_work):
    content = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
    assert refused(upload(liaison, durham_work["plan"], "chart.png", content), MARKUP)


def test_a_204_kb_word_document_that_expands_to_200_mb_is_refused(liaison, durham_work):
    bomb = files.docx_bomb()
    assert 200 * 1024 < len(bomb) < 210 * 1024
    sizes = [info.file_size for info in zipfile.ZipFile(io.BytesIO(bomb)).infolist()]
    assert sum(sizes) > 200 * 1024 * 1024
    assert refused(upload(liaison, durham_work["plan"], "plan.docx", bomb), BOMB)
    assert Evidence.objects.count() == 1


def test_a_word_document_that_understates_its_size_is_refused(liaison, durham_work):
    # It says 1 KB; reading it is what tells.
    bomb = files.declaring(files.docx_bomb(), "word/media/filler.bin", 1024)
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) < 10_000
    response = upload(liaison, durham_work["plan"], "plan.docx", bomb)
    assert refused(response, "could not be opened as a Word document")


def test_an_office_file_of_too_many_parts_is_refused(liaison, durham_work, monkeypatch):
    monkeypatch.setattr(evidence_files, "MAX_PARTS", 2)  # it has three
    response = upload(liaison, durham_work["plan"], "plan.docx", files.docx())
    assert refused(response, "has more than 2 parts inside it")


def test_a_picture_too_big_to_check_is_refused(liaison, durham_work):
    wall = files.image("PNG", size=(8000, 7000), mode="1")  # 56 million pixels, 7 MB
    response = upload(liaison, durham_work["plan"], "wall.png", wall)
    assert refused(response, "must be at most 50 megapixels")


def test_a_pdf_whose_drawing_holds_a_risky_names_bytes_is_accepted(liaison, durham_work):
    # "/JS" as a graphics state's name, drawn on the page: not an action, nothing runs.
    drawing = files.pdf_drawing(b"q /JS gs 0 0 m 10 10 l S Q")
    assert b"/JS " in drawing
    assert upload(liaison, durham_work["plan"], "drawing.pdf", drawing).status_code == 302


def noise(width: int, height: int) -> Image.Image:
    """A picture no compression can shrink, so its file is as big as it looks (the same
    picture every time)."""
    return Image.frombytes("RGB", (width, height), random.Random(9).randbytes(width * height * 3))


def noise_bytes() -> bytes:
    return random.Random(9).randbytes(18 * MB)


def saved(picture: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format=kind, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, make, held",
    [
        # The PDF parser reads an object whole if it parses it, and a scan's picture is
        # one object: at most once, then.
        ("scan.pdf", lambda: saved(noise(3100, 3000), "PDF", quality=100), 20 * MB),
        ("plan.docx", lambda: files.docx(parts={"word/media/image1.png": noise_bytes()}), 0),
        ("chart.png", lambda: saved(noise(2500, 2500), "PNG"), 0),
        ("photo.jpg", lambda: saved(noise(3100, 3000), "JPEG", quality=100), 0),
        ("figures.csv", lambda: b"force,detectives\n" + b"Durham,120\n" * 1_700_000, 0),
    ],
)
def test_a_20_mb_upload_is_checked_without_being_held_in_memory(name, make, held):
    content = make()
    assert 17 * MB < len(content) < 20 * MB
    # Uploads over 5 MB wait on disk, and the checks read them a chunk at a time.
    upload = TemporaryUploadedFile(name, "application/octet-stream", len(content), None)
    upload.write(content)
    del content
    tracemalloc.start()
    try:
        check_upload(upload)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload.close()
    assert peak < held + 8 * MB


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
