"""Dates as people type them on the pages; YYYY-MM-DD in every address and in the API."""

import datetime

import pytest

from core.dates import read_typed_date
from tests.conftest import api_for

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2018-10-01", "2018-10-01"),
        ("1/10/2018", "2018-10-01"),
        ("01/10/2018", "2018-10-01"),
        ("1/10/18", "2018-10-01"),
        ("01.10.2018", "2018-10-01"),
        ("1-10-2018", "2018-10-01"),
        ("1 Oct 2018", "2018-10-01"),
        ("1 October 2018", "2018-10-01"),
        ("1st October 2018", "2018-10-01"),
        ("Monday 1 October 2018", "2018-10-01"),
        ("  30 Sep 2018 ", "2018-09-30"),
        ("29/2/2020", "2020-02-29"),
        ("2018/10/01", "2018-10-01"),  # a year first is followed by its month
        ("2018.10.1", "2018-10-01"),
        ("10/1/2018", "2018-01-10"),  # day first, as in the UK
    ],
)
def test_a_date_typed_day_first_is_read(typed, read):
    assert read_typed_date(typed) == D(read)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("October 2018", "as a day, month and year"),
        ("1/10", "as a day, month and year"),
        ("2018", "as a day, month and year"),
        ("10:30", "as a day, month and year"),
        ("1/10/2018 10:30", "as a day, month and year"),
        ("tomorrow", "as a day, month and year"),
        ("", "as a day, month and year"),
        ("31/2/2018", "must be a real date"),
        ("29/2/2019", "must be a real date"),
        ("2018-13-01", "must be a real date"),
        ("1" * 60, "as a day, month and year"),
        ("20181001", "as a day, month and year"),  # digits alone: no order to read
        ("2018-W35-6", "as a day, month and year"),
    ],
)
def test_anything_else_is_refused_with_a_message(typed, message):
    with pytest.raises(ValueError, match=message):
        read_typed_date(typed, what="the as-of date")


@pytest.mark.django_db
def test_a_page_goes_to_the_iso_address_and_says_how_it_read_the_date(signed_in):
    response = signed_in.get("/reports/overdue/", {"as_of": "1/10/2018", "known_on": "5 Oct 2018"})
    assert response.status_code == 302
    assert response["Location"] == "/reports/overdue/?as_of=2018-10-01&known_on=2018-10-05"
    page = signed_in.get(response["Location"])
    text = page.content.decode()
    assert "Read “1/10/2018” as 1 October 2018." in text
    assert "Read “5 Oct 2018” as 5 October 2018." in text


@pytest.mark.django_db
def test_a_date_that_is_not_one_is_the_forms_error_in_the_pages_words(signed_in):
    response = signed_in.get("/", {"as_of": "October 2018"})
    assert response.status_code == 400
    assert "as a day, month and year, for example 1/10/2018" in response.content.decode()


@pytest.mark.django_db
def test_the_api_takes_yyyy_mm_dd_only(manager):
    as_manager = api_for(manager)
    response = as_manager.get("/api/v1/overdue/", {"as_of": "1/10/2018"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in str(response.json())
    assert as_manager.get("/api/v1/overdue/", {"as_of": "2018-10-01"}).status_code == 200
