"""How the API describes itself (drf-spectacular, named in settings).

- One `Error` component, used by every error answer.
- Each operation lists only the statuses it can answer: reads 400 (a bad parameter) and
  404; writes what their view declares in `error_statuses`; every operation 401 and
  429; every write 415 (a body that is not JSON, or not multipart for an upload) and
  503 (the database busy with a large import).
- Conditional GET on every read: `If-None-Match` in, `ETag` and `Cache-Control` out, 304.
- A plain `info.version`, tags per resource, and links between operations, so a client
  (or schemathesis's stateful phase) can follow a created object to what can be done to it.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.drainage import warn
from drf_spectacular.plumbing import ResolvedComponent

from .viewsets import SHARED_DATA

# A piece of the OpenAPI description, as drf-spectacular builds it: JSON.
type Json = dict[str, Any]

ERROR = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR}"}
MESSAGES = {"type": "array", "items": {"type": "string"}}
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer has this shape. `detail` says what went wrong in "
    "words to show a person; a refusal by the record's rules adds `errors` (every reason) "
    "and `field` (the input at fault, where there is one); a request that fails "
    "validation has the name of each parameter or field at fault, with its messages.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong."},
        "errors": {
            "description": "Every reason the change was refused; for the bulk upload, the "
            "messages for each record by its index.",
            "oneOf": [MESSAGES, {"type": "object", "additionalProperties": MESSAGES}],
        },
        "field": {"type": "string", "description": "The input at fault."},
    },
    "additionalProperties": {
        "description": "Messages for the parameter or field of this name (a list of "
        "strings; for a list of items, one entry per item)."
    },
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}
STATUSES = {
    400: (
        "The request, a parameter or a field is not valid, or the record's rules refuse "
        "the change: the body says which and why. Nothing was saved."
    ),
    401: "No valid token or session.",
    403: "Your role may not do this. Nothing was saved.",
    404: "Not found, or belongs to a force you cannot see (for a list: a page past the last).",
    406: "None of the formats in Accept (or `format`) is offered here.",
    409: (
        "The change clashes with the record as it now stands: someone saved the plan "
        "first (send the version you now read), or it has already been done. The body "
        "says what happened. Nothing was saved."
    ),
    415: "The body is not JSON (or, for a file upload, not multipart/form-data).",
    429: "Too many requests for this token: wait for Retry-After seconds.",
    503: (
        "The record is busy with a large change such as an import. Nothing was saved: "
        "try again after Retry-After seconds."
    ),
}
READ_STATUSES = {400, 404}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def error_response(status: int) -> Json:
    response: Json = {
        "description": STATUSES[status],
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with the statuses and headers every operation really has."""

    def error_statuses(self) -> set[int]:
        declared = getattr(self.view, "error_statuses", {})
        key = getattr(self.view, "action", None) or self.method.lower()
        if key in declared:
            statuses = set(declared[key])
        elif self.method == "GET":
            statuses = set(READ_STATUSES)
        else:
            warn(f"{self.view.__class__.__name__} does not declare error_statuses for {key}")
            statuses = {400, 403}
        statuses |= {401, 429}
        if self.method in WRITE_METHODS:
            statuses |= {415, 503}
        return statuses

    def cache_control(self) -> str:
        policy: str = getattr(self.view, "cache_control", SHARED_DATA)
        return policy

    def _get_parameters(self) -> list[Json]:
        parameters = super()._get_parameters()
        if self.method == "GET":
            parameters.append(
                {
                    "in": "header",
                    "name": "If-None-Match",
                    "required": False,
                    "description": "The ETag of an earlier answer: if nothing has changed "
                    "since, the answer is 304 with no body.",
                    "schema": {"type": "string"},
                }
            )
        return parameters

    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> Json:
        responses = super()._get_response_bodies(direction)
        self.registry.register_on_missing(
            # drf-spectacular leaves ResolvedComponent's constructor unannotated.
            ResolvedComponent(  # type: ignore[no-untyped-call]
                name=ERROR, type=ResolvedComponent.SCHEMA, schema=ERROR_SCHEMA, object=ERROR
            )
        )
        if self.method == "GET":
            policy = self.cache_control()
            why = (
                "the data belongs to a force: keep no copy"
                if "no-store" in policy
                else "a kept copy is checked with If-None-Match before it is used"
            )
            cache = {
                "description": f"`{policy}`: {why}.",
                "schema": {"type": "string", "enum": [policy]},
            }
            etag = {
                "description": "Identifies this answer: send it in If-None-Match to be told "
                "(304) that nothing has changed.",
                "schema": {"type": "string"},
            }
            ok = responses.get("200")
            if ok is not None:
                ok.setdefault("headers", {}).update({"ETag": etag, "Cache-Control": cache})
            responses["304"] = {
                "description": "Not modified since the answer with this ETag.",
                "headers": {"ETag": etag, "Cache-Control": cache},
            }
        for status in sorted(self.error_statuses()):
            responses.setdefault(str(status), error_response(status))
        created = responses.get("201")
        if created is not None and getattr(self.view, "action", None) == "create":
            created.setdefault("headers", {})["Location"] = {
                "description": "The address of what was created.",
                "schema": {"type": "string"},
            }
        return responses


def finish(result: Json, generator: object, request: object, public: bool) -> Json:
    """A plain version, non-empty string parameters, closed request bodies, and links
    between operations."""
    result["info"]["version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
    # A parameter's choices that are a named enum's (grades, countries, statuses) refer
    # to it, so a generated client has one type for them, not one per operation.
    named = {
        frozenset(schema["enum"]): name
        for name, schema in result.get("components", {}).get("schemas", {}).items()
        if "enum" in schema
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                require_a_value(parameter["schema"])
                schema = parameter["schema"]
                item = schema.get("items", schema)
                name = named.get(frozenset(item.get("enum", ())))
                if name:
                    item.clear()
                    item["$ref"] = f"#/components/schemas/{name}"
    # A body may hold only the fields it declares (core.serializers.StrictFields).
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
    add_links(result["paths"])
    return result


def require_a_value(schema: Json) -> None:
    """An empty value is a 400 everywhere (core.api): say so in the schema."""
    if schema.get("type") == "array":
        require_a_value(schema.get("items", {}))
    elif schema.get("type") == "string" and not ({"enum", "format", "pattern"} & set(schema)):
        schema.setdefault("minLength", 1)


# Links a client follows from one resource to another: (operation, status) →
# (target operation, its parameter, where the value is in the answer).
RECORD = "$response.body#/progress_record"
PLAN = ("action_plans_retrieve", "id", "$response.body#/action_plan")
CROSS_LINKS = [
    ("actions_create", "201", "action_plans_retrieve", "id", "$response.body#/plan"),
    ("actions_update", "200", "action_plans_retrieve", "id", "$response.body#/plan"),
    ("evidence_create", "201", *PLAN),
    ("submissions_create", "201", *PLAN),
    ("submissions_accept_create", "200", *PLAN),
    ("submissions_return_create", "200", *PLAN),
    ("submissions_accept_create", "200", "progress_records_retrieve", "id", RECORD),
]


def add_links(paths: Json) -> None:
    """From a created object, a list's first item or one object, to every operation on
    that object (`/things/{id}/…`), with the id taken from the answer."""
    operations = {
        operation["operationId"]: operation
        for path in paths.values()
        for operation in path.values()
    }
    for collection, path in paths.items():
        if "{" in collection:
            continue
        detail = {
            template: item
            for template, item in paths.items()
            if template.startswith(collection)
            and re.fullmatch(r"\{\w+\}/.*", template[len(collection) :])
        }
        for template, item in detail.items():
            found = re.match(r"\{(\w+)\}", template[len(collection) :])
            assert found is not None, "detail holds only templates that match (above)"
            param = found.group(1)
            one = detail.get(f"{collection}{{{param}}}/", {}).get("get")
            for target in item.values():
                link(path.get("post"), "201", target, param, f"$response.body#/{param}")
                link(path.get("get"), "200", target, param, f"$response.body#/results/0/{param}")
                if target is not one:
                    link(one, "200", target, param, f"$request.path.{param}")
    for source_id, status, target_id, param, expression in CROSS_LINKS:
        if source_id in operations and target_id in operations:
            link(operations[source_id], status, operations[target_id], param, expression)


def link(source: Json | None, status: str, target: Json, param: str, expression: str) -> None:
    if source is None or status not in source["responses"]:
        return
    links = source["responses"][status].setdefault("links", {})
    links[target["operationId"]] = {
        "operationId": target["operationId"],
        "parameters": {param: expression},
    }
