"""Which day a page shows when no date is chosen: today on a real installation; the day
the installation opens on where it says so (the demo opens inside its history, where its
deadlines fall, not years after them). The API and commands always mean today."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured

from core.dates import today
from notices.checks import pages_open_on_today
from peeltrack.settings import env_date
from tests.conftest import api_for

OPENS_ON = datetime.date(2019, 2, 1)


@pytest.fixture
def demo(settings):
    settings.PEELTRACK_PAGES_OPEN_ON = OPENS_ON


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_real_installation_opens_on_today(signed_in):
    page = soup(signed_in.get("/"))
    day = today()
    assert page.h1.get_text() == f"Who is behind, as of {day.day} {day:%B %Y}"
    assert page.find(id="opening-day") is None
    quick = page.find(id="quick-dates")
    assert quick.find_all("a")[-1]["href"] == "?"  # today: no date in the address


def test_the_demo_opens_on_its_own_day_and_says_so(demo, signed_in, histories):
    page = soup(signed_in.get("/"))
    assert page.h1.get_text() == "Who is behind, as of 1 February 2019"
    notice = page.find(id="opening-day")
    assert notice is not None and notice.a is not None
    assert "Shown as of 1 February 2019, the day this copy opens on" in notice.get_text()
    # "Today" means today there, with its date in the address: no date means the demo's day.
    assert notice.a["href"] == f"?as_of={today():%Y-%m-%d}"
    assert page.find(id="quick-dates").find_all("a")[-1]["href"] == f"?as_of={today():%Y-%m-%d}"
    # R3-first-review fell due the day before: its overdue forces are a day overdue.
    overdue = signed_in.get("/reports/overdue/", {"format": "csv"}).content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(overdue)) if r["milestone"] == "R3-first-review"]
    assert rows and {r["days_overdue"] for r in rows} == {"1"}


def test_a_chosen_date_wins_over_the_opening_day(demo, signed_in):
    page = soup(signed_in.get("/", {"as_of": "2018-10-01"}))
    assert page.h1.get_text() == "Who is behind, as of 1 October 2018"
    assert page.find(id="opening-day") is None


def test_every_page_read_as_of_a_date_opens_on_it(demo, signed_in, durham):
    for path in ["/reports/overdue/", "/forces/durham/", "/reports/", "/reports/activity/"]:
        html = signed_in.get(path).content.decode()
        assert "1 February 2019" in html, path


def test_the_api_means_today_whatever_the_pages_open_on(demo, manager, histories):
    rows = (
        api_for(manager)
        .get(
            "/api/v1/overdue/",
            {"report": "peel-effectiveness-2017", "milestone": "R3-first-review"},
        )
        .json()
    )
    assert rows and {r["days_overdue"] for r in rows} == {
        (today() - datetime.date(2019, 1, 31)).days
    }


def test_the_quick_dates_are_the_latest_days_after_a_deadline(signed_in):
    quick = soup(signed_in.get("/")).find(id="quick-dates")
    assert [a.get_text() for a in quick.find_all("a")] == [
        "1 January 2018",
        "1 April 2018",
        "1 May 2018",
        "1 October 2018",
        "1 November 2018",
        "1 February 2019",
        "today",
    ]
    assert quick.find_all("a")[3]["href"] == "?as_of=2018-10-01"


def test_the_opening_day_is_a_date_and_a_server_is_warned_of_it(settings, monkeypatch):
    monkeypatch.setenv("PEELTRACK_PAGES_OPEN_ON", "1/2/2019")
    with pytest.raises(ImproperlyConfigured, match="PEELTRACK_PAGES_OPEN_ON must be a date"):
        env_date("PEELTRACK_PAGES_OPEN_ON")
    monkeypatch.setenv("PEELTRACK_PAGES_OPEN_ON", "2019-02-01")
    assert env_date("PEELTRACK_PAGES_OPEN_ON") == OPENS_ON
    settings.DEBUG, settings.LOCAL = False, False
    settings.PEELTRACK_PAGES_OPEN_ON = OPENS_ON
    assert [w.id for w in pages_open_on_today(None)] == ["notices.W003"]
    settings.LOCAL = True
    assert pages_open_on_today(None) == []
    settings.LOCAL, settings.PEELTRACK_PAGES_OPEN_ON = False, None
    assert pages_open_on_today(None) == []
