"""Importing progress records from a CSV file: every row, or none and every reason why.

The file is read strictly. A quoting mistake — a stray opening quote that would
swallow the following rows into one note — is an error on its line, as is a control
character, a wrong number of columns, or a date not written YYYY-MM-DD. Rows that are
identical to a record already held (or to an earlier row) are reported and skipped,
so running the same file twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from core.refusals import Refused
from core.text import forbidden_character

from .models import ProgressRecord
from .services import check_batch, create_progress_records

HEADER = ["force", "milestone", "status", "effective_on", "note"]
# Files written before the date column was named like the API's field still import.
OLD_HEADER = ["force", "milestone", "status", "effective_date", "note"]


class ImportRejected(Refused):
    """Nothing was imported; `messages` lists every problem, line by line."""


@dataclass
class Imported:
    record_ids: list[int]
    skipped: dict[int, str]


def read_rows(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], dict[int, list[str]]]:
    """Decode an import file into (line number, row) pairs and per-line problems of shape.

    A file that cannot be read as CSV at all (its quoting is broken) is ImportRejected.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as UTF-8"]
        ) from None
    if not text.strip():
        raise ImportRejected([f"the file is empty: expected a header line {','.join(HEADER)}"])
    # Control and invisible characters (core.text), reported by line: csv would read a
    # stray carriage return as the end of a row, and a bidi override hides what a line says.
    problems = [
        f"line {number}: contains {found}; remove it"
        # Lines as the csv module counts them (not str.splitlines, which also breaks
        # at form feeds and separators and so would hide them).
        for number, line in enumerate(io.StringIO(text, newline=""), start=1)
        if (found := forbidden_character(line))
    ]
    if problems:
        raise ImportRejected(problems)

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, problems, shape = [], [], {}
    try:
        header = [h.strip().lower() for h in next(reader)]
        if header not in (HEADER, OLD_HEADER):
            raise ImportRejected(
                [f"line 1: the header must be {','.join(HEADER)}, not {','.join(header)}"]
            )
        started = reader.line_num
        for values in reader:
            line = started + 1
            started = reader.line_num
            if reader.line_num != line:
                # A quoted field ran over a line break: almost always a stray quote
                # that would swallow the rows after it.
                problems.append(
                    f"line {line}: a quoted field runs on to line {reader.line_num}; check "
                    "for a quote that is opened and not closed"
                )
                continue
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(HEADER):
                shape[line] = [f"expected {len(HEADER)} columns, found {len(values)}"]
                continue
            rows.append((line, dict(zip(HEADER, values, strict=True))))
    except csv.Error as exc:
        # Reported where the broken record began: that is where the stray quote is.
        problems.append(
            f"line {started + 1}: a quoted field there is not closed properly ({exc}, found "
            f"on line {reader.line_num}); check for a quote that is opened and not closed"
        )
    if problems:
        raise ImportRejected(problems)
    if not rows and not shape:
        raise ImportRejected(["the file has a header but no records"])
    return rows, shape


def import_progress(data: bytes, *, by, origin: str = "") -> Imported:
    """Import progress records from CSV bytes, recorded as entered by `by` (an inspector)."""
    rows, problems = read_rows(data)
    batch = check_batch(rows)
    problems.update(batch.problems)
    if problems:
        raise ImportRejected(
            [f"line {line}: {problem}" for line in sorted(problems) for problem in problems[line]]
        )
    ids = create_progress_records(
        [entry for _line, entry in batch.entries],
        by=by,
        source=ProgressRecord.Source.IMPORT,
        origin=origin,
    )
    return Imported(record_ids=ids, skipped=batch.duplicates)
