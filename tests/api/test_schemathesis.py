"""Fuzz the running API from its own OpenAPI description, as every role and anonymously.

Fails on any 5xx, and on any response whose status, content type or body the
description does not allow.
"""

import pytest
import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import build_plan

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db(transaction=True)]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The same description /api/schema/ serves, generated from the code.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
# The coverage phase tries every boundary of every parameter: thorough, but minutes per
# list endpoint, and some of its requests (empty chunked bodies) are beyond the test
# server's HTTP support. The fuzzing phase's examples keep the run inside CI's time.
schema.config.phases.coverage.enabled = False


@pytest.fixture
def role_headers(
    reference_data, histories, durham, kent, liaison_durham, liaison_kent, inspector, manager
):
    # Real objects to aim at: plans, evidence and submissions for two forces.
    build_plan(durham, liaison_durham)
    build_plan(kent, liaison_kent)
    headers = {"anonymous": {}}
    for role, user in {
        "liaison": liaison_durham,
        "inspector": inspector,
        "manager": manager,
    }.items():
        token, _ = Token.objects.get_or_create(user=user)
        headers[role] = {"Authorization": f"Token {token.key}"}
    return headers


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_matches_its_description_for_every_role(case, live_server, role_headers):
    # An address, not "localhost": no name lookup, no IPv6 attempt first, per request.
    base_url = live_server.url.replace("localhost", "127.0.0.1")
    for headers in role_headers.values():
        # A session per role, so no cookie carries one role's identity into another's call.
        with requests.Session() as session:
            case.call_and_validate(
                base_url=base_url, session=session, headers=headers, checks=CHECKS
            )
