"""'Which forces were behind the September 2018 milestones on 1 October 2018, and which
were still behind on 1 February 2019?' — the dashboard, the overdue report, its CSV and
XLSX, and the command all give the same answer."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

EXPECTED_SEPTEMBER_COUNTS = {
    "2018-10-01": {"R2-plan": 41, "R3-infrastructure": 1, "R4-review": 42},
    "2019-02-01": {"R2-plan": 40, "R4-review": 41},
}


def web_csv(client, **params):
    response = client.get("/reports/overdue/", {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response.content.decode()


def command_csv(*args):
    out = io.StringIO()
    call_command("overdue_report", *args, stdout=out)
    return out.getvalue()


def counts(csv_text):
    result: dict[str, int] = {}
    for row in csv.DictReader(io.StringIO(csv_text)):
        result[row["milestone"]] = result.get(row["milestone"], 0) + 1
    return result


@pytest.mark.parametrize("as_of", ["2018-10-01", "2019-02-01"])
def test_web_csv_and_command_agree_on_the_september_milestones(signed_in, histories, as_of):
    web = web_csv(signed_in, as_of=as_of, due="2018-09")
    assert web == command_csv("--as-of", as_of, "--due", "2018-09")
    assert counts(web) == EXPECTED_SEPTEMBER_COUNTS[as_of]


def test_csv_rows_have_the_contract_columns_and_order(signed_in, histories):
    rows = list(csv.reader(io.StringIO(web_csv(signed_in, as_of="2018-10-01", due="2018-09"))))
    # Names and labels first, for people; the code columns after them, for tools.
    assert rows[0] == [
        "force_name",
        "milestone_name",
        "due_date",
        "status_label",
        "days_overdue",
        "force",
        "milestone",
        "status",
    ]
    body = [row[2:] for row in rows[1:]]
    assert ["2018-09-30", "In progress", "1", "durham", "R2-plan", "in_progress"] in body
    assert [
        "2018-09-30",
        "Not started",
        "1",
        "college-of-policing",
        "R3-infrastructure",
        "not_started",
    ] in body
    durham = next(row for row in rows if row[5:7] == ["durham", "R2-plan"])
    assert durham[:2] == [
        "Durham",
        "Recommendation 2 — Action plan for the investigator shortage (short, medium and long "
        "term; draws on the force management statement) (R2-plan)",
    ]
    college = next(row for row in rows if row[5] == "college-of-policing")
    assert college[0] == "College of Policing" and college[3] == "Not started"
    assert not any(r[5] == "lancashire" and r[6] == "R2-plan" for r in rows)
    assert not any(r[5] == "kent" and r[6] == "R2-plan" for r in rows)
    due_then_force = [(r[2], r[5]) for r in rows[1:]]
    assert due_then_force == sorted(due_then_force)


def test_still_behind_on_1_february_2019(signed_in, histories):
    rows = list(csv.DictReader(io.StringIO(web_csv(signed_in, as_of="2019-02-01"))))
    behind = {(r["force"], r["milestone"]) for r in rows}
    assert ("durham", "R2-plan") not in behind  # met late in January
    assert ("kent", "R4-review") not in behind  # met late in November
    assert ("college-of-policing", "R3-infrastructure") not in behind
    assert ("avon-and-somerset", "R4-review") in behind
    assert sum(1 for r in rows if r["milestone"] == "R3-first-review") == 20
    assert {r["days_overdue"] for r in rows if r["milestone"] == "R3-first-review"} == {"1"}
    assert {r["days_overdue"] for r in rows if r["milestone"] == "R4-review"} == {"124"}


def test_january_2019_quick_choice(signed_in, histories):
    web = web_csv(signed_in, as_of="2019-02-01", due="2019-01")
    assert counts(web) == {"R3-first-review": 20}
    assert web == command_csv("--as-of", "2019-02-01", "--due", "2019-01")


def test_milestone_filter_applies_to_page_csv_and_command(signed_in, histories):
    web = web_csv(signed_in, as_of="2018-10-01", milestone=["R4-review", "R3-infrastructure"])
    assert web == command_csv(
        "--as-of", "2018-10-01", "--milestone", "R4-review", "R3-infrastructure"
    )
    assert counts(web) == {"R4-review": 42, "R3-infrastructure": 1}


def test_every_page_filter_applies_to_the_download(signed_in, histories):
    web = web_csv(signed_in, as_of="2018-10-01", country="wales", due="2018-09")
    forces = {row["force"] for row in csv.DictReader(io.StringIO(web))}
    assert forces == {"dyfed-powys", "gwent", "north-wales", "south-wales"}
    web = web_csv(signed_in, as_of="2018-10-01", status="in_progress")
    assert {(r["force"], r["status"]) for r in csv.DictReader(io.StringIO(web))} == {
        ("durham", "in_progress"),
        ("kent", "in_progress"),
    }


def test_xlsx_has_the_same_rows_as_the_csv(signed_in, histories):
    params = {"as_of": "2018-10-01", "due": "2018-09"}
    response = signed_in.get("/reports/overdue/", {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert (
        'filename="overdue-peel-effectiveness-2017-as-of-2018-10-01-due-2018-09.xlsx"'
        in response["Content-Disposition"]
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Overdue"]
    xlsx_rows = [
        [c.isoformat()[:10] if hasattr(c, "isoformat") else str(c) for c in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    csv_rows = list(csv.reader(io.StringIO(web_csv(signed_in, **params))))
    assert xlsx_rows == csv_rows
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:H{len(csv_rows)}"
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row[0]}
    assert about["As of"] == "2018-10-01" and about["Due month"] == "2018-09"
    assert about["Rows"] == len(csv_rows) - 1
    assert about["status_label"] == "Status"


def test_a_filtered_download_is_named_for_its_filters(signed_in, histories):
    response = signed_in.get(
        "/reports/overdue/",
        {
            "as_of": "2019-02-01",
            "known_on": "2019-01-31",
            "country": "wales",
            "milestone": ["R4-review", "R2-plan"],
            "format": "csv",
        },
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="overdue-peel-effectiveness-2017-as-of-2019-02-01-known-on-'
        '2019-01-31-milestone-r2-plan-r4-review-country-wales.csv"'
    )
    plain = signed_in.get("/reports/overdue/", {"as_of": "2019-02-01", "format": "csv"})
    assert (
        plain["Content-Disposition"]
        == 'attachment; filename="overdue-peel-effectiveness-2017-as-of-2019-02-01.csv"'
    )


def test_overdue_page_shows_the_same_rows_grouped_by_due_month(signed_in, histories):
    response = signed_in.get("/reports/overdue/", {"as_of": "2019-02-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Due September 2018" in html and "Due January 2019" in html
    rows = list(csv.DictReader(io.StringIO(web_csv(signed_in, as_of="2019-02-01"))))
    for row in rows:
        assert f'data-owner="{row["force"]}" data-milestone="{row["milestone"]}"' in html
    assert html.count("data-owner=") == len(rows)


def test_dashboard_totals_agree_with_the_overdue_report(signed_in, histories):
    for as_of, expected in EXPECTED_SEPTEMBER_COUNTS.items():
        response = signed_in.get("/", {"as_of": as_of})
        totals = {m.code: dict(c) for m, c in _totals(response)}
        for code in ("R2-plan", "R4-review"):
            assert totals[code]["overdue"] == expected.get(code, 0)


def test_dashboard_totals_count_met_late_separately(signed_in, histories):
    totals = {m.code: dict(c) for m, c in _totals(signed_in.get("/", {"as_of": "2019-02-01"}))}
    assert totals["R2-plan"]["met_late"] == 1  # Durham
    assert totals["R2-plan"]["met"] == 1  # Kent
    assert totals["R4-review"]["met_late"] == 1  # Kent
    assert sum(totals["R2-plan"].values()) == 42  # Lancashire out of scope


def _totals(response):
    return [
        (m, {key: n for key, _label, n in counts}) for m, counts in response.context["page"].totals
    ]


def test_every_table_of_the_dashboard_follows_the_filters_and_says_so(signed_in, histories):
    from bs4 import BeautifulSoup

    def page(**params):
        response = signed_in.get("/", {"as_of": "2019-02-01", **params})
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser")

    whole = page()
    national = [row["data-milestone"] for row in whole.select("[data-national] tr[data-milestone]")]
    assert "R1-guidelines" in national and "R3-infrastructure" in national

    chosen = page(milestone=["R2-plan", "R1-guidelines"], status="overdue")
    words = (
        "Milestone: Recommendation 1 — Modernising Neighbourhood Policing guidelines issued "
        "(R1-guidelines) or Recommendation 2 — Action plan"
    )
    captions = [caption.get_text(" ", strip=True) for caption in chosen.select("caption")]
    assert len(captions) == 3 and all(words in caption for caption in captions), captions
    assert all("Status: Overdue" in caption for caption in captions), captions
    assert "Number of the 40 forces shown by status" in captions[0]
    assert [row["data-milestone"] for row in chosen.select("[data-national] tbody tr")] in (
        [],
        ["R1-guidelines"],
    )
    assert not chosen.select('[data-national] tr[data-milestone="R3-infrastructure"]')
    assert "Every table below follows these filters" in chosen.select_one("#filters-shown").text

    welsh = page(country="wales")
    assert not welsh.select("[data-national]")
    assert "a national body is not a force, and forces are filtered" in welsh.text
    # Only the shown report's milestones are offered, by name first.
    offered = [box.parent.get_text(" ", strip=True) for box in whole.select('[name="milestone"]')]
    assert offered and all(label.startswith("Recommendation ") for label in offered), offered
