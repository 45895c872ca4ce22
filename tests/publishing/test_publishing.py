"""Publishing: a deliberate, dated, reasoned act by an inspector, from a page or a
command; the public pages show the record as known at the latest publication, nothing
entered afterwards, and every earlier publication exactly as it was."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from audit.models import HistoryEntry
from core.refusals import Refused
from forces.models import Force
from publishing.models import Publication
from publishing.services import publish
from recommendations.models import Milestone
from recommendations.services import record_progress

pytestmark = pytest.mark.django_db
R2017 = "peel-effectiveness-2017"


# The shipped reports were loaded today, when the test database was migrated: the
# publications here are of the days after.
TODAY = datetime.date.today()


def days_on(days: int) -> datetime.datetime:
    """Noon, `days` after today."""
    noon = datetime.datetime.combine(TODAY, datetime.time(12))
    return timezone.make_aware(noon + datetime.timedelta(days=days))


def published(inspector, *, on: int, known_on: int, reason="Quarterly publication"):
    with time_machine.travel(days_on(on), tick=False):
        return publish(known_on=(days_on(known_on)).date(), reason=reason, by=inspector)


def public(path, **params):
    return Client().get(path, params)


def table(html: str, selector: str) -> list[list[str]]:
    found = BeautifulSoup(html, "html.parser").select_one(selector)
    assert found is not None, selector
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in found.tbody.find_all("tr")
    ]


def test_only_an_inspector_publishes_a_day_that_has_ended(inspector, manager, liaison_durham):
    yesterday = TODAY - datetime.timedelta(days=1)
    for person in (manager, liaison_durham, None):
        with pytest.raises(Refused) as refused:
            publish(known_on=yesterday, reason="Now", by=person)
        assert refused.value.status == 403
    with pytest.raises(Refused, match="must have ended") as refused:
        publish(known_on=TODAY, reason="Now", by=inspector)
    assert refused.value.field == "known_on"
    with pytest.raises(Refused, match="Enter the reason for publishing|Give|reason"):
        publish(known_on=yesterday, reason="  ", by=inspector)
    assert not Publication.objects.exists()


def test_a_publication_is_dated_reasoned_and_in_the_history(inspector):
    first = published(inspector, on=2, known_on=1, reason="After the January deadlines")
    entry = HistoryEntry.objects.get(subject="publication", subject_id=first.pk)
    assert entry.by == inspector
    assert entry.summary.startswith("Published the record as known on ")
    assert "After the January deadlines" in entry.summary
    with pytest.raises(Refused, match="already published"):
        published(inspector, on=3, known_on=1)
    with pytest.raises(Refused, match="cannot go back"):
        published(inspector, on=3, known_on=0)
    assert Publication.objects.count() == 1


def test_the_command_publishes_through_the_same_rule(inspector, manager):
    out = io.StringIO()
    with time_machine.travel(days_on(2), tick=False):
        call_command(
            "publish",
            "--known-on",
            f"{days_on(1):%Y-%m-%d}",
            "--reason",
            "Monthly",
            "--by",
            inspector.username,
            stdout=out,
        )
        assert "Published the record as known on" in out.getvalue()
        with pytest.raises(CommandError, match="--known-on: .*already published"):
            call_command(
                "publish",
                "--known-on",
                f"{days_on(1):%Y-%m-%d}",
                "--reason",
                "Again",
                "--by",
                inspector.username,
            )
        with pytest.raises(CommandError, match="Only inspectors publish"):
            call_command(
                "publish",
                "--known-on",
                f"{days_on(1):%Y-%m-%d}",
                "--reason",
                "x",
                "--by",
                manager.username,
            )
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            call_command("publish", "--known-on", "1/2/2019", "--reason", "x", "--by", "inspector")
    assert Publication.objects.count() == 1


def test_the_inspectors_page_publishes_and_says_every_problem(inspector, manager):
    client = Client()
    client.force_login(manager)
    assert client.get("/publications/").status_code == 403
    with time_machine.travel(days_on(2), tick=False):
        client.force_login(inspector)
        page = client.post("/publications/", {"known_on_0": "", "reason": ""})
        assert page.status_code == 400
        html = page.content.decode()
        assert "Enter the reason for publishing" in html and "known-on day" in html
        day = days_on(1)
        done = client.post(
            "/publications/",
            {
                "known_on_0": str(day.day),
                "known_on_1": str(day.month),
                "known_on_2": str(day.year),
                "reason": "Quarterly",
            },
            follow=True,
        )
    assert done.status_code == 200
    assert "Published the record as known on" in done.content.decode()
    assert Publication.objects.get().published_by == inspector


def test_before_anything_is_published_the_public_pages_say_so():
    page = public("/public/reports/")
    assert page.status_code == 200
    assert "Nothing published yet" in page.content.decode()


def test_the_public_pages_show_the_latest_publication_and_nothing_entered_after(
    inspector, histories
):
    durham = Force.objects.get(slug="durham")
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        first = public(f"/public/reports/{R2017}/").content.decode()
        first_csv = public(f"/public/reports/{R2017}/data.csv").content
    assert "Published " in first and "the record as it stood at the end of" in first
    # Durham met R2-plan (histories); nobody met R3-first-review.
    rows = table(first, "table[data-item='recommendation-2']")
    assert rows[-1][0].startswith("Action plan for the investigator shortage")
    with time_machine.travel(days_on(3), tick=False):
        record_progress(
            milestone=Milestone.objects.get(code="R1-review"),
            force=durham,
            status="met",
            effective_on=datetime.date(2018, 10, 20),
            note="Neighbourhood review seen",
            by=inspector,
        )
        cache.clear()  # not the cache's doing: the page is made again
        assert public(f"/public/reports/{R2017}/").content.decode() == first
    published(inspector, on=5, known_on=4, reason="Next quarter")
    cache.clear()
    with time_machine.travel(days_on(5), tick=False):
        later = public(f"/public/reports/{R2017}/").content.decode()
        assert later != first
        # The first publication, reproduced exactly after the later record.
        day = f"{days_on(2):%Y-%m-%d}"
        again = public(f"/public/reports/{R2017}/", published=day).content.decode()
        again_csv = public(f"/public/reports/{R2017}/data.csv", published=day).content
    assert table(again, "table[data-item='recommendation-1']") == table(
        first, "table[data-item='recommendation-1']"
    )
    assert again_csv == first_csv
    met = [r for r in table(later, "table[data-item='recommendation-1']") if "(R1-review)" in r[0]]
    headings = ["Overdue", "Met", "Met late", "In progress", "Not started", "Not applicable"]
    assert met[0][2 + headings.index("Met")] == "1"


def test_the_csv_and_json_hold_the_pages_rows(inspector, histories):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        html = public(f"/public/reports/{R2017}/").content.decode()
        data = list(
            csv.DictReader(
                io.StringIO(public(f"/public/reports/{R2017}/data.csv").content.decode())
            )
        )
        body = json.loads(public(f"/public/reports/{R2017}/data.json").content)
    shown = [
        row
        for item in ("recommendation-1", "recommendation-2", "recommendation-3", "recommendation-4")
        for row in table(html, f"table[data-item='{item}']")
    ]
    assert len(data) == len(shown) == 7
    for row, cells in zip(data, shown, strict=True):
        assert cells[0].startswith(row["milestone_name"].split(" — ", 1)[1].rsplit(" (", 1)[0])
        assert cells[2:] == [
            row[k]
            for k in ("overdue", "met", "met_late", "in_progress", "not_started", "not_applicable")
        ]
    assert body["rows"] == [
        {
            **r,
            **{
                k: int(v)
                for k, v in r.items()
                if k
                in (
                    "in_scope",
                    "overdue",
                    "met",
                    "met_late",
                    "in_progress",
                    "not_started",
                    "not_applicable",
                )
            },
        }
        for r in data
    ]
    assert body["metadata"]["licence"] == "Open Government Licence v3.0"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"published": "yesterday"}, 400),
        ({"published": "2019-13-01"}, 400),
        ({"published": ["2019-01-01", "2019-01-02"]}, 400),
        ({"force": "durham"}, 400),
        ({"published": "2017-01-01"}, 404),
    ],
)
def test_bad_parameters_are_refused_in_words(inspector, params, status):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        page = public("/public/reports/", **params)
    assert page.status_code == status
    assert 'id="problem"' in page.content.decode()
    assert page.get("Cache-Control", "") != "public, max-age=300, s-maxage=3600"


def test_an_unknown_report_is_not_found(inspector):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        assert public("/public/reports/no-such-report/").status_code == 404


def test_public_pages_are_for_crowds(inspector, histories, django_assert_num_queries):
    published(inspector, on=2, known_on=1)
    path = f"/public/reports/{R2017}/"
    with time_machine.travel(days_on(2), tick=False):
        first = public(path)
        assert first["Cache-Control"] == "public, max-age=300, s-maxage=3600"
        assert "Set-Cookie" not in first and not first.cookies
        assert "Cookie" not in first.get("Vary", "")
        tag = first["ETag"]
        with django_assert_num_queries(0):
            again = public(path)
        assert again.content == first.content and again["ETag"] == tag
        # From the cache, with every header the whole stack gave the first answer.
        for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
            assert again[header] == first[header], header
        with django_assert_num_queries(0):
            unchanged = Client().get(path, headers={"If-None-Match": tag})
        assert unchanged.status_code == 304
    published(inspector, on=4, known_on=3)
    with time_machine.travel(days_on(4), tick=False):
        assert public(path)["ETag"] != tag  # the new publication, at once in this process


def test_public_pages_need_no_sign_in_and_staff_pages_still_do(inspector):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        for path in [
            "/public/",
            "/public/reports/",
            "/public/reports/data.csv",
            "/public/reports/data.json",
            f"/public/reports/{R2017}/",
            "/public/publications/",
            "/public/accessibility/",
            "/public/privacy/",
        ]:
            assert public(path).status_code == 200, path
        assert public("/publications/").status_code == 302
        assert public("/").status_code == 302


def test_nothing_private_on_any_public_page_or_file(inspector, liaison_durham, durham_work):
    """Every private field holds a marker that must never appear publicly."""
    marker = "Zq7PrivateMarker"
    for person in (inspector, liaison_durham):
        person.first_name, person.last_name = f"{marker}First", f"{marker}Last"
        person.username = f"{marker.lower()}-{person.pk}"
        person.save()
    durham = Force.objects.get(slug="durham")
    with time_machine.travel(days_on(1), tick=False):
        record_progress(
            milestone=Milestone.objects.get(code="R2-plan"),
            force=durham,
            status="in_progress",
            effective_on=datetime.date(2018, 9, 1),
            note=f"{marker} note",
            public_summary="Durham is writing its plan.",
            by=inspector,
        )
    plan = durham_work["plan"]
    plan.summary = f"{marker} plan summary"
    published(inspector, on=3, known_on=2, reason=f"{marker} reason")
    paths = [
        "/public/",
        "/public/reports/",
        "/public/reports/data.csv",
        "/public/reports/data.json",
        "/public/publications/",
        "/public/accessibility/",
        "/public/privacy/",
        "/public/data/",
        "/public/data/everything.json",
        "/public/deadlines.ics",
        "/public/items/",
        "/public/items/data.csv",
        "/public/items/?q=investigators",
        "/public/forces/",
        "/public/forces/data.csv",
        "/public/forces/?country=wales",
        "/public/responses/",
        "/public/responses/data.csv",
        "/public/responses/data.json",
        "/public/repeated/",
        "/public/repeated/data.csv",
        "/public/repeated/data.json",
        "/public/repeated/?force=durham",
        "/public/items/?status=in_progress",
        f"/public/reports/{R2017}/?status=in_progress&country=england",
        f"/public/reports/{R2017}/data.csv?q=plan",
        "/public/forces/durham/?status=in_progress&q=plan",
        "/public/forces/durham/data.json?report=peel-effectiveness-2017",
        *(f"/public/forces/durham/{end}" for end in ("", "data.csv", "data.json")),
        *(
            f"/public/reports/{slug}/{end}"
            for slug in (R2017, "peel-effectiveness-2016", "peel-effectiveness-2015")
            for end in ("", "data.csv", "data.json")
        ),
    ]
    with time_machine.travel(days_on(3), tick=False):
        for path in paths:
            page = public(path)
            assert page.status_code == 200, path
            body = page.content.decode()
            assert marker not in body, path
            assert marker.lower() not in body.lower(), path
            assert "Plan seen" not in body and "Assessed as" not in body, path
            for words in ("Review every open", "evidence.pdf"):
                assert words not in body, path
        # What the inspectorate wrote for the public, beside the private note, is public.
        for path in ("/public/forces/durham/", "/public/forces/durham/data.csv"):
            assert "Durham is writing its plan." in public(path).content.decode(), path


def test_a_forces_page_and_files_give_its_standing_against_each_milestone(inspector, histories):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        html = public("/public/forces/durham/").content.decode()
        rows = list(
            csv.DictReader(io.StringIO(public("/public/forces/durham/data.csv").content.decode()))
        )
        body = json.loads(public("/public/forces/durham/data.json").content)
        assert public("/public/forces/atlantis/").status_code == 404
        assert "Durham" in public("/public/forces/").content.decode()
    by_code = {row["milestone"]: row for row in rows}
    # Durham met R2-plan late (10 January 2019) and R4-review on time; R3-first-review's
    # cohort leaves it out; nobody met R1-review, due 31 October 2018.
    assert by_code["R2-plan"]["status"] == "met_late"
    assert by_code["R2-plan"]["met_on"] == "2019-01-10"
    assert by_code["R4-review"]["status"] == "met"
    assert by_code["R3-first-review"]["status"] == "not_in_scope"
    assert by_code["R1-review"]["status"] == "overdue"
    known_on = days_on(1).date()  # the day published, the day its standings are as of
    assert (
        int(by_code["R1-review"]["days_overdue"]) == (known_on - datetime.date(2018, 10, 31)).days
    )
    soup = BeautifulSoup(html, "html.parser")
    shown = {tr["data-milestone"]: tr["data-status"] for tr in soup.select("tr[data-milestone]")}
    assert shown == {row["milestone"]: row["status"] for row in rows}
    assert [r["milestone"] for r in body["rows"]] == [r["milestone"] for r in rows]


def test_the_data_dictionary_names_every_column_of_every_file(inspector, histories):
    from publishing.views import DICTIONARY

    published(inspector, on=2, known_on=1)
    files = {
        "reports": "/public/reports/data",
        "forces": "/public/forces/data",
        "items": "/public/items/data",
        "milestones": f"/public/reports/{R2017}/data",
        "force": "/public/forces/durham/data",
        "repeated": "/public/repeated/data",
    }
    with time_machine.travel(days_on(2), tick=False):
        page = public("/public/data/").content.decode()
        for kind, path in files.items():
            columns = [name for name, _type, _meaning in DICTIONARY[kind][1]]
            heading = public(f"{path}.csv").content.decode().splitlines()[0]
            assert heading == ",".join(f'"{c}"' for c in columns), kind
            rows = json.loads(public(f"{path}.json").content)["rows"]
            assert rows and all(list(row) == columns for row in rows), kind
            for name in columns:
                assert f"<code>{name}</code>" in page
    assert "Open Government Licence v3.0" in page


def test_one_download_holds_everything_published(inspector, histories):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        bulk = public("/public/data/everything.json")
        parts = {
            "reports": json.loads(public("/public/reports/data.json").content)["rows"],
            "durham": json.loads(public("/public/forces/durham/data.json").content)["rows"],
            "2017": json.loads(public(f"/public/reports/{R2017}/data.json").content)["rows"],
        }
    assert bulk.status_code == 200 and "attachment" in bulk["Content-Disposition"]
    body = json.loads(bulk.content)
    assert body["metadata"]["licence"] == "Open Government Licence v3.0"
    tables = body["tables"]
    assert tables["reports"] == parts["reports"]
    assert [r for r in tables["force"] if r["force"] == "durham"] == parts["durham"]
    assert len({r["force"] for r in tables["force"]}) == 43
    assert [r for r in tables["milestones"] if r["report"] == R2017] == parts["2017"]


def test_a_public_pages_queries_do_not_grow_with_the_record(inspector, histories):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paths = [
        "/public/reports/",
        f"/public/reports/{R2017}/",
        "/public/forces/durham/",
        "/public/data/everything.json",
        "/public/repeated/",
        f"/public/reports/{R2017}/?status=overdue&country=wales&q=review",
        "/public/forces/durham/?status=overdue",
        "/public/items/?status=met",
    ]

    def counts(day: int) -> list[int]:
        found = []
        with time_machine.travel(days_on(day), tick=False):
            public(paths[0])  # the catalogue, read once after a write, as every page does
            for path in paths:
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    assert public(path).status_code == 200, path
                found.append(len(queries))
        return found

    published(inspector, on=2, known_on=1)
    before = counts(2)
    with time_machine.travel(days_on(3), tick=False):
        for force in Force.objects.all()[:20]:
            for code, status in (("R1-review", "in_progress"), ("R2-plan", "met")):
                record_progress(
                    milestone=Milestone.objects.get(code=code),
                    force=force,
                    status=status,
                    effective_on=datetime.date(2018, 9, 1),
                    note="More of the record",
                    by=inspector,
                )
    published(inspector, on=5, known_on=4)
    assert counts(5) == before


def test_the_public_deadlines_are_a_calendar_of_what_was_published(inspector, histories):
    from icalendar import Calendar

    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        first = public("/public/deadlines.ics")
    assert first["Content-Type"].startswith("text/calendar")
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(first.content).walk("VEVENT")}
    plan = events["Recommendation 2 (R2-plan) due – Police forces"]
    assert plan.decoded("DTSTART") == datetime.date(2018, 9, 30)
    assert "1 met, 1 met late" in str(plan["DESCRIPTION"]).replace("\n", " ")
    assert "Recommendation 3 (R3-infrastructure) due – College of Policing" in events
    cache.clear()
    with time_machine.travel(days_on(3), tick=False):
        assert public("/public/deadlines.ics").content == first.content  # made again, alike


def test_a_head_request_is_answered_like_a_get_without_the_page(inspector):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        head = Client().head("/public/reports/")
        get = public("/public/reports/")
        again = Client().head("/public/reports/")
    assert head.status_code == get.status_code == again.status_code == 200
    assert head.content == b"" and again.content == b"" and get.content
    assert head["ETag"] == get["ETag"] == again["ETag"]


def test_the_forces_table_counts_each_forces_milestones_and_filters_by_country(
    inspector, histories
):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        html = public("/public/forces/").content.decode()
        rows = list(csv.DictReader(io.StringIO(public("/public/forces/data.csv").content.decode())))
        wales = public("/public/forces/", country="wales").content.decode()
        wales_rows = json.loads(public("/public/forces/data.json", country="wales").content)["rows"]
        refused = public("/public/forces/", country="scotland")
        bulk = json.loads(public("/public/data/everything.json").content)["tables"]["forces"]
    assert refused.status_code == 400 and "england or wales" in refused.content.decode()
    assert len(rows) == 43 and [r["force"] for r in bulk] == [r["force"] for r in rows]
    durham = next(r for r in rows if r["force"] == "durham")
    # R2-plan met late, R4-review met, R1-review overdue; the earlier reports' items for
    # named forces are not Durham's.
    assert (durham["met"], durham["met_late"], durham["overdue"]) == ("1", "1", "1")
    shown = table(html, "#forces")
    assert [cells[0] for cells in shown] == [r["force_name"] for r in rows]
    assert [cells[2:] for cells in shown] == [
        [
            r[k]
            for k in ("overdue", "met", "met_late", "in_progress", "not_started", "not_applicable")
        ]
        for r in rows
    ]
    assert {r["force"] for r in wales_rows} == {
        "dyfed-powys",
        "gwent",
        "north-wales",
        "south-wales",
    }
    assert "4 forces in Wales" in wales


def test_items_are_found_by_report_kind_and_words(inspector, histories):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        every = json.loads(public("/public/items/data.json").content)["rows"]
        found = json.loads(public("/public/items/data.json", q="Investigators").content)["rows"]
        page = public("/public/items/", q="investigators").content.decode()
        csv_rows = list(
            csv.DictReader(
                io.StringIO(public("/public/items/data.csv", q="investigators").content.decode())
            )
        )
        areas = json.loads(
            public(
                "/public/items/data.json",
                report="peel-effectiveness-2016",
                kind="area_for_improvement",
            ).content
        )["rows"]
        refused = [
            public("/public/items/", kind="wish").status_code,
            public("/public/items/", q="x" * 201).status_code,
            public("/public/items/", report="no-such-report").status_code,
        ]
    assert len(every) == 4 + 13 + 3  # the 2017 report's four and the earlier items
    assert found and all("investigator" in f"{r['theme']} {r['text']}".casefold() for r in found)
    assert len(found) < len(every)
    assert [r["item"] for r in csv_rows] == [r["item"] for r in found]
    shown = table(page, "#items")
    assert len(shown) == len(found)
    assert areas and {r["kind"] for r in areas} == {"area_for_improvement"}
    assert {r["report"] for r in areas} == {"peel-effectiveness-2016"}
    assert refused == [400, 400, 404]
