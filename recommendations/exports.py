"""The overdue report as CSV and XLSX: one shape for the web, the API and the command.

The code columns come first, as they always have, for the tools that read them; the
names and labels people read follow. A download's file name says what it holds, and the
XLSX carries its as-of date and filters on a second sheet, so it can be handed on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .progress import Standing

OVERDUE_COLUMNS = [
    "force",
    "milestone",
    "due_date",
    "status",
    "days_overdue",
    "force_name",
    "milestone_name",
    "status_label",
]
HEADINGS = {
    "force": "Force or national body (code)",
    "milestone": "Milestone (code)",
    "due_date": "Due",
    "status": "Status (code)",
    "days_overdue": "Days overdue",
    "force_name": "Force or national body",
    "milestone_name": "Milestone",
    "status_label": "Status",
}
WIDTHS = [24, 18, 12, 14, 13, 32, 60, 16]


def overdue_row(standing: Standing) -> dict:
    return {
        "force": standing.owner_slug,
        "milestone": standing.milestone.code,
        "due_date": standing.milestone.due_on,
        "status": standing.status,
        "days_overdue": standing.days_overdue,
        "force_name": standing.owner.name,
        "milestone_name": standing.milestone.description,
        "status_label": standing.status_label,
    }


def overdue_csv(standings: Iterable[Standing], out: io.TextIOBase) -> None:
    writer = csv.DictWriter(out, fieldnames=OVERDUE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for standing in standings:
        row = overdue_row(standing)
        row["due_date"] = row["due_date"].isoformat()
        writer.writerow(row)


def overdue_xlsx(standings: Iterable[Standing], *, about: list[tuple[str, str]]) -> bytes:
    """A workbook: the rows (filterable, header frozen), and what they are on a second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Overdue"
    sheet.append(OVERDUE_COLUMNS)
    count = 0
    for standing in standings:
        row = overdue_row(standing)
        sheet.append([row[column] for column in OVERDUE_COLUMNS])
        sheet.cell(row=sheet.max_row, column=3).number_format = "yyyy-mm-dd"
        count += 1
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{count + 1}"
    for column, width in zip("ABCDEFGH", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width

    notes = workbook.create_sheet("About")
    notes.append(["Report", "Forces and national bodies overdue (peeltrack)"])
    for label, value in about:
        notes.append([label, value])
    notes.append(["Rows", count])
    notes.append(["Produced", timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")])
    notes.append([])
    notes.append(["Column", "Meaning"])
    for column in OVERDUE_COLUMNS:
        notes.append([column, HEADINGS[column]])
    for row in notes.iter_rows(min_col=1, max_col=1):
        row[0].font = Font(bold=True)
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(about: list[tuple[str, str]], extension: str) -> str:
    """overdue-as-of-2018-10-01-due-2018-09-country-wales.csv: what it holds, in its name."""
    parts = ["overdue"]
    for label, value in about:
        parts.append(f"{label}-{value}")
    name = "-".join(parts).lower()
    name = re.sub(r"[^a-z0-9_.-]+", "-", name).strip("-")
    return f"{name[:180]}.{extension}"
