"""What an uploaded evidence file really is, judged by its content, not its name."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

# kind: (extensions it may have, MIME type to serve it with)
KINDS = {
    "pdf": ({".pdf"}, "application/pdf"),
    "docx": (
        {".docx"},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ({".xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ({".csv"}, "text/csv"),
    "txt": ({".txt"}, "text/plain; charset=utf-8"),
    "png": ({".png"}, "image/png"),
    "jpeg": ({".jpg", ".jpeg"}, "image/jpeg"),
    "gif": ({".gif"}, "image/gif"),
    "webp": ({".webp"}, "image/webp"),
}
ALLOWED = "PDF, Word (DOCX), Excel (XLSX), CSV, plain text, or an image (PNG, JPEG, GIF, WebP)"
# Text files are told apart by their names: both are plain UTF-8 text inside.
TEXT_KINDS = {".csv": "csv", ".txt": "txt"}


def max_size() -> int:
    return settings.PEELTRACK_EVIDENCE_MAX_BYTES


def sniff(head: bytes, data_file) -> str | None:
    """The kind of file the bytes are, or None if not one we accept."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            data_file.seek(0)
            names = set(zipfile.ZipFile(data_file).namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    data_file.seek(0)
    sample = data_file.read(64 * 1024)
    if b"\x00" in sample:
        return None
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample's end is still text.
        if exc.start < len(sample) - 4:
            return None
        text = sample[: exc.start].decode("utf-8-sig")
    return "text" if text.strip() else None


def check_upload(upload) -> str:
    """Validate an uploaded file; returns its kind or raises ValidationError."""
    if upload.size == 0:
        raise ValidationError("The selected file is empty.")
    if upload.size > max_size():
        raise ValidationError(
            f"The selected file must be smaller than {max_size() // (1024 * 1024)} MB."
        )
    upload.seek(0)
    head = upload.read(16)
    kind = sniff(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(f"The selected file must be a {ALLOWED}.")
    name = upload.name.lower()
    if kind == "text":
        kind = next((k for ext, k in TEXT_KINDS.items() if name.endswith(ext)), None)
        if kind is None:
            raise ValidationError(
                "The selected file is plain text, so its name should end .txt, or .csv if "
                "it is a table of comma-separated values."
            )
    extensions, _mime = KINDS[kind]
    if not any(name.endswith(ext) for ext in extensions):
        raise ValidationError(
            f"The selected file's name does not match its content: it is a {kind.upper()} "
            f"file, so its name should end {' or '.join(sorted(extensions))}."
        )
    return kind


def mime_type(kind: str) -> str:
    return KINDS[kind][1]
