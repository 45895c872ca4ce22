"""Every report across inspection cycles: the reports, each report's items, the earlier
recommendations the 2017 report tells of, follow-ups, recommendations made again, each
force across every report, and the API for all of it."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from recommendations import catalogue, follow_ups, progress
from recommendations.models import Milestone, ProgressRecord, Recommendation, Report
from tests.conftest import api_for

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat
R2017, R2016, R2015 = (
    "peel-effectiveness-2017",
    "peel-effectiveness-2016",
    "peel-effectiveness-2015",
)


@pytest.fixture
def reader(manager):
    client = Client()
    client.force_login(manager)
    return client


def test_three_reports_are_loaded_newest_first_with_the_earlier_dates_unknown():
    reports = list(Report.objects.newest_first())
    assert [r.slug for r in reports] == [R2017, R2016, R2015]
    assert reports[0].published == "March 2018"
    assert reports[2].published_on is None and "Not stated" in reports[2].published
    kinds = dict(
        Recommendation.objects.filter(report__slug=R2016)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert kinds == {"recommendation": 6, "area_for_improvement": 6, "cause_of_concern": 1}


def test_the_earlier_recommendations_are_summaries_sourced_to_the_2017_report():
    earlier = Recommendation.objects.filter(report__slug__in=[R2015, R2016])
    assert earlier.count() == 16
    for item in earlier:
        assert item.text_is == "summary" and item.is_summary
        assert item.source.startswith("PEEL: Police effectiveness 2017, ")


def test_the_2017_findings_are_dated_progress_records_sourced_to_the_report():
    findings = ProgressRecord.objects.filter(source="report").select_related("milestone")
    assert {f.milestone.code: f.status for f in findings} == {
        "E15-1-vulnerability": "not_started",
        "E16-2-steps-report": "met",
        "E16-3-national-plan": "in_progress",
        "E16-5-pnc-guidance": "met",
        "E16-8-ocgm-review": "in_progress",
        "E16-11-outcomes-guidance": "in_progress",
    }
    for finding in findings:
        assert finding.effective_on == D("2018-03-01") and finding.effective == "March 2018"
        assert finding.citation.startswith("PEEL: Police effectiveness 2017 – A national overview")


def test_a_forces_milestone_whose_forces_the_report_does_not_name_has_none_in_scope():
    wanted = Milestone.objects.get(code="E16-6-wanted")  # "12 forces", not named
    assert wanted.scope == "listed" and not wanted.scope_forces.exists()
    assert progress.standings(D("2019-01-01"), milestones=[wanted]) == []
    assert "it names none" in wanted.describe_scope()


def test_follow_ups_link_both_ways():
    r2 = Recommendation.objects.get(report__slug=R2017, number=2)
    assert {(e.report.slug, e.number) for e in r2.follows_up.all()} == {(R2016, 2), (R2016, 3)}
    ocgm = Recommendation.objects.get(report__slug=R2015, number=2)
    assert [later.report.slug for later in ocgm.followed_up_by.all()] == [R2016]


def test_recommendations_made_again_while_the_earlier_one_is_not_met():
    rows = follow_ups.repeated(D("2019-01-01"))
    pairs = {
        (r.item.report.slug, r.item.label, r.earlier.report.slug, r.earlier.label) for r in rows
    }
    # The national plan is in progress (not met): Recommendation 2 makes it again. The
    # steps report was met, so that pair is not listed.
    assert (R2017, "Recommendation 2", R2016, "Recommendation 3") in pairs
    assert (R2017, "Recommendation 2", R2016, "Recommendation 2") not in pairs
    national = next(r for r in rows if r.earlier.label == "Recommendation 3")
    assert national.national_bodies == ["National Police Chiefs' Council (NPCC)"]
    assert national.inspections == 2
    # Neighbourhood policing: the 2016 area for improvement named no forces, so whether
    # it is met is not known; it is shown, never as met.
    neighbourhood = next(r for r in rows if r.earlier.label == "Area for improvement 4")
    assert not neighbourhood.progress_known and neighbourhood.item.number == 1
    # The 2016 review of crime mapping follows 2015's: three inspections by 2017's end.
    ocgm = next(r for r in rows if r.item.report.slug == R2016 and r.item.number == 8)
    assert ocgm.inspections == 2 and ocgm.earlier.report.slug == R2015


def test_a_repeated_recommendation_stops_being_listed_once_the_earlier_one_is_met(
    inspector, record
):
    from forces.models import NationalBody

    npcc = NationalBody.objects.get(slug="npcc")
    record(npcc, "E16-3-national-plan", "met", "2018-12-01", note="Plan published")
    before = follow_ups.repeated(D("2018-11-01"))
    after = follow_ups.repeated(D("2019-01-01"))
    assert any(r.earlier.label == "Recommendation 3" for r in before)
    assert not any(r.earlier.label == "Recommendation 3" for r in after)


def test_for_a_force_only_what_that_force_has_not_met(durham, kent, record):
    from recommendations.services import change_scope

    # Durham is brought into the scope of the 2016 neighbourhood area for improvement.
    milestone = Milestone.objects.get(code="E16-4-neighbourhood")
    from tests.conftest import persona

    change_scope(
        milestone=milestone,
        force=durham,
        in_scope=True,
        effective_on=D("2017-01-01"),
        reason="Named in the 2016 force report",
        by=persona("inspector"),
    )
    rows = follow_ups.repeated(D("2019-01-01"), forces=[durham])
    assert [(r.item.number, [s.force.slug for s in r.not_met]) for r in rows] == [(1, ["durham"])]
    assert follow_ups.repeated(D("2019-01-01"), forces=[kent]) == []


def test_the_repeated_page_and_api(reader, manager):
    page = reader.get("/repeated-recommendations/", {"as_of": "2019-01-01"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Recommendation 2: Shortage of investigators" in html
    assert "Not known: the earlier report named no one it was for" in html
    api = api_for(manager).get("/api/v1/repeated/", {"as_of": "2019-01-01"}).json()
    national = next(r for r in api if r["earlier"]["number"] == 3)
    assert national["item"] == {
        "id": Recommendation.objects.get(report__slug=R2017, number=2).pk,
        "report": R2017,
        "kind": "recommendation",
        "number": 2,
    }
    assert national["inspections"] == 2 and national["progress_known"]
    assert national["not_met"][0]["owner"]["slug"] == "npcc"
    assert api_for(manager).get("/api/v1/repeated/", {"force": "gotham"}).status_code == 400


def test_the_reports_page_lists_every_report_with_its_counts(reader):
    html = reader.get("/reports/", {"as_of": "2019-01-01"}).content.decode()
    for title in (
        "PEEL: Police effectiveness 2017 – A national overview",
        "PEEL effectiveness inspection 2016",
        "PEEL effectiveness inspection 2015",
    ):
        assert title in html
    assert "6 recommendations, 1 cause of concern, 6 areas for improvement" in html


def test_a_reports_page_shows_its_items_with_where_their_text_comes_from(reader):
    html = reader.get(f"/reports/{R2016}/", {"as_of": "2019-01-01"}).content.decode()
    assert "Area for improvement 4: Erosion of neighbourhood policing" in html
    assert "Known only from a later report's account" in html
    assert "Made again in" in html and "Recommendation 1 of PEEL: Police effectiveness 2017" in html
    assert reader.get("/reports/no-such-report/").status_code == 404


def test_an_items_page_and_its_old_address(reader):
    item = reader.get(f"/reports/{R2016}/area-for-improvement-4/").content.decode()
    assert "Area for improvement 4" in item and "Known only from a later report" in item
    assert reader.get(f"/reports/{R2016}/area-for-improvement-99/").status_code == 404
    assert reader.get(f"/reports/{R2016}/suggestion-1/").status_code == 404
    old = reader.get("/recommendations/peel-effectiveness-2017/2/", {"as_of": "2018-10-01"})
    assert old.status_code == 301
    assert old["Location"] == f"/reports/{R2017}/recommendation-2/?as_of=2018-10-01"


def test_each_force_across_every_report(reader, record, kent):
    record(kent, "R4-review", "met", "2018-09-20", note="Seen")
    response = reader.get("/reports/by-force/", {"as_of": "2018-10-01"})
    page = response.context["page"]
    slugs = [r.slug for r in page.reports]
    assert slugs[0] == R2017 and R2015 in slugs
    counts = dict(page.rows)[next(f for f, _c in page.rows if f.slug == "kent")]
    mine = counts[slugs.index(R2017)]
    # As of 1 October 2018: R4-review met; R2-plan overdue; R1-review, R3… not yet due.
    assert mine["met"] == 1 and mine["overdue"] == 1 and mine["open"] == 2


def test_the_dashboard_shows_the_newest_report_with_open_milestones_and_another_on_request(
    reader,
):
    default = reader.get("/", {"as_of": "2019-01-01"})
    assert default.context["page"].report.slug == R2017
    earlier = reader.get("/", {"as_of": "2019-01-01", "report": R2015})
    # Its forces milestones (the first names no forces, so none is in its scope).
    assert [m.code for m in earlier.context["page"].columns] == [
        "E15-2-ocgm-rocu",
        "E15-3-rocu-plan",
    ]
    assert "Show another report" in default.content.decode()


def test_the_api_lists_reports_with_their_counts_and_items(manager):
    api = api_for(manager)
    reports = {r["slug"]: r for r in api.get("/api/v1/reports/").json()["results"]}
    assert reports[R2016]["counts"] == {"items": 13, "recommendations": 6, "milestones": 13}
    assert reports[R2016]["published_on"] is None and reports[R2017]["inspection"] == R2017
    items = api.get(f"/api/v1/reports/{R2017}/items/").json()
    two = next(i for i in items if i["number"] == 2)
    assert two["text_is"] == "verbatim" and two["milestones"] == ["R2-advice", "R2-plan"]
    assert {(f["report"], f["number"]) for f in two["follows_up"]} == {(R2016, 2), (R2016, 3)}
    earlier = api.get(f"/api/v1/reports/{R2016}/items/").json()
    assert {i["text_is"] for i in earlier} == {"summary"}
    assert any(i["followed_up_by"] for i in earlier)


def test_the_api_gives_inspections_and_their_judgments(manager):
    api = api_for(manager)
    inspection = api.get(f"/api/v1/inspections/{R2017}/").json()
    assert [a["slug"] for a in inspection["areas"]][2] == "vulnerability"
    judgments = api.get(f"/api/v1/inspections/{R2017}/judgments/").json()
    assert len(judgments) == 215
    assert {"force": "durham", "area": "overall", "grade": "outstanding"} in judgments
    durham = api.get("/api/v1/forces/durham/").json()
    assert {"inspection": R2017, "area": "overall", "grade": "outstanding"} in durham["judgments"]


def test_the_api_filters_by_report(manager, record, kent):
    record(kent, "R2-plan", "met", "2018-09-20", note="Plan seen")
    api = api_for(manager)
    standings = api.get("/api/v1/standings/", {"as_of": "2019-01-01", "report": R2016}).json()
    assert {s["milestone"]["code"][:3] for s in standings["results"]} == {"E16"}
    every = api.get("/api/v1/standings/", {"as_of": "2019-01-01", "page_size": 500}).json()
    every = every["results"]
    assert {s["milestone"]["code"][:3] for s in every} >= {"E15", "E16", "R2-"}
    records = api.get("/api/v1/progress-records/", {"report": R2017}).json()["results"]
    assert [r["milestone"] for r in records] == ["R2-plan"]
    assert api.get("/api/v1/standings/", {"report": "nope"}).status_code == 400


def test_the_force_page_shows_every_reports_milestones_and_every_inspections_grades(reader):
    html = reader.get("/forces/durham/", {"as_of": "2019-01-01"}).content.decode()
    assert "Grades: PEEL: Police effectiveness 2017" in html
    assert "E15-3-rocu-plan" in html and "R2-plan" in html
    # Each milestone with its item, linked to the item's page as of the page's date.
    row = html[html.index('data-milestone="E15-3-rocu-plan"') :]
    row = row[: row.index("</tr>")]
    assert f'href="/reports/{R2015}/recommendation-3/?as_of=2019-01-01">Recommendation 3</a>' in row


def test_the_page_for_one_report_costs_what_it_did_whatever_else_is_loaded(reader):
    """The rule reads one report's owners: its queries do not grow with other reports."""

    def count(url):
        from django.core.cache import cache

        cache.clear()
        catalogue.current()  # with reference data held, as between changes to it
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(url).status_code == 200
        return len(queries)

    assert count(f"/?report={R2017}&as_of=2019-01-01") <= 25


# ---------------------------------------------------------------------------
# A force's page across reports


def test_a_forces_page_shows_its_standing_in_every_report_and_one_reports_history(reader):
    response = reader.get("/forces/durham/", {"as_of": "2019-01-01"})
    page = response.context["page"]
    shown = [group["report"].slug for group in page.by_report]
    assert shown[0] == R2017 and set(shown) <= {R2017, R2016, R2015} and R2016 in shown
    first = page.by_report[0]
    assert [m.code for m, _s in first["rows"]] == [
        "R2-plan",
        "R4-review",
        "R1-review",
        "R3-first-review",
    ]
    assert first["open"] + first["met"] == sum(1 for _m, s in first["rows"] if s is not None)
    # The history and plans are the newest open report's: 2017's, as they always were.
    assert page.report.slug == R2017
    assert {row["milestone"].code for row in page.rows} == {m.code for m, _s in first["rows"]}
    assert {item.report.slug for item, _plan in page.recommendations} == {R2017}
    html = response.content.decode()
    assert "Progress history and action plans: PEEL: Police effectiveness 2017" in html
    assert 'href="#history-R2-plan"' in html
    # Another report's milestones link to their own history page.
    assert "/history/E16-" in html or "/E16-" in html


def test_a_forces_page_shows_another_reports_history_and_plans_when_asked(reader):
    page = reader.get("/forces/durham/", {"as_of": "2019-01-01", "report": R2016}).context["page"]
    assert page.report.slug == R2016
    assert page.rows and all(row["milestone"].code.startswith("E16-") for row in page.rows)
    items = [item for item, _plan in page.recommendations]
    assert items and {item.report.slug for item in items} == {R2016}
    # Only items the forces answer: the NPCC's steps report is not a force's to plan.
    assert not any(item.milestones.for_forces().count() == 0 for item in items)


def test_an_item_addressed_to_one_force_is_on_its_page_alone(inspector, reader):
    from recommendations.loader import load_report
    from tests.recommendations.test_load_report import THEMATIC, as_yaml

    load_report(as_yaml(THEMATIC), by=inspector)
    query = {"as_of": "2019-10-01", "report": "custody-thematic-2019"}
    kent = reader.get("/forces/kent/", query).context["page"]
    durham = reader.get("/forces/durham/", query).context["page"]
    assert "CT-AFI1-records" in {row["milestone"].code for row in kent.rows}
    assert "CT-AFI1-records" not in {row["milestone"].code for row in durham.rows}
    assert "Kent's custody records" not in reader.get("/forces/durham/", query).content.decode()


def test_a_plan_is_only_for_an_item_the_force_answers(inspector, liaison_durham):
    from plans.models import ActionPlan
    from recommendations.loader import load_report
    from tests.recommendations.test_load_report import THEMATIC, as_yaml

    load_report(as_yaml(THEMATIC), by=inspector)
    kents = Recommendation.objects.get(report__slug="custody-thematic-2019", force__slug="kent")
    national = Recommendation.objects.get(report__slug=R2016, number=2)  # the NPCC's alone
    client = Client()
    client.force_login(liaison_durham)
    for item, why in [(kents, "addressed to another force"), (national, "only national bodies")]:
        response = client.post(
            "/forces/durham/plans/start/", {"recommendation": item.pk}, follow=True
        )
        assert response.redirect_chain[-1][0] == "/forces/durham/"
        assert why in response.content.decode()
        answer = api_for(liaison_durham).post(
            "/api/v1/action-plans/", {"recommendation": item.pk}, format="json"
        )
        body = answer.json()
        assert answer.status_code == 400 and body["field"] == "recommendation"
        assert why in body["detail"]
    assert not ActionPlan.objects.filter(force__slug="durham").exists()
