"""The REST API: same rules and permissions as the web, strict filters, constant queries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import APIToken
from plans.models import Submission
from recommendations import catalogue
from recommendations.models import Milestone, ProgressRecord, Recommendation
from tests.conftest import PDF, api_for, build_plan, pdf

pytestmark = pytest.mark.django_db
R2017 = "peel-effectiveness-2017"


LISTS = [
    "/api/v1/forces/",
    "/api/v1/national-bodies/",
    "/api/v1/reports/",
    "/api/v1/recommendations/",
    "/api/v1/milestones/",
    "/api/v1/scope-changes/",
    "/api/v1/progress-records/",
    "/api/v1/action-plans/",
    "/api/v1/actions/",
    "/api/v1/evidence/",
    "/api/v1/submissions/",
    "/api/v1/history/",
    "/api/v1/standings/",
    "/api/v1/overdue/",
    "/api/v1/activity/",
    "/api/v1/responses/",
    "/api/v1/publication-days/",
]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_requests_get_401(client, url):
    assert APIClient().get(url).status_code == 401


def test_a_revoked_token_stops_working(manager):
    client = api_for(manager)
    assert client.get("/api/v1/forces/").status_code == 200
    APIToken.objects.filter(user=manager).delete()
    assert client.get("/api/v1/forces/").status_code == 401


def test_session_authentication_works_for_the_browsable_api(client, manager):
    client.force_login(manager)
    response = client.get("/api/v1/forces/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_page_size(
    as_manager, histories, durham, kent, liaison_durham, liaison_kent, url
):
    build_plan(durham, liaison_durham)
    build_plan(kent, liaison_kent)

    def count(size):
        cache.clear()  # the work itself, not a cached copy of it
        catalogue.current()  # with reference data held, as between changes to it
        with CaptureQueriesContext(connection) as queries:
            paginated = not any(report in url for report in ("overdue", "activity"))
            response = as_manager.get(url, {"page_size": size} if paginated else {})
        assert response.status_code == 200, response.content
        return len(queries)

    if url == "/api/v1/standings/":
        # One query for the rule per kind of owner on the page (forces, national bodies):
        # a page of one may hold only one kind.
        assert count(1) <= count(200) == count(500)
    else:
        assert count(1) == count(200)


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v1/forces/", {"colour": "blue"}),
        ("/api/v1/forces/", {"country": "scotland"}),
        ("/api/v1/forces/", {"ordering": "password"}),
        ("/api/v1/progress-records/", {"status": "done"}),
        ("/api/v1/progress-records/", {"effective_on_after": "soon"}),
        ("/api/v1/progress-records/", {"force": "gotham"}),
        ("/api/v1/milestones/", {"due": "September"}),
        ("/api/v1/overdue/", {"as_of": "2018-13-01"}),
        ("/api/v1/overdue/", {"milestone": "R9"}),
        ("/api/v1/overdue/", {"since": "2018-01-01"}),
        ("/api/v1/standings/", {"status": "late"}),
    ],
)
def test_unknown_filters_and_bad_values_are_400_with_field_messages(as_manager, url, params):
    response = as_manager.get(url, params)
    assert response.status_code == 400
    fields = {name.removesuffix("_after").removesuffix("_before") for name in params}
    assert fields & set(response.json())


def test_filters_work(as_manager, histories):
    wales = as_manager.get("/api/v1/forces/", {"country": "wales"}).json()
    assert {f["slug"] for f in wales["results"]} == {
        "dyfed-powys",
        "gwent",
        "north-wales",
        "south-wales",
    }
    met = as_manager.get(
        "/api/v1/progress-records/",
        {"status": "met", "effective_on_before": "2018-12-31", "report": R2017},
    ).json()
    assert {(r["force"] or r["national_body"], r["milestone"]) for r in met["results"]} == {
        ("kent", "R2-plan"),
        ("kent", "R4-review"),
        ("durham", "R4-review"),
        ("college-of-policing", "R3-infrastructure"),
        ("npcc-investigative-resilience", "R2-advice"),
    }
    september = as_manager.get("/api/v1/milestones/", {"due": "2018-09"}).json()["results"]
    assert {m["code"] for m in september} == {"R2-plan", "R3-infrastructure", "R4-review"}


@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "2018-10-01", "due": "2018-09"},
        {"as_of": "2019-02-01"},
        {"as_of": "2019-02-01", "milestone": ["R2-plan", "R3-first-review"], "country": "england"},
    ],
)
def test_overdue_endpoint_has_exactly_the_reports_rows(
    as_manager, client, manager, histories, params
):
    # The page shows the newest report with open milestones; the API, every report unless
    # asked for one.
    api_rows = as_manager.get("/api/v1/overdue/", {**params, "report": R2017}).json()
    client.force_login(manager)
    csv_text = client.get("/reports/overdue/", {**params, "format": "csv"}).content.decode()
    csv_rows = list(csv.DictReader(io.StringIO(csv_text)))
    # The downloads name each milestone in full; the API gives its code and description.
    names = {m.code: m.full_name for m in Milestone.objects.select_related("recommendation")}
    assert [
        {
            "force_name": r["force"]["name"],
            "milestone_name": names[r["milestone"]["code"]],
            "due_date": r["due_date"],
            "status_label": r["status_label"],
            "days_overdue": str(r["days_overdue"]),
            "force": r["force"]["slug"],
            "milestone": r["milestone"]["code"],
            "status": r["status"],
        }
        for r in api_rows
    ] == csv_rows


def test_standings_agree_with_the_rule(as_manager, histories):
    rows = as_manager.get(
        "/api/v1/standings/", {"as_of": "2019-02-01", "milestone": "R2-plan"}
    ).json()["results"]
    durham = next(r for r in rows if r["force"]["slug"] == "durham")
    assert durham["status"] == "met" and durham["is_met_late"] and durham["category"] == "met_late"
    assert "lancashire" not in {r["force"]["slug"] for r in rows}  # out of scope


def test_liaison_token_sees_only_its_own_forces_work(
    as_liaison, durham, kent, liaison_durham, liaison_kent
):
    mine = build_plan(durham, liaison_durham)
    theirs = build_plan(kent, liaison_kent)
    for url in [
        "/api/v1/action-plans/",
        "/api/v1/evidence/",
        "/api/v1/submissions/",
        "/api/v1/history/",
    ]:
        forces = {
            item["force"]["slug"] if isinstance(item["force"], dict) else item["force"]
            for item in as_liaison.get(url).json()["results"]
        }
        assert forces == {"durham"}, url
    assert as_liaison.get(f"/api/v1/action-plans/{theirs['plan'].pk}/").status_code == 404
    assert as_liaison.get(f"/api/v1/evidence/{theirs['evidence'].pk}/file/").status_code == 404
    assert as_liaison.get(f"/api/v1/evidence/{mine['evidence'].pk}/file/").status_code == 200
    response = as_liaison.post(
        "/api/v1/actions/",
        {
            "plan": theirs["plan"].pk,
            "version": theirs["plan"].version,
            "description": "x",
            "horizon": "short",
            "owner": "y",
        },
        format="json",
    )
    assert response.status_code == 400 and "action_plan" in response.json()


def test_managers_read_only(as_manager, durham, liaison_durham):
    work = build_plan(durham, liaison_durham)
    plan = work["plan"]
    assert as_manager.get(f"/api/v1/action-plans/{plan.pk}/").status_code == 200
    assert (
        as_manager.patch(
            f"/api/v1/action-plans/{plan.pk}/",
            {"version": plan.version, "summary": "x"},
            format="json",
        ).status_code
        == 403
    )
    assert (
        as_manager.post(
            "/api/v1/progress-records/",
            {
                "milestone": "R4-review",
                "force": "durham",
                "status": "in_progress",
                "effective_on": "2018-09-01",
            },
            format="json",
        ).status_code
        == 403
    )
    assert (
        as_manager.post(
            f"/api/v1/submissions/{work['submission'].pk}/accept/", {"note": "x"}, format="json"
        ).status_code
        == 403
    )


def test_progress_records_are_created_never_changed(as_inspector):
    response = as_inspector.post(
        "/api/v1/progress-records/",
        {
            "milestone": "R4-review",
            "force": "durham",
            "status": "met",
            "effective_on": "2018-09-20",
            "note": "Review report seen",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    record_id = response.json()["id"]
    assert ProgressRecord.objects.get(pk=record_id).source == "api"
    assert as_inspector.put(f"/api/v1/progress-records/{record_id}/", {}).status_code == 405
    assert as_inspector.delete(f"/api/v1/progress-records/{record_id}/").status_code == 405
    correction = as_inspector.post(
        "/api/v1/progress-records/",
        {
            "milestone": "R4-review",
            "force": "durham",
            "status": "in_progress",
            "effective_on": "2018-09-20",
            "note": "Not finished",
            "corrects": record_id,
        },
        format="json",
    )
    assert correction.status_code == 201
    assert (
        as_inspector.get(f"/api/v1/progress-records/{record_id}/").json()["corrected_by"]
        == (correction.json()["id"])
    )


@pytest.mark.parametrize(
    "body, field",
    [
        (
            {
                "milestone": "R4-review",
                "force": "durham",
                "status": "met",
                "effective_on": "2018-09-20",
            },
            "errors",
        ),
        (
            {"milestone": "R9", "force": "durham", "status": "met", "effective_on": "2018-09-20"},
            "milestone",
        ),
        (
            {
                "milestone": "R4-review",
                "force": "durham",
                "status": "done",
                "effective_on": "2018-09-20",
            },
            "status",
        ),
        (
            {
                "milestone": "R4-review",
                "force": "durham",
                "status": "met",
                "effective_on": "20/09/2018",
            },
            "effective_on",
        ),
        (
            {
                "milestone": "R3-first-review",
                "force": "durham",
                "status": "in_progress",
                "effective_on": "2018-09-20",
            },
            "errors",
        ),
    ],
)
def test_bad_progress_records_are_400_with_field_messages(as_inspector, body, field):
    response = as_inspector.post("/api/v1/progress-records/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_bulk_create_is_all_or_nothing_with_per_item_errors(as_inspector):
    good = {
        "force": "durham",
        "milestone": "R4-review",
        "status": "in_progress",
        "effective_on": "2018-09-01",
        "note": "",
    }
    response = as_inspector.post(
        "/api/v1/progress-records/bulk/",
        {
            "records": [
                good,
                {
                    "force": "gotham",
                    "milestone": "R4-review",
                    "status": "met",
                    "effective_on": "2018-09-01",
                    "note": "x",
                },
                {**good, "status": "met"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"1", "2"}
    assert "unknown force 'gotham'" in errors["1"]
    assert "Say what the met assessment rests on: a note is needed" in errors["2"]
    assert not ProgressRecord.objects.exclude(source="report").exists()

    response = as_inspector.post(
        "/api/v1/progress-records/bulk/",
        {"records": [good, {**good, "force": "Avon & Somerset", "status": "met", "note": "Seen"}]},
        format="json",
    )
    assert response.status_code == 201 and response.json()["created"] == 2
    assert ProgressRecord.objects.exclude(source="report").count() == 2


def test_liaison_keeps_a_plan_through_the_api(as_liaison, durham):
    plan = as_liaison.post(
        "/api/v1/action-plans/",
        {
            "recommendation": Recommendation.objects.get(
                report__slug="peel-effectiveness-2017", number=4
            ).pk
        },
        format="json",
    ).json()
    action = as_liaison.post(
        "/api/v1/actions/",
        {
            "plan": plan["id"],
            "version": plan["version"],
            "description": "Audit RUI cases",
            "horizon": "short",
            "owner": "Custody lead",
            "target_date": "2018-08-31",
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    version = plan["version"] + 1
    moved = {
        "version": version,
        "description": "Audit RUI cases",
        "horizon": "short",
        "owner": "Custody lead",
        "status": "in_progress",
        "target_date": "2018-09-30",
    }
    response = as_liaison.put(f"/api/v1/actions/{action.json()['id']}/", moved, format="json")
    assert response.status_code == 400 and "Give the reason" in str(response.json())
    moved["slip_reason"] = "Auditor on leave"
    response = as_liaison.put(f"/api/v1/actions/{action.json()['id']}/", moved, format="json")
    assert response.status_code == 200
    assert response.json()["slips"][0]["reason"] == "Auditor on leave"
    # The same version again is stale: someone (this client) saved since.
    response = as_liaison.put(
        f"/api/v1/actions/{action.json()['id']}/",
        {**moved, "description": "Other wording"},
        format="json",
    )
    assert response.status_code == 409

    upload = as_liaison.post(
        "/api/v1/evidence/",
        {"action_plan": plan["id"], "title": "Audit", "file": pdf("audit.pdf")},
        format="multipart",
    )
    assert upload.status_code == 201 and upload.json()["kind"] == "pdf"
    bad = as_liaison.post(
        "/api/v1/evidence/",
        {"action_plan": plan["id"], "title": "x", "file": pdf("audit.docx")},
        format="multipart",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "file"
    download = as_liaison.get(f"/api/v1/evidence/{upload.json()['id']}/file/")
    assert b"".join(download.streaming_content) == PDF

    current = as_liaison.get(f"/api/v1/action-plans/{plan['id']}/").json()
    submission = as_liaison.post(
        "/api/v1/submissions/",
        {
            "action_plan": plan["id"],
            "version": current["version"],
            "summary": "Review done",
            "milestone": "R4-review",
            "evidence": [upload.json()["id"]],
        },
        format="json",
    )
    assert submission.status_code == 201, submission.json()
    assert submission.json()["state"] == "awaiting"


def test_inspector_assesses_through_the_api(as_inspector, durham, liaison_durham):
    work = build_plan(durham, liaison_durham)
    url = f"/api/v1/submissions/{work['submission'].pk}/accept/"
    response = as_inspector.post(
        url,
        {
            "milestone": "R2-plan",
            "status": "met",
            "effective_on": "2018-09-20",
            "note": "Plan seen",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    record = ProgressRecord.objects.exclude(source="report").get()
    work["submission"].refresh_from_db()
    assert work["submission"].progress_record == record
    again = as_inspector.post(url, {"note": "again"}, format="json")
    assert again.status_code == 409
    assert "already been accepted by Irene Inspector" in again.json()["detail"]
    assert Submission.objects.get().state == Submission.State.ACCEPTED


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert b"/api/v1/overdue/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_activity_is_for_inspectors_and_managers(as_manager, as_liaison, durham, liaison_durham):
    build_plan(durham, liaison_durham)
    rows = as_manager.get("/api/v1/activity/", {"days": 10}).json()
    assert rows[-1]["force"]["slug"] == "durham" and not rows[-1]["quiet"]
    assert sum(row["quiet"] for row in rows) == 42
    assert as_manager.get("/api/v1/activity/", {"days": "x"}).status_code == 400
    assert as_liaison.get("/api/v1/activity/").status_code == 403


def test_force_owned_lists_filter_by_country_and_2017_grade(
    as_manager, record, durham, kent, liaison_durham, liaison_kent
):
    from forces.models import Force

    record(Force.objects.get(slug="west-midlands"), "R4-review", "in_progress", "2018-09-01")
    record(durham, "R4-review", "in_progress", "2018-09-01")
    rows = as_manager.get(
        "/api/v1/progress-records/", {"graded": "peel-effectiveness-2017:vulnerability:inadequate"}
    ).json()["results"]
    assert [r["force"] for r in rows] == ["west-midlands"]
    build_plan(durham, liaison_durham)
    build_plan(kent, liaison_kent)
    plans = as_manager.get(
        "/api/v1/action-plans/", {"graded": "peel-effectiveness-2017:overall:outstanding"}
    ).json()
    assert [p["force"]["slug"] for p in plans["results"]] == ["durham"]
    actions = as_manager.get("/api/v1/actions/", {"country": "wales"}).json()
    assert actions["count"] == 0
    assert (
        as_manager.get(
            "/api/v1/submissions/", {"graded": "peel-effectiveness-2017:overall:superb"}
        ).status_code
        == 400
    )
