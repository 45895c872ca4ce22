"""Cells that a spreadsheet reads as data, never as a formula: the one rule for every CSV
and XLSX peeltrack writes (OWASP's guidance on CSV injection).

A name, note or reason is typed by a person, and Excel, LibreOffice and Google Sheets run
a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``
can send the rest of the sheet away; ``=cmd|...`` has started programs), and some skip a
leading tab or line break first. Such text is written with a single quote in front,
which spreadsheets take as "this is text": the words survive whole and nothing runs.

Only text is changed. Numbers and dates are written as numbers and dates, so a negative
number of days stays a number a person can sort and add up; they come from our own
columns, never from what someone typed, and a number cannot be a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

from django.utils.functional import Promise
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

# OWASP's list, with the line feed beside the carriage return and NUL from ASVS 5.0
# (1.2.10): spreadsheets that skip leading white space would then meet a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet cell: text a spreadsheet would read as a formula gets a
    single quote in front; a label marked for translation as text in the language
    active (files meant for machines are written in English, see core.languages);
    anything else is returned as it is."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class TextOut(Protocol):
    """Where CSV goes: a file, a response, a command's standard output."""

    def write(self, text: str, /) -> object: ...


def write_csv(out: TextOut, rows: Iterable[Iterable[Any]]) -> None:
    """Write rows (the headings first) as CSV, every cell through `neutralise`.

    Every text field is quoted. RFC 4180 asks it of fields with commas, quotes and line
    breaks, and csv's minimal quoting misses a lone carriage return when lines end in
    "\\n", which a spreadsheet takes as a new row, whose first cell could then be a
    formula. Quoting all text also keeps a semicolon inside a name from splitting the
    cell where spreadsheets split on semicolons. Numbers stay unquoted.
    """
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_STRINGS)
    writer.writerows([neutralise(value) for value in row] for row in rows)


def append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Add a row of cells to a worksheet, each through `neutralise`.

    Text is stored as text, whatever it looks like: openpyxl would otherwise store a
    string starting "=" as a formula and "#N/A" as an error.
    """
    cells = []
    for value in values:
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str):
            # XML cannot hold most control characters, and openpyxl refuses the whole
            # workbook over one. The text rules (core.text) keep them out of what people
            # type today; anything older is shown as U+FFFD, the replacement character.
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        # openpyxl's stubs require a row and column; sheet.append() places the cell.
        cell = Cell(sheet, value=neutralise(value))  # type: ignore[call-arg]
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)
