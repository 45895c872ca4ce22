"""A typed client generated from the live /api/schema/ by openapi-python-client works
unchanged: it generates without warnings, builds as a package (a plain version), every
module imports, and it reads and writes against the running server."""

import datetime
import importlib
import os
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import requests
from packaging.version import Version

from recommendations.models import Recommendation
from tests.conftest import build_plan, token_for
from tests.files import PDF

pytestmark = pytest.mark.django_db(transaction=True)

VENV_BIN = Path(sys.executable).parent
PACKAGE = "peeltrack_api_client"


@pytest.fixture
def generated_client(live_server, tmp_path):
    """Generate the client from the schema the live server serves, and import it."""
    schema = requests.get(f"{live_server.url}/api/schema/?format=json", timeout=30)
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    result = subprocess.run(
        [
            VENV_BIN / "openapi-python-client",
            "generate",
            "--path",
            tmp_path / "schema.json",
            "--output-path",
            tmp_path / "client",
        ],
        # It formats what it writes with ruff, which it looks for on PATH.
        env={**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(tmp_path / "client"))
    try:
        yield tmp_path / "client"
    finally:
        sys.path.remove(str(tmp_path / "client"))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def test_a_generated_client_works_unchanged(
    generated_client, live_server, reference_data, durham, liaison_durham, manager
):
    project = tomllib.loads((generated_client / "pyproject.toml").read_text())
    assert str(Version(project["tool"]["poetry"]["version"])) == "1.0.0"

    package = importlib.import_module(PACKAGE)
    modules = [m.name for m in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")]
    for name in modules:
        importlib.import_module(name)
    assert len(modules) > 50

    from peeltrack_api_client import AuthenticatedClient
    from peeltrack_api_client.api.action_plans import action_plans_create
    from peeltrack_api_client.api.actions import actions_create
    from peeltrack_api_client.api.evidence import evidence_file_retrieve
    from peeltrack_api_client.api.forces import forces_list
    from peeltrack_api_client.api.overdue import overdue_list
    from peeltrack_api_client.models import (
        Action,
        ActionCreateRequest,
        ActionPlanRequest,
        Error,
        HorizonEnum,
    )

    def client_for(user):
        return AuthenticatedClient(
            base_url=live_server.url.replace("localhost", "127.0.0.1"),
            token=token_for(user),
            prefix="Token",
            raise_on_unexpected_status=True,
        )

    # A read: reference data and a report, typed.
    reader = client_for(manager)
    forces = forces_list.sync(client=reader, page_size=100)
    assert forces.count == 43 and "durham" in {force.slug for force in forces.results}
    overdue = overdue_list.sync(client=reader, as_of=datetime.date(2018, 10, 1))
    assert overdue and {row.milestone.code for row in overdue} >= {"R2-plan", "R4-review"}

    # Writes, each with the plan version the one before gave back.
    liaison = client_for(liaison_durham)
    plan = action_plans_create.sync(
        client=liaison,
        body=ActionPlanRequest(
            recommendation=Recommendation.objects.get(
                report__slug="peel-effectiveness-2017", number=4
            ).pk
        ),
    )
    version = plan.version
    for description in ["Audit RUI cases", "Report to the chief officer"]:
        action = actions_create.sync(
            client=liaison,
            body=ActionCreateRequest(
                plan=plan.id,
                version=version,
                description=description,
                horizon=HorizonEnum.SHORT,
                owner="Custody lead",
                target_date=datetime.date(2018, 8, 31),
            ),
        )
        assert isinstance(action, Action) and action.plan_version == version + 1
        version = action.plan_version
    stale = actions_create.sync_detailed(
        client=liaison,
        body=ActionCreateRequest(
            plan=plan.id, version=1, description="x", horizon=HorizonEnum.LONG, owner="y"
        ),
    )
    assert stale.status_code == 409 and isinstance(stale.parsed, Error)
    assert "Someone else saved this action plan" in stale.parsed.detail

    # A file comes back as bytes.
    work = build_plan(durham, liaison_durham)
    downloaded = evidence_file_retrieve.sync(client=liaison, id=work["evidence"].pk)
    assert downloaded.payload.read() == PDF
