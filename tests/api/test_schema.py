"""The OpenAPI description says exactly what the API does, in a shape tools can use."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_is_valid_openapi_with_a_plain_version(schema):
    validate(schema)
    assert schema["info"]["version"] == "1.0.0"


def test_request_bodies_are_json_except_the_file_upload(schema):
    bodies = {
        operation["operationId"]: set(operation["requestBody"]["content"])
        for _path, _method, operation in operations(schema)
        if "requestBody" in operation
    }
    assert bodies.pop("evidence_create") == {"multipart/form-data"}
    assert bodies and all(types == {"application/json"} for types in bodies.values())


def test_every_error_answer_is_the_one_error_component(schema):
    error = {"$ref": "#/components/schemas/Error"}
    count = 0
    for _path, _method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if status >= "400":
                assert response["content"] == {"application/json": {"schema": error}}
                count += 1
    assert count > 150
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {
        "detail",
        "errors",
        "field",
    }


def test_only_writes_that_can_clash_document_409(schema):
    clashing = {
        operation["operationId"]
        for _path, _method, operation in operations(schema)
        if "409" in operation["responses"]
    }
    assert clashing == {
        "action_plans_partial_update",
        "actions_create",
        "actions_update",
        "evidence_withdraw_create",
        "progress_records_create",
        "submissions_create",
        "submissions_accept_create",
        "submissions_return_create",
    }
    reads = [op for _p, method, op in operations(schema) if method == "get"]
    assert all("403" not in op["responses"] for op in reads if op["operationId"] != "activity_list")


def test_operations_are_tagged_by_resource(schema):
    for path, _method, operation in operations(schema):
        assert operation["tags"] == [path.split("/")[3]]


def test_list_parameters_are_bounded_and_ordering_is_an_enum(schema):
    lists = [op for path, method, op in operations(schema) if "{" not in path and method == "get"]
    paginated = [op for op in lists if "page_size" in {p["name"] for p in op["parameters"]}]
    assert len(paginated) == 16
    # Standings come in the rule's order (milestone, then force): nothing to choose.
    unordered = {op["operationId"] for op in paginated if "ordering" not in str(op["parameters"])}
    assert unordered == {"standings_list"}
    for operation in paginated:
        parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}
        if operation["operationId"] in unordered:
            continue
        ordering = parameters["ordering"]["enum"]
        assert ordering and all(f"-{value}" in ordering for value in ordering if value[0] != "-")


def test_patching_a_plan_documents_both_fields_as_required(schema):
    body = schema["components"]["schemas"]["ActionPlanUpdateRequest"]
    assert set(body["required"]) == {"version", "summary"}


def test_reads_document_conditional_get_and_their_cache_policy(schema):
    for path, method, operation in operations(schema):
        if method != "get":
            continue
        assert "If-None-Match" in {p["name"] for p in operation["parameters"]}
        assert "304" in operation["responses"]
        policy = operation["responses"]["200"]["headers"]["Cache-Control"]["schema"]["enum"]
        personal = path.split("/")[3] in {
            "responses",
            "action-plans",
            "actions",
            "evidence",
            "submissions",
            "history",
            "progress-records",
            "scope-changes",
        }
        assert policy == ["private, no-store" if personal else "private, no-cache"], path


def test_links_lead_from_created_objects_to_what_can_be_done_with_them(schema):
    by_id = {op["operationId"]: op for _p, _m, op in operations(schema)}

    def links(operation_id, status):
        return by_id[operation_id]["responses"][status].get("links", {})

    assert {"action_plans_retrieve", "action_plans_partial_update"} <= set(
        links("action_plans_create", "201")
    )
    assert {"submissions_accept_create", "submissions_return_create"} <= set(
        links("submissions_create", "201")
    )
    assert links("submissions_list", "200")["submissions_accept_create"]["parameters"] == {
        "id": "$response.body#/results/0/id"
    }
    assert links("forces_list", "200")["forces_retrieve"]["parameters"] == {
        "slug": "$response.body#/results/0/slug"
    }
    assert "action_plans_retrieve" in links("actions_create", "201")
    # Every operation on one object can be reached from an answer that names it.
    linked = {
        target
        for operation in by_id.values()
        for response in operation["responses"].values()
        for target in response.get("links", {})
    }
    detail = {operation["operationId"] for path, _m, operation in operations(schema) if "{" in path}
    assert detail <= linked, detail - linked


def test_every_path_parameter_has_a_pattern_that_leaves_out_the_format_suffix(schema):
    # The router reads `/forces/kent.json/` as Kent in JSON, so a value the schema offers
    # must never hold a dot: otherwise a schema-valid address is answered 400.
    checked = 0
    for _path, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                pattern = parameter["schema"].get("pattern", "")
                assert pattern.startswith("^[") and "." not in pattern, (
                    operation["operationId"],
                    parameter,
                )
                checked += 1
    assert checked >= 18


@pytest.mark.parametrize("path", ["/api/v1/standings/", "/api/v1/overdue/"])
def test_the_reports_parameters_are_their_filtersets(schema, path):
    """Described from StandingFilter, which reads them: the schema cannot drift from it."""
    from core.api import query_names
    from recommendations.selection import StandingFilter

    described = {
        parameter["name"]
        for parameter in schema["paths"][path]["get"]["parameters"]
        if parameter["in"] == "query"
    }
    paged = {"page", "page_size"} if path == "/api/v1/standings/" else set()
    assert described == query_names(StandingFilter) | {"format"} | paged


def test_request_bodies_take_only_the_fields_they_declare(schema):
    requests = {
        name: component
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request")
    }
    assert requests and all(c["additionalProperties"] is False for c in requests.values())
