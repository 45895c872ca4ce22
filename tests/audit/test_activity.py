"""Who has gone quiet: every kind of update counts, as of any date."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client

from recommendations.models import Milestone
from recommendations.services import record_progress
from tests.conftest import api_for, build_plan

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(day).replace(hour=10, tzinfo=LONDON))


@pytest.fixture
def reading(manager):
    client = Client()
    client.force_login(manager)

    def rows(**query):
        response = client.get("/reports/activity/", query)
        assert response.status_code == 200
        return {row.force.slug: row for row in response.context["rows"]}, response

    return rows


def test_an_inspectors_record_counts_as_an_update_for_the_force(reading, inspector, durham):
    with at("2018-09-10"):
        record_progress(
            milestone=Milestone.objects.get(code="R4-review"),
            force=durham,
            status="in_progress",
            effective_on=datetime.date(2018, 9, 1),
            note="Visited",
            by=inspector,
        )
    rows, _response = reading(as_of="2018-09-20")
    assert not rows["durham"].quiet and rows["durham"].days_since == 10
    assert rows["kent"].quiet and rows["kent"].last is None


def test_quiet_means_no_update_in_the_days_up_to_the_as_of_date(reading, durham, liaison_durham):
    with at("2018-09-01"):
        build_plan(durham, liaison_durham)
    assert not reading(as_of="2018-09-30")[0]["durham"].quiet  # 29 days
    assert reading(as_of="2018-10-01")[0]["durham"].quiet  # 30 days: quiet
    assert not reading(as_of="2018-10-01", days="31")[0]["durham"].quiet
    # Before the update happened, it had not happened.
    before = reading(as_of="2018-08-31")[0]["durham"]
    assert before.quiet and before.last is None


def test_the_page_names_the_quiet_forces_and_says_what_quiet_means(reading, durham, liaison_durham):
    with at("2018-09-01"):
        build_plan(durham, liaison_durham)
    _rows, response = reading(as_of="2018-09-05")
    html = response.content.decode()
    assert "42 forces have gone quiet" in html
    assert "no update in the 30 days up to and including the as-of date" in html
    assert response.context["quiet_count"] == 42


@pytest.mark.parametrize("days", ["+5", "soon", "0", "99999", " 5"])
def test_bad_day_counts_are_refused_the_same_way_on_the_page_and_the_api(manager, days):
    client = Client()
    client.force_login(manager)
    assert client.get("/reports/activity/", {"days": days}).status_code == 400
    api = api_for(manager)
    assert api.get("/api/v1/activity/", {"days": days}).status_code == 400


def test_the_change_history_downloads_as_csv_in_words(inspector, durham, liaison_durham, kent):
    import csv
    import io

    build_plan(durham, liaison_durham)
    client = Client()
    client.force_login(liaison_durham)
    response = client.get("/forces/durham/change-history.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="change-history-durham-'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0].keys() >= {"when", "who", "kind_of_change", "what_happened"}
    assert {row["who"] for row in rows} >= {"Dan Durham"}
    assert any(row["what_happened"].startswith("Submitted the plan") for row in rows)
    assert any(row["kind_of_change"] == "Evidence" for row in rows)
    assert client.get("/forces/kent/change-history.csv").status_code == 404
