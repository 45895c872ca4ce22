"""Files kept in the database itself, through Django's storage API.

On PostgreSQL every app server reads the same files with nothing but the database, a
file is written in the transaction that records it (a change that rolls back leaves no
file behind, and no record points at a file half-written), and the database's backup
holds the files with everything else. Local disk stays the default on SQLite, where
the site is one machine (settings: PEELTRACK_EVIDENCE_STORAGE).

A file is a run of rows of at most CHUNK_BYTES each (core.models.StoredFileChunk),
written a piece at a time from the upload and read back a piece at a time, so a 20 MB
file is never held in memory whole, on the way in or out.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Buffer
from typing import IO, Any, cast

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Length
from django.utils.deconstruct import deconstructible

from .models import StoredFileChunk

# Big enough that a 20 MB file is some forty rows and queries, small enough that the
# piece in hand while streaming is no burden to a server answering several at once.
CHUNK_BYTES = 512 * 1024


@deconstructible(path="core.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows of the database the site runs on (see the module's docstring)."""

    def _save(self, name: str, content: File[Any]) -> str:
        # Its own savepoint: a failure part-way leaves none of the file, even where the
        # caller's transaction goes on.
        with transaction.atomic():
            seq = 0
            pending = bytearray()
            for piece in content.chunks(CHUNK_BYTES):
                pending += piece
                while len(pending) >= CHUNK_BYTES:
                    _write(name, seq, bytes(pending[:CHUNK_BYTES]))
                    del pending[:CHUNK_BYTES]
                    seq += 1
            if pending or seq == 0:
                # An empty file is one empty piece, so that it exists.
                _write(name, seq, bytes(pending))
        return name

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        if mode not in {"r", "rb"}:
            raise ValueError("Files in the database open for reading only; save() writes them.")
        lengths = list(
            StoredFileChunk.objects.filter(name=name)
            .order_by("seq")
            .values_list("seq", Length("data"))
        )
        if not lengths:
            raise FileNotFoundError(f"No file {name!r} in the database")
        # A raw binary stream is a file of bytes to every caller, if not to typeshed.
        return File(cast(IO[bytes], ChunkedReader(name, lengths)), name=name)

    def exists(self, name: str) -> bool:
        return StoredFileChunk.objects.filter(name=name).exists()

    def size(self, name: str) -> int:
        total = StoredFileChunk.objects.filter(name=name).aggregate(size=Sum(Length("data")))
        if total["size"] is None:
            raise FileNotFoundError(f"No file {name!r} in the database")
        return int(total["size"])

    def delete(self, name: str) -> None:
        StoredFileChunk.objects.filter(name=name).delete()

    def url(self, name: str | None) -> str:
        # Files are served only by views that check who is asking, never at an address
        # of their own.
        raise NotImplementedError("Files in the database have no public address.")


def _write(name: str, seq: int, data: bytes) -> None:
    StoredFileChunk.objects.create(name=name, seq=seq, data=data)


class ChunkedReader(io.RawIOBase):
    """A file in the database, read a piece at a time as it is asked for: one piece
    (at most CHUNK_BYTES) in memory at once, whatever the file's size."""

    def __init__(self, name: str, lengths: list[tuple[int, int]]) -> None:
        super().__init__()
        self.name = name
        self._seqs = [seq for seq, _length in lengths]
        self._starts = []
        start = 0
        for _seq, length in lengths:
            self._starts.append(start)
            start += length
        self.size = start
        self._position = 0
        self._piece = b""
        self._piece_index: int | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("A file cannot be read from before its start.")
        self._position = base + offset
        return self._position

    def read(self, size: int | None = -1) -> bytes:
        # As a file on disk does: all that is asked for, short only at the end, even
        # where it spans pieces.
        if size is None or size < 0:
            return self.readall()
        parts = []
        while size > 0:
            part = super().read(size)
            if not part:
                break
            parts.append(part)
            size -= len(part)
        return b"".join(parts)

    def readinto(self, buffer: Buffer) -> int:
        if self._position >= self.size:
            return 0
        index = bisect.bisect_right(self._starts, self._position) - 1
        if index != self._piece_index:
            self._piece = _read(self.name, self._seqs[index])
            self._piece_index = index
        target = memoryview(buffer).cast("B")
        start = self._position - self._starts[index]
        taken = self._piece[start : start + len(target)]
        target[: len(taken)] = taken
        self._position += len(taken)
        return len(taken)

    def close(self) -> None:
        self._piece = b""
        super().close()


def _read(name: str, seq: int) -> bytes:
    data = StoredFileChunk.objects.filter(name=name, seq=seq).values_list("data", flat=True)
    found = data.first()
    if found is None:
        raise FileNotFoundError(f"No piece {seq} of {name!r} in the database")
    # psycopg gives bytes; SQLite a memoryview.
    return found if isinstance(found, bytes) else bytes(found)
