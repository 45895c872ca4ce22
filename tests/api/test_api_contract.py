"""The API as outside tools use it: strict parameters, files by token, caching headers,
writes that say what the next write needs, and no redirect that turns a write into a read."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from plans.models import Action
from recommendations.models import ProgressRecord
from tests.api.test_api import LISTS
from tests.conftest import build_plan

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Strict parameters -------------------------------------------------------------


@pytest.mark.parametrize(
    "url, query",
    [
        ("/api/v1/progress-records/", "force=kent&force=durham"),
        ("/api/v1/forces/", "country=wales&country=england"),
        ("/api/v1/forces/", "page_size=5&page_size=10"),
        ("/api/v1/overdue/", "as_of=2018-10-01&as_of=2019-01-01"),
        ("/api/v1/activity/", "days=3&days=4"),
    ],
)
def test_a_single_valued_parameter_given_twice_is_400(as_manager, url, query):
    name = query.split("=")[0]
    response = as_manager.get(f"{url}?{query}")
    assert response.status_code == 400
    assert response.json()[name] == [f"Give {name} once: it takes one value."]


def test_repeatable_filters_take_several_values(as_manager, histories):
    rows = as_manager.get(
        "/api/v1/overdue/?as_of=2018-10-01&milestone=R2-plan&milestone=R4-review"
        "&force=durham&force=essex"
    ).json()
    assert {(r["force"]["slug"], r["milestone"]["code"]) for r in rows} == {
        ("durham", "R2-plan"),
        ("essex", "R2-plan"),
        ("essex", "R4-review"),
    }


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/forces/", "country"),
        ("/api/v1/progress-records/", "force"),
        ("/api/v1/milestones/", "report"),
        ("/api/v1/forces/", "ordering"),
        ("/api/v1/forces/", "page_size"),
        ("/api/v1/overdue/", "as_of"),
        ("/api/v1/standings/", "status"),
        ("/api/v1/activity/", "days"),
    ],
)
def test_an_empty_value_is_400_everywhere(as_manager, url, name):
    response = as_manager.get(f"{url}?{name}=")
    assert response.status_code == 400
    assert response.json()[name] == [f"{name} is empty: give a value, or leave the parameter out."]


def test_the_browsable_apis_filter_form_may_send_empty_fields(client, manager):
    client.force_login(manager)
    response = client.get(
        "/api/v1/forces/?country=&graded=peel-effectiveness-2017:overall:outstanding",
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 200 and b"Durham" in response.content


@pytest.mark.parametrize("url", ["/api/v1/overdue/", "/api/v1/standings/", "/api/v1/activity/"])
def test_an_unknown_parameter_on_a_report_lists_the_allowed_ones(as_manager, url):
    message = as_manager.get(url, {"since": "2018-01-01"}).json()["since"][0]
    assert message.startswith("Unknown parameter. Use one of: ")
    assert "as_of" in message and "known_on" in message


def test_one_object_takes_no_filters(as_manager, durham, liaison_durham):
    plan = build_plan(durham, liaison_durham)["plan"]
    response = as_manager.get(f"/api/v1/action-plans/{plan.pk}/", {"force": "kent"})
    assert response.status_code == 400
    assert response.json()["force"] == ["Unknown parameter. Use one of: format."]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "501", "1.5", " 5"])
def test_page_size_must_be_a_whole_number_from_1_to_500(as_manager, value):
    response = as_manager.get("/api/v1/forces/", {"page_size": value})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give page_size as a whole number from 1 to 500."]}


def test_page_size_500_and_a_page_past_the_last(as_manager):
    assert len(as_manager.get("/api/v1/forces/", {"page_size": 500}).json()["results"]) == 43
    assert as_manager.get("/api/v1/forces/", {"page": "0"}).status_code == 400
    assert as_manager.get("/api/v1/forces/", {"page": "last"}).status_code == 400
    assert as_manager.get("/api/v1/forces/", {"page": 2}).status_code == 404


def test_ordering_takes_one_listed_value(as_manager):
    names = [f["name"] for f in as_manager.get("/api/v1/forces/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)
    response = as_manager.get("/api/v1/forces/?ordering=name,slug")
    assert response.status_code == 400
    assert "Use one of: name, -name, slug, -slug, country, -country" in str(response.json())


def test_an_unknown_format_is_400_listing_the_formats(as_manager):
    response = as_manager.get("/api/v1/overdue/", {"format": "pdf"})
    assert response.status_code == 400
    assert response.json() == {"format": ["Use one of: json, api, csv, xlsx."]}
    assert as_manager.get("/api/v1/forces/", {"format": "csv"}).status_code == 400


# --- No redirect turns a write into a read -----------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_without_the_trailing_slash_is_a_json_404(as_liaison, durham, method):
    response = getattr(as_liaison, method)("/api/v1/action-plans", {"recommendation": 1}, "json")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Not found. Did you mean /api/v1/action-plans/ (with the slash)? "
        "Nothing was changed."
    }
    assert not durham.action_plans.exists()


def test_a_read_without_the_trailing_slash_may_still_be_redirected(as_manager):
    response = as_manager.get("/api/v1/forces")
    assert response.status_code == 301 and response["Location"] == "/api/v1/forces/"


# --- Files by token ----------------------------------------------------------------

OVERDUE_QUERIES = [
    {"as_of": "2018-10-01", "due": "2018-09"},
    {"as_of": "2019-02-01", "milestone": ["R2-plan", "R3-first-review"], "country": "england"},
    {"as_of": "2019-02-01", "force": ["durham", "kent"]},
]


@pytest.mark.parametrize("params", OVERDUE_QUERIES)
def test_a_token_gets_exactly_the_web_pages_csv(as_manager, client, manager, histories, params):
    client.force_login(manager)
    web = client.get("/reports/overdue/", {**params, "format": "csv"})
    # The page's default report, asked for by name: the API's default is every report.
    params = {**params, "report": "peel-effectiveness-2017"}
    by_format = as_manager.get("/api/v1/overdue/", {**params, "format": "csv"})
    by_accept = as_manager.get("/api/v1/overdue/", params, HTTP_ACCEPT="text/csv")
    for api in (by_format, by_accept):
        assert api.status_code == 200
        assert api.content == web.content
        assert api["Content-Type"] == web["Content-Type"] == "text/csv; charset=utf-8"
        assert api["Content-Disposition"] == web["Content-Disposition"]
    first_row = list(csv.reader(io.StringIO(web.content.decode())))[0]
    assert first_row[:2] == ["force_name", "milestone_name"]


def test_the_overdue_file_is_named_for_its_forces(as_manager, histories):
    response = as_manager.get(
        "/api/v1/overdue/?as_of=2019-02-01&force=kent&force=durham", HTTP_ACCEPT="text/csv"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="overdue-as-of-2019-02-01-force-durham-kent.csv"'
    )
    owners = {row["force"] for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert owners <= {"durham", "kent"}


def test_a_token_gets_the_web_pages_xlsx(as_manager, client, manager, histories):
    params = {"as_of": "2019-02-01"}
    client.force_login(manager)
    web = client.get("/reports/overdue/", {**params, "format": "xlsx"})
    api = as_manager.get(
        "/api/v1/overdue/", {**params, "report": "peel-effectiveness-2017"}, HTTP_ACCEPT=XLSX
    )
    assert api.status_code == 200 and api["Content-Type"] == XLSX
    assert api["Content-Disposition"] == web["Content-Disposition"]

    def rows(content):
        return [list(r) for r in load_workbook(io.BytesIO(content))["Overdue"].values]

    assert rows(api.content) == rows(web.content) and len(rows(api.content)) > 1


def test_standings_come_as_csv_and_xlsx_too(as_manager, histories):
    params = {"as_of": "2019-02-01", "milestone": "R2-plan"}
    rows = as_manager.get("/api/v1/standings/", params).json()["results"]
    response = as_manager.get("/api/v1/standings/", {**params, "format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="standings-as-of-2019-02-01-milestone-r2-plan.csv"'
    )
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["force"], r["category"]) for r in table] == [
        (r["force"]["slug"], r["category"]) for r in rows
    ]
    durham = next(r for r in table if r["force"] == "durham")
    assert durham["met_on"] == "2019-01-10" and durham["category_label"] == "Met late"
    xlsx = as_manager.get("/api/v1/standings/", {**params, "format": "xlsx"})
    assert list(load_workbook(io.BytesIO(xlsx.content))["Standings"].values)[0][:3] == (
        "force_name",
        "milestone_name",
        "due_date",
    )


def test_an_error_asked_for_as_csv_is_json(as_manager):
    response = as_manager.get("/api/v1/overdue/", {"format": "csv", "as_of": "2018-13-01"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "as_of" in response.json()
    assert as_manager.get("/api/v1/forces/", HTTP_ACCEPT="text/csv").status_code == 406


# --- Caching -----------------------------------------------------------------------

PERSONAL = [
    "/api/v1/scope-changes/",
    "/api/v1/progress-records/",
    "/api/v1/action-plans/",
    "/api/v1/actions/",
    "/api/v1/evidence/",
    "/api/v1/submissions/",
    "/api/v1/history/",
    "/api/v1/responses/",
]


@pytest.mark.parametrize("url", LISTS)
def test_every_read_has_an_etag_and_answers_304_with_the_same_cache_control(as_manager, url):
    first = as_manager.get(url)
    expected = "private, no-store" if url in PERSONAL else "private, no-cache"
    assert first.status_code == 200 and first["Cache-Control"] == expected
    again = as_manager.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == expected


def test_a_forces_own_objects_and_files_are_never_stored(as_liaison, durham, liaison_durham):
    work = build_plan(durham, liaison_durham)
    for url in [
        f"/api/v1/action-plans/{work['plan'].pk}/",
        f"/api/v1/actions/{work['action'].pk}/",
        f"/api/v1/submissions/{work['submission'].pk}/",
        f"/api/v1/evidence/{work['evidence'].pk}/",
        f"/api/v1/evidence/{work['evidence'].pk}/file/",
    ]:
        assert as_liaison.get(url)["Cache-Control"] == "private, no-store", url


def test_an_evidence_file_comes_as_bytes(as_liaison, durham, liaison_durham):
    work = build_plan(durham, liaison_durham)
    response = as_liaison.get(f"/api/v1/evidence/{work['evidence'].pk}/file/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="evidence.pdf"'


# --- Writes say what the next write needs ------------------------------------------


def test_each_plan_changing_write_returns_the_plans_new_version(
    as_liaison, as_inspector, durham, liaison_durham
):
    work = build_plan(durham, liaison_durham)
    plan = work["plan"]
    as_inspector.post(
        f"/api/v1/submissions/{work['submission'].pk}/return/", {"reason": "More"}, format="json"
    ).json()
    version = as_liaison.get(f"/api/v1/action-plans/{plan.pk}/").json()["version"]
    for _ in range(3):  # several actions in a row, each with the version the last gave back
        response = as_liaison.post(
            "/api/v1/actions/",
            {
                "plan": plan.pk,
                "version": version,
                "description": "Another step",
                "horizon": "short",
                "owner": "Head of Crime",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response["Location"] == f"/api/v1/actions/{response.json()['id']}/"
        assert response.json()["plan_version"] == version + 1
        version = response.json()["plan_version"]
    patched = as_liaison.patch(
        f"/api/v1/action-plans/{plan.pk}/", {"version": version, "summary": "New"}, format="json"
    ).json()
    assert patched["version"] == version + 1
    submitted = as_liaison.post(
        "/api/v1/submissions/",
        {"action_plan": plan.pk, "version": patched["version"], "summary": "Again"},
        format="json",
    )
    assert submitted.status_code == 201
    assert submitted.json()["plan_version"] == patched["version"] + 1
    assert Action.objects.filter(plan=plan).count() == 4


@pytest.mark.parametrize("decision", ["accept", "return"])
def test_a_repeated_decision_is_409_saying_what_happened(
    as_inspector, durham, liaison_durham, decision
):
    submission = build_plan(durham, liaison_durham)["submission"]
    url = f"/api/v1/submissions/{submission.pk}/{decision}/"
    field = "note" if decision == "accept" else "reason"
    first = as_inspector.post(url, {field: "Seen"}, format="json")
    assert first.status_code == 200 and "plan_version" in first.json()
    for body in ({}, {field: "Again"}, {"milestone": "R2-plan"}, {"unknown": "field"}):
        again = as_inspector.post(url, body, format="json")
        assert again.status_code == 409, body
        state = "accepted" if decision == "accept" else "returned to the force"
        assert f"already been {state} by Irene Inspector" in again.json()["detail"]


def test_the_bulk_api_and_single_records_use_the_same_field_names(as_inspector):
    item = {
        "force": "durham",
        "milestone": "R4-review",
        "status": "in_progress",
        "effective_on": "2018-09-01",
        "note": "Started",
    }
    bulk = as_inspector.post("/api/v1/progress-records/bulk/", {"records": [item]}, format="json")
    assert bulk.status_code == 201
    created = bulk.json()["records"][0]
    assert {name: created[name] for name in item} == item
    single = as_inspector.post(
        "/api/v1/progress-records/", {**item, "effective_on": "2018-09-02"}, format="json"
    )
    assert single.status_code == 201 and set(item) <= set(single.json())


def test_the_bulk_api_refuses_a_force_and_a_national_body_together_as_one_record_does(
    as_inspector,
):
    item = {
        "force": "durham",
        "national_body": "college-of-policing",
        "milestone": "R4-review",
        "status": "in_progress",
        "effective_on": "2018-09-01",
        "note": "Started",
    }
    single = as_inspector.post("/api/v1/progress-records/", item, format="json")
    bulk = as_inspector.post("/api/v1/progress-records/bulk/", {"records": [item]}, format="json")
    assert single.status_code == bulk.status_code == 400
    assert single.json()["detail"] in bulk.json()["errors"]["0"]
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_the_bulk_api_takes_a_national_body_as_one_record_does(as_inspector):
    item = {
        "national_body": "college-of-policing",
        "milestone": "R3-infrastructure",
        "status": "met",
        "effective_on": "2018-09-20",
        "note": "Infrastructure in place",
    }
    bulk = as_inspector.post("/api/v1/progress-records/bulk/", {"records": [item]}, format="json")
    assert bulk.status_code == 201
    assert bulk.json()["records"][0]["national_body"] == "college-of-policing"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (
            "/api/v1/progress-records/bulk/",
            {
                "records": [
                    {
                        "force": "durham",
                        "milestone": "R4-review",
                        "status": "met",
                        "effective_on": "2018-09-20",
                        "note": "Seen",
                        "national_bdy": "college-of-policing",
                    }
                ]
            },
        ),
        (
            "/api/v1/progress-records/",
            {
                "force": "durham",
                "milestone": "R4-review",
                "status": "met",
                "effective_on": "2018-09-20",
                "note": "Seen",
                "effective_date": "2018-09-21",
            },
        ),
        ("/api/v1/progress-records/bulk/", {"records": [], "dry_run": True}),
    ],
)
def test_an_unknown_field_in_a_body_is_a_400_naming_it(as_inspector, url, body):
    response = as_inspector.post(url, body, format="json")
    assert response.status_code == 400
    text = json.dumps(response.json())
    assert "Unknown field" in text
    assert any(name in text for name in ("national_bdy", "effective_date", "dry_run"))
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_every_api_write_declares_who_may_make_it(inspector):
    """Each write action has a permission class from core.permissions, checked by DRF
    before the body is read; no view checks roles by hand."""
    from rest_framework.viewsets import ViewSetMixin

    from core.permissions import Requires
    from peeltrack.urls import router

    for prefix, viewset, _basename in router.registry:
        if not issubclass(viewset, ViewSetMixin):
            continue
        writes = {
            name
            for name in ("create", "update", "partial_update", "destroy")
            if hasattr(viewset, name)
        } | {
            extra.__name__
            for extra in viewset.get_extra_actions()
            if set(extra.mapping) - {"get", "head", "options"}
        }
        for name in writes:
            needed = viewset.write_permissions.get(name, [])
            assert needed and all(issubclass(p, Requires) for p in needed), (prefix, name)


@pytest.mark.parametrize("url", ["/api/v1/overdue/", "/api/v1/standings/"])
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_options_describes_a_report_in_json_whatever_format_is_asked_for(as_manager, url, export):
    response = as_manager.options(f"{url}?format={export}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"]
