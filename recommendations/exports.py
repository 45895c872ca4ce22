"""The overdue report as rows, CSV and XLSX: one shape for the web and the command."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font

from .progress import Standing

OVERDUE_COLUMNS = ["force", "milestone", "due_date", "status", "days_overdue"]


def overdue_row(standing: Standing) -> dict:
    return {
        "force": standing.owner_slug,
        "milestone": standing.milestone.code,
        "due_date": standing.milestone.due_on,
        "status": standing.status,
        "days_overdue": standing.days_overdue,
    }


def overdue_csv(standings: Iterable[Standing], out: io.TextIOBase) -> None:
    writer = csv.DictWriter(out, fieldnames=OVERDUE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for standing in standings:
        row = overdue_row(standing)
        row["due_date"] = row["due_date"].isoformat()
        writer.writerow(row)


def overdue_xlsx(standings: Iterable[Standing], *, as_of) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Overdue {as_of.isoformat()}"
    sheet.append(OVERDUE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for standing in standings:
        row = overdue_row(standing)
        sheet.append([row[column] for column in OVERDUE_COLUMNS])
        sheet.cell(row=sheet.max_row, column=3).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", [32, 20, 12, 14, 14], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
