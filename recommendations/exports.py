"""The overdue report and the standings as CSV and XLSX: one shape for the web, the API
and the command.

The names and labels people read come first; the code columns follow them, unchanged,
for the tools that read them (a tool reads a column by its heading, not its place). A
download's file name says what it holds, and the XLSX carries its as-of date and filters
on a second sheet, so it can be handed on.

The XLSX is for people: asked for from a Welsh page, its labels, its second sheet and the
meanings of its columns are in Welsh (the column headings stay the codes tools read). The
CSV is for tools: always in English, whichever page it is asked for from.
`download()` is the one place a download is answered, for the web page and the API alike,
so the same question gives the same bytes and the same file name through either door.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core import spreadsheets
from core.caching import remember

from .progress import CATEGORIES, Standing

if TYPE_CHECKING:
    from .selection import Selection

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}

HEADINGS = {
    "force": _("Force or national body (code)"),
    "milestone": _("Milestone (code)"),
    "due_date": _("Due"),
    "status": _("Status (code)"),
    "category": _("Counted as (code): overdue, met_late or the status"),
    "days_overdue": _("Days overdue"),
    "met_on": _("Met since (the run of met records began)"),
    "record": _("The progress record setting the status (its id)"),
    "force_name": _("Force or national body"),
    "milestone_name": _("Milestone"),
    "status_label": _("Status"),
    "category_label": _("Counted as"),
}
WIDTHS = {
    "force": 24,
    "milestone": 18,
    "due_date": 12,
    "status": 14,
    "category": 14,
    "days_overdue": 13,
    "met_on": 12,
    "record": 10,
    "force_name": 32,
    "milestone_name": 60,
    "status_label": 16,
    "category_label": 16,
}


def standing_row(standing: Standing) -> dict[str, Any]:
    return {
        "force": standing.owner_slug,
        "milestone": standing.milestone.code,
        "due_date": standing.milestone.due_on,
        "status": standing.status,
        "category": standing.category,
        "days_overdue": standing.days_overdue,
        "met_on": standing.met_on,
        "record": standing.record_id,
        "force_name": standing.owner.name,
        "milestone_name": standing.milestone.full_name,
        "status_label": standing.status_label,
        "category_label": gettext(CATEGORIES[standing.category]),
    }


@dataclass(frozen=True)
class Table:
    """One downloadable list: its name (the file name's first word), what it is, its
    columns in order (what people read first, then the codes)."""

    name: str
    title: str | Promise
    sheet: str | Promise
    columns: list[str]
    row: Callable[[Standing], dict[str, Any]] = standing_row

    def rows(self, standings: Iterable[Standing]) -> Iterator[dict[str, Any]]:
        for standing in standings:
            found = self.row(standing)
            yield {column: found[column] for column in self.columns}


OVERDUE = Table(
    name="overdue",
    title=_("Forces and national bodies overdue (peeltrack)"),
    sheet=pgettext_lazy("sheet", "Overdue"),
    columns=[
        "force_name",
        "milestone_name",
        "due_date",
        "status_label",
        "days_overdue",
        "force",
        "milestone",
        "status",
    ],
)
STANDINGS = Table(
    name="standings",
    title=_("Where each force and national body stands (peeltrack)"),
    sheet=pgettext_lazy("sheet", "Standings"),
    columns=[
        "force_name",
        "milestone_name",
        "due_date",
        "status_label",
        "category_label",
        "days_overdue",
        "met_on",
        "force",
        "milestone",
        "status",
        "category",
        "record",
    ],
)
OVERDUE_COLUMNS = OVERDUE.columns
DATE_COLUMNS = {"due_date", "met_on"}


def write_csv(table: Table, standings: Iterable[Standing], out: spreadsheets.TextOut) -> None:
    def rows() -> Iterator[list[Any]]:
        yield table.columns
        for row in table.rows(standings):
            for column in DATE_COLUMNS & set(row):
                row[column] = row[column].isoformat() if row[column] else ""
            yield [row[column] for column in table.columns]

    spreadsheets.write_csv(out, rows())


def overdue_csv(standings: Iterable[Standing], out: spreadsheets.TextOut) -> None:
    write_csv(OVERDUE, standings, out)


def workbook(table: Table, standings: Iterable[Standing], *, about: list[tuple[str, str]]) -> bytes:
    """A workbook: the rows (filterable, header frozen), and what they are on a second sheet."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = str(table.sheet)
    spreadsheets.append(sheet, table.columns)
    count = 0
    for row in table.rows(standings):
        spreadsheets.append(sheet, [row[column] for column in table.columns])
        for index, column in enumerate(table.columns, start=1):
            if column in DATE_COLUMNS:
                sheet.cell(row=sheet.max_row, column=index).number_format = "yyyy-mm-dd"
        count += 1
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[column]

    notes = book.create_sheet(pgettext("sheet", "About"))
    spreadsheets.append(notes, [gettext("Report"), table.title])
    for label, value in about:
        spreadsheets.append(notes, [label, value])
    spreadsheets.append(notes, [gettext("Rows"), count])
    produced = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    spreadsheets.append(notes, [gettext("Produced"), produced])
    spreadsheets.append(notes, [])
    spreadsheets.append(notes, [gettext("Column"), gettext("Meaning")])
    for column in table.columns:
        spreadsheets.append(notes, [column, HEADINGS[column]])
    for row in notes.iter_rows(min_col=1, max_col=1):
        row[0].font = Font(bold=True)
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def overdue_xlsx(standings: Iterable[Standing], *, about: list[tuple[str, str]]) -> bytes:
    return workbook(OVERDUE, standings, about=about)


def file_name(about: list[tuple[str, str]], extension: str, name: str = "overdue") -> str:
    """overdue-peel-effectiveness-2017-as-of-2018-10-01-due-2018-09-country-wales.csv: what
    it holds, in its name (the report by its slug alone)."""
    parts = [name]
    for label, value in about:
        parts.append(value if label == "report" else f"{label}-{value}")
    name = "-".join(parts).lower()
    name = re.sub(r"[^a-z0-9_.-]+", "-", name).strip("-")
    return f"{name[:180]}.{extension}"


def download(
    request: HttpRequest, selection: Selection, export: str, table: Table = OVERDUE
) -> HttpResponse:
    """The table's rows for a Selection as a CSV or XLSX file, named for what it holds:
    the web page's download and the API's alike (same question, same bytes)."""
    # The CSV is always in English (for tools); the XLSX in the page's language.
    language = translation.get_language() if export == "xlsx" else "en-gb"
    with translation.override(language):
        about = selection.describe()
    standings = selection.overdue if table is OVERDUE else selection.standings

    def make() -> bytes:
        with translation.override(language):
            if export == "csv":
                buffer = io.StringIO()
                write_csv(table, standings(), buffer)
                return buffer.getvalue().encode()
            return workbook(table, standings(), about=[(label, v) for _k, label, v in about])

    # Keyed by the question, not the address: the web page and the API share the file
    # (each language its own workbook).
    question = sorted((key, value) for key, _label, value in about)
    if export == "xlsx":
        question.append(("language", language))
    body = remember(request, f"{table.name}-{export}", make, question)
    response = HttpResponse(body, content_type=MEDIA_TYPES[export])
    name = file_name([(key, value) for key, _label, value in about], export, table.name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
