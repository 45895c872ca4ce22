"""The one rule for spreadsheet cells: text a spreadsheet would run is written as text;
numbers and dates are data and stay numbers and dates."""

import csv
import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import append, neutralise, write_csv


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", "\0=1+1", "-"],
)
def test_text_a_spreadsheet_would_run_gets_a_quote_in_front(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Durham", "", "1 October", "Plan: =agreed", "'quoted", "#N/A"])
def test_other_text_is_left_as_it_is(text):
    assert neutralise(text) == text


@pytest.mark.parametrize("value", [-3, -2.5, 0, None, datetime.date(2018, 9, 30)])
def test_numbers_and_dates_are_data_not_text(value):
    assert neutralise(value) == value


def test_a_csv_keeps_a_carriage_return_inside_its_cell():
    # Unquoted, a lone carriage return starts a new row, whose first cell runs.
    out = io.StringIO()
    write_csv(out, [["who", "days"], ['Dan\r=HYPERLINK("x")', -3], ["Smith;=1+1", 4]])
    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [
        ["who", "days"],
        ['Dan\r=HYPERLINK("x")', "-3"],
        ["Smith;=1+1", "4"],
    ]
    # Text is quoted (so no separator inside it splits the cell), numbers are not.
    assert out.getvalue().split("\n")[2] == '"Smith;=1+1",4'


def test_a_worksheet_stores_text_as_text_and_numbers_as_numbers():
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    append(sheet, ["=1+1", "#N/A", -3, datetime.date(2018, 9, 30)])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(buffer).active.iter_rows())
    assert [c.data_type for c in cells] == ["s", "s", "n", "d"]
    assert [c.value for c in cells][:3] == ["'=1+1", "#N/A", -3]


def test_a_control_character_in_old_text_does_not_stop_a_workbook():
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    append(sheet, ["Dur\x07ham", "\x00=1+1", 3])
    saved = io.BytesIO()
    book.save(saved)
    saved.seek(0)
    row = [cell.value for cell in next(load_workbook(saved).active.iter_rows())]
    assert row == ["Dur\ufffdham", "\ufffd=1+1", 3]
