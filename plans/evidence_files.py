"""What an uploaded evidence file really is, judged by its content, not its name.

A file is accepted only when it is, all the way through, what its first bytes and its
name say: a PDF that parses, a Word or Excel file whose parts are those of a document
(and not more than MAX_EXPANDED_BYTES of them), a picture that decodes, or UTF-8 text.
Whatever it is, it must not carry a web page or script: evidence is downloaded by
inspectors, and a file that a browser, a PDF reader or an Office program would run is a
way into their machines. Files are read in chunks, from disk for large uploads, so a
20 MB upload is never held in memory whole, nor unpacked there.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PasswordType, PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from core import written

# What an upload is read as: an uploaded file of bytes (generic in Django's stubs only).
if TYPE_CHECKING:
    Upload = UploadedFile[bytes]
else:
    Upload = UploadedFile

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
ALLOWED = _("PDF, Word (DOCX), Excel (XLSX), CSV, plain text, or an image (PNG, JPEG, GIF, WebP)")
# Text files are told apart by their names: both are plain UTF-8 text inside.
TEXT_KINDS = {".csv": "csv", ".txt": "txt"}
MB = 1024 * 1024
CHUNK = MB

# An Office file is a zip: what its parts may add up to once opened, in declared sizes and
# in bytes actually read (a zip's sizes are its maker's word). Five times the largest
# upload is room for any real document; the bombs are a thousand times.
MAX_EXPANDED_BYTES = 100 * MB
MAX_PARTS = 10_000
# Pictures are decoded to be checked: 50 megapixels is more than a phone camera's photo.
MAX_IMAGE_PIXELS = 50_000_000
# PDF objects that may be parsed in one check, at some 10,000 a second; a 500-page
# tagged report has tens of thousands.
MAX_PDF_OBJECTS = 100_000

# What a browser would render as a page or run as script, in any case (searched for in
# lower-cased bytes: several times quicker than a case-blind search). Long enough, with
# the character after a tag, that compressed data matches by chance about once in a
# thousand 20 MB files.
MARKUP = re.compile(
    rb"<(?:!doctype\s{1,20}html|html|head|body|script|iframe|frame|frameset|object|embed"
    rb"|svg|img|meta|link|style|base|form)[\s/>]"
    rb"|javascript:|vbscript:"
)
# SVG drawings inside Office files (Word's icons are SVG) may be drawings, never scripts.
SVG_SCRIPT = re.compile(
    rb"<(?:script|foreignobject|iframe|embed|object|html)[\s/>]|javascript:|vbscript:"
    rb"|\son[a-z]+\s*="
)
OVERLAP = 64  # bytes kept between chunks, so markup cut in two is still found

OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
OFFICE_WITH_MACROS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "docx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsx",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xlsx",
}
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_NAMES = {"docx": _("Word document"), "xlsx": _("Excel workbook")}

# What zipfile raises on a broken or unusual zip, besides BadZipFile: a part cut short,
# bad compressed data, an encrypted part, an unknown compression method.
ZIP_ERRORS = (OSError, EOFError, ValueError, zlib.error, RuntimeError, NotImplementedError)

PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}

# PDF names that run something (JavaScript, another program, Flash) or carry files inside.
PDF_RUNS = {"/JavaScript", "/JS", "/Launch", "/RichMedia"}
PDF_CARRIES = {"/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FileAttachment", "/GoToE"}


def _pdf_name_pattern(names: Iterable[str]) -> re.Pattern[bytes]:
    """Those names as they may be written: any character may be spelt #xx, and a name
    ends where a delimiter or white space begins (/JSON is not /JS)."""

    def spelt(character: str) -> bytes:
        return b"(?:%s|#(?i:%02x))" % (re.escape(character.encode()), ord(character))

    alternatives = b"|".join(b"".join(spelt(c) for c in name[1:]) for name in sorted(names))
    return re.compile(rb"/(?:" + alternatives + rb")(?![^\x00\s()<>\[\]{}/%])")


PDF_RISKY = _pdf_name_pattern(PDF_RUNS | PDF_CARRIES)

MARKUP_MESSAGE = _(
    "The selected file contains web page code or script, which evidence must not have. "
    "Save the document as a PDF and upload that instead."
)


def max_size() -> int:
    return settings.PEELTRACK_EVIDENCE_MAX_BYTES


def check_upload(upload: Upload) -> str:
    """Validate an uploaded file; returns its kind or raises ValidationError."""
    if not upload.size:
        raise ValidationError(gettext("The selected file is empty."))
    if upload.size > max_size():
        raise ValidationError(
            gettext("The selected file must be smaller than %(megabytes)s MB.")
            % {"megabytes": max_size() // MB}
        )
    name = (upload.name or "").lower()
    kind = _kind(upload)
    if kind == "text":
        by_name = next((k for ext, k in TEXT_KINDS.items() if name.endswith(ext)), None)
        if by_name is None:
            raise ValidationError(
                gettext(
                    "The selected file is plain text, so its name should end .txt, or .csv if "
                    "it is a table of comma-separated values."
                )
            )
        kind = by_name
    extensions, _mime = KINDS[kind]
    if not any(name.endswith(ext) for ext in extensions):
        endings = sorted(extensions)
        if len(endings) == 1:
            message = gettext(
                "The selected file's name does not match its content: it is a %(kind)s "
                "file, so its name should end %(ending)s."
            ) % {"kind": kind.upper(), "ending": endings[0]}
        else:
            message = gettext(
                "The selected file's name does not match its content: it is a %(kind)s "
                "file, so its name should end %(first)s or %(last)s."
            ) % {"kind": kind.upper(), "first": ", ".join(endings[:-1]), "last": endings[-1]}
        raise ValidationError(message)
    # Whatever the kind, the whole file: a page or script after a real picture or PDF is
    # still there for a browser to find. (An Office file's parts are searched again once
    # unpacked; an SVG drawing stored unpacked in one is refused here, a rare cost.)
    if _has_markup(upload.chunks(CHUNK), MARKUP):
        raise ValidationError(str(MARKUP_MESSAGE))
    upload.seek(0)
    CHECKS[kind](upload, kind)
    upload.seek(0)
    return kind


def mime_type(kind: str) -> str:
    return KINDS[kind][1]


# --- What the first bytes say ------------------------------------------------------


def _kind(upload: Upload) -> str:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
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
    # A zip is an Office file by its package's own account; text is what is left.
    kind = _office_kind(upload) if head.startswith(b"PK\x03\x04") else _text_kind(upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            gettext("The selected file must be a %(kinds)s.") % {"kinds": ALLOWED}
        )
    return kind


def _office_kind(upload: Upload) -> str | None:
    """docx or xlsx, by the content type its package gives its main part."""
    try:
        archive = zipfile.ZipFile(upload)
        part_types = _content_types(archive)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, *ZIP_ERRORS):
        return None
    names = {name.lower() for name in archive.namelist()}
    for part, content_type in part_types.items():
        if content_type in OFFICE_WITH_MACROS:
            raise _has_macros(OFFICE_WITH_MACROS[content_type])
        if content_type in OFFICE and part.lstrip("/").lower() in names:
            return OFFICE[content_type]
    return None


def _expands_too_far() -> ValidationError:
    return ValidationError(
        gettext(
            "The selected file would expand to more than %(megabytes)s MB when opened. Remove "
            "large pictures or embedded files, or split it into smaller files, and upload them."
        )
        % {"megabytes": MAX_EXPANDED_BYTES // MB}
    )


def _has_macros(kind: str) -> ValidationError:
    return ValidationError(
        gettext(
            "The selected file contains macros, which evidence must not have. Save it as a "
            "%(name)s (.%(kind)s) without macros and upload that."
        )
        % {"name": OFFICE_NAMES[kind], "kind": kind}
    )


def _content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """The package's named parts and their content types, from [Content_Types].xml."""
    with archive.open("[Content_Types].xml") as part:
        xml = part.read(MB + 1)
    # A real package's list of types is a few kilobytes and declares no entities.
    if len(xml) > MB or b"<!DOCTYPE" in xml.upper() or b"<!ENTITY" in xml.upper():
        raise ValueError("not a package's content types")
    root = ElementTree.fromstring(xml)
    return {
        override.get("PartName", ""): override.get("ContentType", "")
        for override in root.iter(f"{CONTENT_TYPES}Override")
    }


def _text_kind(upload: Upload) -> str | None:
    sample = upload.read(64 * 1024)
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


def _has_markup(chunks: Iterable[bytes], pattern: re.Pattern[bytes]) -> bool:
    return _contains(chunks, pattern, lower=True)


def _contains(chunks: Iterable[bytes], pattern: re.Pattern[bytes], *, lower: bool) -> bool:
    """Whether the pattern is in the chunks, also where one chunk ends and the next begins."""
    tail = b""
    for chunk in chunks:
        window = tail + (chunk.lower() if lower else chunk)
        if pattern.search(window):
            return True
        tail = window[-OVERLAP:]
    return False


# --- What the whole file is ---------------------------------------------------------


def _check_pdf(upload: Upload, kind: str) -> None:
    """It parses as a PDF with pages, opens without a password, runs nothing and carries
    no other files."""
    damaged = ValidationError(
        gettext(
            "The selected file could not be read as a PDF: it may be damaged. Save or export "
            "it as a PDF again and upload the new copy."
        )
    )
    try:
        # The file itself, not Django's wrapper of it: pypdf reads a byte at a time.
        reader = PdfReader(upload.file or upload, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ValidationError(
                gettext(
                    "The selected PDF is protected by a password, so it cannot be checked or "
                    "read. Save a copy without the password and upload that."
                )
            )
        # A document has pages; a missing or odd page tree is a KeyError or ValueError.
        pages = reader.root_object["/Pages"]
        count = pages["/Count"] if isinstance(pages, DictionaryObject) else None
        if not isinstance(count, int) or count < 1:
            raise damaged
        names = _risky_pdf_names(upload, reader)
    except ValidationError:
        raise
    except Exception:
        # pypdf raises many kinds of error on a broken file; all of them mean the same.
        raise damaged from None
    if names & PDF_RUNS:
        raise ValidationError(
            gettext(
                "The selected PDF contains JavaScript or an action that starts a program, which "
                "evidence must not have. Print it to a new PDF, which leaves these out, and "
                "upload that."
            )
        )
    if names & PDF_CARRIES:
        raise ValidationError(
            gettext(
                "The selected PDF has files attached inside it. Upload the PDF without its "
                "attachments, and each attached file as evidence of its own."
            )
        )


def _risky_pdf_names(upload: Upload, reader: PdfReader) -> set[str]:
    """The names in PDF_RUNS or PDF_CARRIES that any object in the file holds, as a
    reader decodes them (/J#61vaScript is /JavaScript), packed object streams included.

    Parsing every object takes seconds for a large document, so objects are parsed only
    where a name may be. An object the file holds as written has its names in the
    file's bytes: if they hold one anywhere (perhaps by chance, inside a picture), every
    such object is parsed, each from where the file says it starts, as a reader would.
    Packed objects are not in the bytes: each compressed object stream is unpacked once
    (it holds nothing but objects) and searched, and if one is found there, every
    object packed in it is parsed. What the streams unpack to is counted like an Office
    file's parts; one object, or one stream, is held at a time."""
    suspects: list[tuple[int, int]] = []
    if _contains(upload.chunks(CHUNK), PDF_RISKY, lower=False):
        suspects += sorted((gen, number) for gen, table in reader.xref.items() for number in table)
    packed: dict[int, list[int]] = {}
    for number, (stream, _index) in sorted(reader.xref_objStm.items(), key=lambda item: item[1]):
        packed.setdefault(stream, []).append(number)
    unpacked = 0
    for stream, numbers in packed.items():
        packed_stream = reader.get_object(stream)
        if not isinstance(packed_stream, StreamObject):
            raise ValueError("an object stream that is not a stream")
        data = packed_stream.get_data()
        unpacked += len(data)
        if unpacked > MAX_EXPANDED_BYTES:
            raise _expands_too_far()
        if PDF_RISKY.search(data):
            suspects += [(0, number) for number in numbers]
        reader.resolved_objects.clear()
    if len(suspects) > MAX_PDF_OBJECTS:
        raise ValidationError(
            gettext(
                "The selected PDF has more than %(parts)s parts to check, more than can be "
                "checked. Save it again as a smaller PDF, or split it, and upload that."
            )
            % {"parts": written.number(MAX_PDF_OBJECTS)}
        )
    names = set()
    for generation, number in suspects:
        names |= _pdf_names(reader.get_object(IndirectObject(number, generation, reader)))
        if len(reader.resolved_objects) > 1000:
            reader.resolved_objects.clear()
    return names & (PDF_RUNS | PDF_CARRIES)


def _pdf_names(item: object) -> set[str]:
    """The names in an object: its keys, values and array items, and theirs, without
    following references to other objects."""
    names, found = set(), [item]
    while found:
        item = found.pop()
        if isinstance(item, NameObject):
            names.add(_name(item))
        elif isinstance(item, DictionaryObject):
            names.update(_name(key) for key in dict.keys(item))
            found.extend(dict.values(item))
        elif isinstance(item, ArrayObject):
            found.extend(list.__iter__(item))
    return names


def _name(name: object) -> str:
    # pypdf reads a NUL as part of a name; readers that take it for white space see what
    # comes before it.
    return str(name).split("\x00", 1)[0]


def _check_office(upload: Upload, kind: str) -> None:
    """Not too big once opened, by its own account or by reading it; and no part of it
    is a web page or script (an SVG drawing may be a drawing, not a script)."""
    too_big = _expands_too_far()
    try:
        archive = zipfile.ZipFile(upload)
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise ValidationError(
                gettext(
                    "The selected file has more than %(parts)s parts inside it, more than any "
                    "document needs. Save it again, or split it into smaller files, and upload "
                    "them."
                )
                % {"parts": written.number(MAX_PARTS)}
            )
        if sum(part.file_size for part in parts) > MAX_EXPANDED_BYTES:
            raise too_big
        read = 0

        def chunks(content: IO[bytes]) -> Iterator[bytes]:
            # Counted across every part, because the sizes declared above may be untrue.
            # (zipfile itself stops at a part's declared size and then finds its checksum
            # wrong; this count does not rely on that.)
            nonlocal read
            while chunk := content.read(CHUNK):
                read += len(chunk)
                if read > MAX_EXPANDED_BYTES:
                    raise too_big
                yield chunk

        for part in parts:
            if part.filename.lower().endswith("vbaproject.bin"):
                raise _has_macros(kind)
            pattern = SVG_SCRIPT if part.filename.lower().endswith(".svg") else MARKUP
            with archive.open(part) as content:
                if _has_markup(chunks(content), pattern):
                    raise ValidationError(str(MARKUP_MESSAGE))
    except (zipfile.BadZipFile, *ZIP_ERRORS):
        # A wrong checksum, a part cut short, encryption, an unknown compression.
        raise ValidationError(
            gettext(
                "The selected file could not be opened as a %(name)s: it may be damaged. Save "
                "it again and upload the new copy."
            )
            % {"name": OFFICE_NAMES[kind]}
        ) from None


def _check_image(upload: Upload, kind: str) -> None:
    """A picture that decodes, of a size that can be checked. PNG's own check reads every
    chunk against its checksum; the other formats are decoded (a JPEG at an eighth of
    its size, which still reads all of it). Anything after the picture's end was
    searched for markup with the rest of the file."""
    name = PILLOW_FORMATS[kind]
    try:
        with Image.open(upload, formats=[name]) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError(f"{width} × {height}")
            image.verify()
        if kind != "png":
            upload.seek(0)
            with Image.open(upload, formats=[name]) as image:
                image.draft(None, (max(1, width // 8), max(1, height // 8)))
                image.load()
    except Image.DecompressionBombError:
        raise ValidationError(
            gettext(
                "The selected image must be at most %(megapixels)s megapixels. Make it smaller "
                "and upload it again."
            )
            % {"megapixels": MAX_IMAGE_PIXELS // 1_000_000}
        ) from None
    except Exception:
        # Pillow raises many kinds of error on a broken picture; all mean the same.
        raise ValidationError(
            gettext(
                "The selected file could not be opened as a %(kind)s image: it may be damaged. "
                "Save or export the picture again and upload the new copy."
            )
            % {"kind": name}
        ) from None


def _check_text(upload: Upload, kind: str) -> None:
    """UTF-8 all the way through, not only where the first bytes were sampled."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in upload.chunks(CHUNK):
            if b"\x00" in chunk:
                raise UnicodeDecodeError("utf-8", chunk, 0, 1, "NUL")
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ValidationError(
            gettext(
                "The selected file must be plain text saved as UTF-8. Save it again as UTF-8 "
                "(in Excel, choose CSV UTF-8) and upload it again."
            )
        ) from None


CHECKS = {
    "pdf": _check_pdf,
    "docx": _check_office,
    "xlsx": _check_office,
    "png": _check_image,
    "jpeg": _check_image,
    "gif": _check_image,
    "webp": _check_image,
    "csv": _check_text,
    "txt": _check_text,
}
