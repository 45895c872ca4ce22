"""What the public pages add to the bare counts: the inspectorate's public summary of a
standing (written with the assessment, shown only once published), filters and search
whose files hold the rows the page shows, a chart of met over time with its table, and
the recommendations made again."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client

from forces.models import Force, NationalBody
from recommendations import charts, follow_ups
from recommendations.models import (
    PUBLIC_SUMMARY_MAX_LENGTH,
    Milestone,
    ProgressRecord,
    Report,
)
from recommendations.services import record_progress
from tests.conftest import api_for

from .test_publishing import R2017, days_on, public, published, table

pytestmark = pytest.mark.django_db
COUNTS = ("overdue", "met", "met_late", "in_progress", "not_started", "not_applicable")


def rows_of(path: str, **params) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(public(path, **params).content.decode())))


def json_rows(path: str, **params) -> list[dict[str, object]]:
    return json.loads(public(path, **params).content)["rows"]


def recorded(code: str, *, on: int, summary: str, by, force="durham", body=None, **fields):
    with time_machine.travel(days_on(on), tick=False):
        return record_progress(
            milestone=Milestone.objects.get(code=code),
            force=Force.objects.get(slug=force) if body is None else None,
            national_body=NationalBody.objects.get(slug=body) if body else None,
            status=fields.get("status", "in_progress"),
            effective_on=fields.get("effective_on", datetime.date(2018, 10, 15)),
            note=fields.get("note", "Seen the neighbourhood review's terms"),
            public_summary=summary,
            by=by,
        )


def attr(tag, selector: str, name: str) -> str:
    """The attribute of the first element under `tag` the selector finds."""
    found = tag.select_one(selector)
    assert found is not None, selector
    return str(found[name])


def summary_of(html: str, code: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    cell = soup.select_one(f"tr[data-milestone='{code}'] .app-public-summary")
    assert cell is not None, code
    return cell.get_text(" ", strip=True)


def test_a_public_summary_is_shown_once_published_and_as_it_was(inspector, histories):
    recorded("R1-review", on=1, summary="The review has begun.", by=inspector)
    published(inspector, on=3, known_on=2)
    recorded("R1-review", on=4, summary="The review is half done.", by=inspector)
    first_day = f"{days_on(3):%Y-%m-%d}"
    with time_machine.travel(days_on(4), tick=False):
        cache.clear()
        page = public("/public/forces/durham/").content.decode()
        data = {r["milestone"]: r for r in rows_of("/public/forces/durham/data.csv")}
        body = {r["milestone"]: r for r in json_rows("/public/forces/durham/data.json")}
    assert summary_of(page, "R1-review") == "The review has begun."
    assert "half done" not in page
    assert data["R1-review"]["public_summary"] == body["R1-review"]["public_summary"]
    assert data["R1-review"]["public_summary"] == "The review has begun."
    # Durham's other standings rest on records with nothing said publicly.
    assert summary_of(page, "R2-plan") == "—" and data["R2-plan"]["public_summary"] == ""

    published(inspector, on=6, known_on=5)
    with time_machine.travel(days_on(6), tick=False):
        later = public("/public/forces/durham/").content.decode()
        again = public("/public/forces/durham/", published=first_day).content.decode()
    assert summary_of(later, "R1-review") == "The review is half done."
    assert summary_of(again, "R1-review") == "The review has begun."


def test_a_national_bodys_summary_is_on_the_reports_page_and_file(inspector, histories):
    recorded(
        "R3-infrastructure",
        on=1,
        body="college-of-policing",
        status="met",
        effective_on=datetime.date(2018, 10, 25),
        note="Peer review guidance seen",
        summary="The College has published the peer review guidance.",
        by=inspector,
    )
    published(inspector, on=3, known_on=2)
    with time_machine.travel(days_on(3), tick=False):
        page = public(f"/public/reports/{R2017}/").content.decode()
        data = {r["milestone"]: r for r in rows_of(f"/public/reports/{R2017}/data.csv")}
    said = "The College has published the peer review guidance."
    assert summary_of(page, "R3-infrastructure") == said
    assert data["R3-infrastructure"]["public_summary"] == said
    # A force milestone's summaries are each force's, on each force's page.
    assert data["R2-plan"]["public_summary"] == ""


def test_every_door_takes_the_public_summary_and_its_one_limit(inspector, durham_work, client):
    client.force_login(inspector)
    too_long = "x" * (PUBLIC_SUMMARY_MAX_LENGTH + 1)
    form = {
        "owner": "force:durham",
        "milestone": "R4-review",
        "status": "in_progress",
        "effective_on_0": "5",
        "effective_on_1": "9",
        "effective_on_2": "2018",
        "note": "Bail review under way",
    }
    refused = client.post("/progress/record/", {**form, "public_summary": too_long})
    assert refused.status_code == 400
    assert "public_summary" in refused.context["form"].errors
    assert not ProgressRecord.objects.filter(note="Bail review under way").exists()
    done = client.post("/progress/record/", {**form, "public_summary": " Under way. "})
    assert done.status_code == 302
    assert ProgressRecord.objects.get(note="Bail review under way").public_summary == "Under way."

    submission = durham_work["submission"]
    accept = {
        "decision": "accept",
        "milestone": "R2-plan",
        "status": "met",
        "effective_on_0": "20",
        "effective_on_1": "9",
        "effective_on_2": "2018",
        "note": "Plan covers short, medium and long term",
    }
    refused = client.post(f"/assessments/{submission.pk}/", {**accept, "public_summary": too_long})
    assert refused.status_code == 400 and "public_summary" in refused.context["form"].errors
    submission.refresh_from_db()
    assert submission.state == "awaiting"
    done = client.post(
        f"/assessments/{submission.pk}/", {**accept, "public_summary": "Durham has a plan."}
    )
    assert done.status_code == 302
    submission.refresh_from_db()
    assert submission.progress_record.public_summary == "Durham has a plan."

    api = api_for(inspector)
    item = {
        "milestone": "R1-review",
        "force": "durham",
        "status": "in_progress",
        "effective_on": "2018-10-01",
        "note": "Review started",
    }
    refused = api.post("/api/v1/progress-records/", {**item, "public_summary": too_long}, "json")
    assert refused.status_code == 400 and "public_summary" in refused.json()
    made = api.post("/api/v1/progress-records/", {**item, "public_summary": "Begun."}, "json")
    assert made.status_code == 201 and made.json()["public_summary"] == "Begun."
    bulk = api.post(
        "/api/v1/progress-records/bulk/",
        {"records": [{**item, "force": "kent", "public_summary": too_long}]},
        "json",
    )
    assert bulk.status_code == 400 and "public_summary" in json.dumps(bulk.json())
    bulk = api.post(
        "/api/v1/progress-records/bulk/",
        {"records": [{**item, "force": "kent", "public_summary": "Kent has begun."}]},
        "json",
    )
    assert bulk.status_code == 201, bulk.json()
    assert ProgressRecord.objects.get(
        force__slug="kent", milestone__code="R1-review"
    ).public_summary
    # The database refuses what every door refuses.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressRecord.objects.filter(pk=made.json()["id"]).update(public_summary=too_long)


def test_a_reports_filters_narrow_the_page_and_its_files_alike(inspector, histories):
    published(inspector, on=2, known_on=1)
    path = f"/public/reports/{R2017}/"
    with time_machine.travel(days_on(2), tick=False):
        every = rows_of(f"{path}data.csv")
        overdue = public(path, status="overdue").content.decode()
        overdue_rows = rows_of(f"{path}data.csv", status="overdue")
        overdue_json = json_rows(f"{path}data.json", status="overdue")
        wales = rows_of(f"{path}data.csv", country="wales")
        found = rows_of(f"{path}data.csv", q="peer review")
        items_found = json_rows("/public/items/data.json", report=R2017, q="peer review")
        none = public(path, kind="cause_of_concern").content.decode()
        refused = [
            public(path, status="late").status_code,
            public(path, kind="wish").status_code,
            public(path, country="scotland").status_code,
            public(path, q="x" * 201).status_code,
        ]
    assert refused == [400, 400, 400, 400]
    assert 0 < len(overdue_rows) < len(every)
    assert all(int(r["overdue"]) > 0 for r in overdue_rows)
    assert [r["milestone"] for r in overdue_rows] == [r["milestone"] for r in overdue_json]
    soup = BeautifulSoup(overdue, "html.parser")
    assert [tr["data-milestone"] for tr in soup.select("table[data-item] tr[data-milestone]")] == [
        r["milestone"] for r in overdue_rows
    ]
    shown = [
        [td.get_text(strip=True) for td in tr.select("td[data-category]")]
        for tr in soup.select("table[data-item] tr[data-milestone]")
    ]
    assert shown == [[r[k] for k in COUNTS] for r in overdue_rows]
    # The data links carry the filters: the file is the page's rows.
    assert "data.csv?status=overdue" in overdue and "Clear the filters" in overdue
    # Wales counts its four forces (the national bodies' milestones count their own).
    force_rows = [r for r in wales if r["owner"] == "Police forces"]
    assert force_rows and all(int(r["in_scope"]) <= 4 for r in force_rows)
    assert {r["milestone"] for r in wales} == {r["milestone"] for r in every}
    assert found and {r["item"] for r in found} == {r["item"] for r in items_found}
    assert {r["item"] for r in found} < {r["item"] for r in every}
    assert "No item matches these filters." in none


def test_a_forces_filters_narrow_the_page_and_its_files_alike(inspector, histories):
    published(inspector, on=2, known_on=1)
    path = "/public/forces/durham/"
    with time_machine.travel(days_on(2), tick=False):
        every = rows_of(f"{path}data.csv")
        late = public(path, status="met_late").content.decode()
        late_rows = rows_of(f"{path}data.csv", status="met_late")
        earlier = rows_of(f"{path}data.csv", report="peel-effectiveness-2016")
        areas = json_rows(f"{path}data.json", kind="area_for_improvement")
        words = rows_of(f"{path}data.csv", q="bail")
        refused = [
            public(path, status="done").status_code,
            public(path, kind="wish").status_code,
            public(path, report="no-such-report").status_code,
        ]
    assert refused == [400, 400, 404]
    assert [r["milestone"] for r in late_rows] == ["R2-plan"]
    soup = BeautifulSoup(late, "html.parser")
    assert [
        (tr["data-milestone"], tr["data-status"]) for tr in soup.select("tr[data-milestone]")
    ] == [("R2-plan", "met_late")]
    assert earlier and {r["report"] for r in earlier} == {"peel-effectiveness-2016"}
    assert len(earlier) < len(every)
    assert areas and all(r["item"].startswith("Area for improvement") for r in areas)
    assert [r["milestone"] for r in words] == ["R4-review"]


def test_items_are_found_by_the_status_of_their_milestones(inspector, histories):
    published(inspector, on=2, known_on=1)
    with time_machine.travel(days_on(2), tick=False):
        every = json_rows("/public/items/data.json")
        late = json_rows("/public/items/data.json", status="met_late")
        page = public("/public/items/", status="met_late").content.decode()
        refused = public("/public/items/", status="late").status_code
    assert refused == 400
    assert late and len(late) < len(every) and all(int(str(r["met_late"])) > 0 for r in late)
    assert len(table(page, "#items")) == len(late)


def test_the_chart_of_met_over_time_has_a_table_of_the_same_figures(inspector, histories):
    published(inspector, on=2, known_on=1)
    as_of = days_on(1).date()
    with time_machine.travel(days_on(2), tick=False):
        html = public(f"/public/reports/{R2017}/").content.decode()
        data = {r["milestone"]: r for r in rows_of(f"/public/reports/{R2017}/data.csv")}
    soup = BeautifulSoup(html, "html.parser")
    chart = soup.select_one("svg.app-chart")
    # The chart is hidden from screen readers: the table says the same in words.
    assert chart is not None and chart.find_parent(attrs={"aria-hidden": "true"})
    headings = [th.get_text(" ", strip=True) for th in soup.select("#met-over-time thead th")][1:-1]
    codes = [heading.rsplit("(", 1)[1].rstrip(")") for heading in headings]
    # Each force milestone, by its due date.
    assert codes == sorted(
        (code for code, row in data.items() if row["owner"] == "Police forces"),
        key=lambda code: (data[code]["due_date"], code),
    )
    rows = soup.select("#met-over-time tbody tr")
    days = [row["data-day"] for row in rows]
    report = Report.objects.get(slug=R2017)
    start = charts.start_of(report, Milestone.objects.filter(recommendation__report=report), as_of)
    assert days == sorted(days) and days[0] == start.isoformat()
    assert days[-1] == as_of.isoformat()
    # The last date is the day published: its figures are the table's met and met late.
    last = [int(str(td["data-met"])) for td in rows[-1].select("td[data-met]")]
    met = [int(data[code]["met"]) + int(data[code]["met_late"]) for code in codes]
    assert last == met
    in_scope = sum(int(data[code]["in_scope"]) for code in codes)
    total = rows[-1].select_one("td[data-total]")
    assert total is not None and total.get_text(strip=True) == (
        f"{sum(met)} of {in_scope} ({round(100 * sum(met) / in_scope)}%)"
    )
    # On the report's first day, nobody had met anything.
    assert all(td["data-met"] == "0" for td in rows[0].select("td[data-met]"))
    # One bar a day, its height the day's share; a label under each.
    bars = chart.select("rect")
    assert [float(str(bar["height"])) for bar in bars] == [
        float(attr(row, "td[data-total]", "data-total")) for row in rows
    ]
    labels = soup.select(".app-chart-labels li strong")
    assert [label.get_text() for label in labels] == [
        f"{attr(row, 'td[data-total]', 'data-total')}%" for row in rows
    ]


def test_the_repeated_recommendations_as_published(inspector, histories):
    published(inspector, on=2, known_on=1)
    as_of = days_on(1).date()
    with time_machine.travel(days_on(2), tick=False):
        page = public("/public/repeated/").content.decode()
        data = rows_of("/public/repeated/data.csv")
        body = json_rows("/public/repeated/data.json")
        durham = rows_of("/public/repeated/data.csv", force="durham")
        missing = public("/public/repeated/", force="atlantis").status_code
        bulk = json.loads(public("/public/data/everything.json").content)["tables"]["repeated"]
    expected = follow_ups.repeated(as_of, known_on=as_of)
    assert [(r["report"], r["item"], r["earlier_report"], r["earlier_item"]) for r in data] == [
        (e.item.report.slug, e.item.label, e.earlier.report.slug, e.earlier.label) for e in expected
    ]
    assert body == bulk == [{**r, "inspections": int(r["inspections"])} for r in data]
    soup = BeautifulSoup(page, "html.parser")
    cards = soup.select(".govuk-summary-card[data-item]")
    assert len(cards) == len(data)
    assert [int(attr(c, "[data-inspections]", "data-inspections")) for c in cards] == [
        int(r["inspections"]) for r in data
    ]
    neighbourhood = next(r for r in data if r["earlier_item"] == "Area for improvement 4")
    assert neighbourhood["progress_known"] == "no" and neighbourhood["not_met_by"] == ""
    national = next(r for r in data if r["earlier_item"] == "Recommendation 3")
    assert "National Police Chiefs' Council" in national["not_met_by"]
    durham_expected = follow_ups.repeated(
        as_of, known_on=as_of, forces=[Force.objects.get(slug="durham")]
    )
    assert len(durham) == len(durham_expected)
    assert missing == 404
    assert "Recommendations made again" in Client().get("/public/").content.decode()
