"""Every CSV and XLSX the product writes keeps hostile text inert: a name, note or reason
that a spreadsheet would read as a formula comes out as text, whichever door it leaves by.

Each download is opened the way a person's tools would open it: the csv module for the
CSVs, openpyxl for the workbooks."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from audit.history import log, write_transaction
from audit.models import HistoryEntry
from forces.models import Force
from recommendations.models import Milestone
from tests.conftest import api_for

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example","Open")'
ADDS_UP = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3"
AT = "@SUM(1+9)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
RETURN = "\r=1+1"
# A carriage return inside a cell, unquoted, would start a new row beginning "=".
INSIDE = 'Agreed\r=HYPERLINK("http://evil.example","Open")'


@pytest.fixture
def hostile(histories, durham, milestone, liaison_durham):
    """Durham (overdue on R2-plan as of 1 October 2018) and R2-plan itself renamed to
    formulas, and a liaison whose name is one."""
    Force.objects.filter(pk=durham.pk).update(name=HYPERLINK)
    Milestone.objects.filter(code="R2-plan").update(description=AT)
    liaison_durham.first_name, liaison_durham.last_name = ADDS_UP, ""
    liaison_durham.save()
    return liaison_durham


def named_first(value: str, hostile: str) -> bool:
    """A milestone's name in a download begins with its item's label, so the hostile
    description inside it is text a spreadsheet never runs."""
    return value == f"Recommendation 2 — {hostile} (R2-plan)"


def inert(value: str, hostile: str) -> bool:
    """The hostile text is there, whole, behind a single quote: a spreadsheet shows it
    as text and never runs it."""
    return value == "'" + hostile


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


def xlsx_rows(response, sheet: str) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    book = load_workbook(io.BytesIO(response.content))
    cells = list(book[sheet].iter_rows())
    # openpyxl reads a stored formula back as "f"; every cell here must be data.
    assert not [c.coordinate for row in cells for c in row if c.data_type == "f"]
    headings = [c.value for c in cells[0]]
    return [dict(zip(headings, (c.value for c in row), strict=True)) for row in cells[1:]]


def durham_row(rows: list[dict]) -> dict:
    return next(r for r in rows if r["force"] == "durham" and r["milestone"] == "R2-plan")


OVERDUE = {"as_of": "2018-10-01", "due": "2018-09"}
STANDINGS = {"as_of": "2018-10-01", "milestone": "R2-plan"}


@pytest.fixture
def web(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.mark.parametrize(
    "door",
    [
        lambda web, api: web.get("/reports/overdue/", {**OVERDUE, "format": "csv"}),
        lambda web, api: api.get("/api/v1/overdue/", {**OVERDUE, "format": "csv"}),
        lambda web, api: api.get("/api/v1/overdue/", OVERDUE, HTTP_ACCEPT="text/csv"),
    ],
    ids=["web", "api-format", "api-accept"],
)
def test_the_overdue_csv_keeps_hostile_names_inert(hostile, web, manager, door):
    row = durham_row(csv_rows(door(web, api_for(manager))))
    assert inert(row["force_name"], HYPERLINK)
    assert named_first(row["milestone_name"], AT)


@pytest.mark.parametrize(
    "door",
    [
        lambda web, api: web.get("/reports/overdue/", {**OVERDUE, "format": "xlsx"}),
        lambda web, api: api.get("/api/v1/overdue/", {**OVERDUE, "format": "xlsx"}),
    ],
    ids=["web", "api"],
)
def test_the_overdue_xlsx_keeps_hostile_names_inert(hostile, web, manager, door):
    row = durham_row(xlsx_rows(door(web, api_for(manager)), "Overdue"))
    assert inert(row["force_name"], HYPERLINK)
    assert named_first(row["milestone_name"], AT)
    # Numbers and dates are still numbers and dates, not text.
    assert isinstance(row["days_overdue"], int) and row["due_date"].year == 2018


def test_the_standings_csv_keeps_hostile_names_inert(hostile, manager):
    response = api_for(manager).get("/api/v1/standings/", {**STANDINGS, "format": "csv"})
    row = durham_row(csv_rows(response))
    assert inert(row["force_name"], HYPERLINK)
    assert named_first(row["milestone_name"], AT)


def test_the_standings_xlsx_keeps_hostile_names_inert(hostile, manager):
    response = api_for(manager).get("/api/v1/standings/", {**STANDINGS, "format": "xlsx"})
    row = durham_row(xlsx_rows(response, "Standings"))
    assert inert(row["force_name"], HYPERLINK)
    assert named_first(row["milestone_name"], AT)


def test_the_change_history_csv_keeps_hostile_names_and_summaries_inert(hostile, durham):
    with write_transaction():
        for summary in (MINUS, TAB, RETURN, INSIDE):
            log(by=hostile, force=durham, subject=HistoryEntry.Subject.ACTION_PLAN, summary=summary)
    client = Client()
    client.force_login(hostile)
    rows = csv_rows(client.get(f"/forces/{durham.slug}/change-history.csv"))
    assert rows and all(inert(row["who"], ADDS_UP) for row in rows if row["username"])
    written = {row["what_happened"] for row in rows}
    assert {"'" + summary for summary in (MINUS, TAB, RETURN)} | {INSIDE} <= written
