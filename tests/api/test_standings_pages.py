"""GET /api/v1/standings/ comes in pages, and a page runs the rule for its own owners
only. Every page together is exactly the rule's answer, in its order, for any filter,
as of any date and as known on any date; the downloads keep every row."""

import datetime

import pytest
from django.core.cache import cache

from recommendations import progress
from recommendations.models import Milestone

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def every_page(api, params, size):
    """Every page's rows, following `next` as a client would."""
    rows, pages = [], 0
    url: str | None = "/api/v1/standings/"
    query: dict | None = {**params, "page_size": size}
    while url:
        body = api.get(url, query).json()
        rows += body["results"]
        pages += 1
        url, query = body["next"], None
    return rows, body["count"], pages


def key(row):
    return (row["milestone"]["code"], row["force"]["slug"], row["status"], row["category"])


@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "2018-10-01"},
        {"as_of": "2019-02-01", "known_on": "2018-10-05"},
        {"as_of": "2019-02-01", "report": "peel-effectiveness-2017"},
        {"as_of": "2019-02-01", "status": ["met_late", "overdue"]},
        {"as_of": "2019-02-01", "force": "kent"},
    ],
)
def test_every_page_together_is_the_rules_answer_in_its_order(as_manager, histories, params):
    whole = as_manager.get("/api/v1/standings/", {**params, "page_size": 500}).json()
    assert whole["next"] is None and whole["count"] == len(whole["results"]) > 0
    rows, count, pages = every_page(as_manager, params, 7)
    assert [key(r) for r in rows] == [key(r) for r in whole["results"]]
    assert rows == whole["results"]
    assert count == whole["count"] and pages == -(-count // 7)


def test_a_window_is_the_rules_answer_for_any_slice(histories):
    as_of, known_on = D("2019-02-01"), D("2018-12-01")
    milestones = list(Milestone.objects.for_the_rule())
    choices: list[progress.Options] = [
        {"milestones": milestones},
        {"milestones": milestones, "known_on": known_on},
        {"milestones": milestones, "include_national": False},
    ]
    for options in choices:
        whole = progress.standings(as_of, **options)
        window = progress.StandingsWindow(as_of, **options)
        assert len(window) == len(whole)
        for start, stop in [(0, 1), (0, 50), (13, 29), (len(whole) - 3, len(whole) + 10)]:
            assert window[start:stop] == whole[start:stop]
        assert window[5] == whole[5]


def test_a_page_reads_only_its_owners_records(as_manager, histories, monkeypatch):
    """The rule is asked for the page's owners, not every owner's; with a status filter,
    which needs every standing to know which match, for all of them."""
    asked = []
    latest_records = progress.latest_records

    def counting(keys, *args):
        keys = list(keys)
        asked.append(len(keys))
        return latest_records(keys, *args)

    monkeypatch.setattr(progress, "latest_records", counting)

    def owners_asked_about(params):
        cache.clear()
        asked.clear()
        assert as_manager.get("/api/v1/standings/", params).status_code == 200
        return sum(asked)

    every = as_manager.get("/api/v1/standings/").json()["count"]
    assert every > 100
    assert owners_asked_about({"page_size": 10}) == 10
    assert owners_asked_about({"page_size": 10, "page": 3}) == 10
    assert owners_asked_about({"page_size": 10, "status": "overdue"}) == every


def test_a_page_past_the_last_is_a_404_and_a_download_takes_no_page(as_manager, histories):
    count = as_manager.get("/api/v1/standings/").json()["count"]
    assert as_manager.get("/api/v1/standings/", {"page": count + 1}).status_code == 404
    for export in ["csv", "xlsx"]:
        response = as_manager.get("/api/v1/standings/", {"format": export, "page": 2})
        assert response.status_code == 400
        assert response.json() == {
            "page": [f"A {export.upper()} download holds every row: leave page out."]
        }
    download = as_manager.get("/api/v1/standings/", {"format": "csv"})
    assert download.content.decode().count("\n") == count + 1  # a header, then every row
