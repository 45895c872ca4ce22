"""schemathesis against the running API, from the schema it serves: every phase
(examples, coverage, fuzzing, stateful) and every check, as each role and anonymously.

It runs schemathesis's own command line, as an outside tool would, against gunicorn
serving the test database as production would (DEBUG off), with
tests/api/schemathesis.toml: that file lists each exclusion with its reason. A failure
prints schemathesis's report, with a curl line to reproduce each finding. (Django's live
test server answers in the test's own process, several times slower, and reads no
chunked request bodies, which schemathesis sends.)

Time budget. The full pass (PEELTRACK_API_FUZZ=full) runs every phase with 15 examples an
operation (5 anonymously, where every operation but the schema's answers 401 whatever it
is sent): about a minute a role on CI's 2 cores, most of it the coverage phase's ~4,000
requests a role; each role may take at most 5 minutes. CI (.ci/run) runs it once, on
PostgreSQL, the database production runs on and the one that checks more itself
(integer ranges, text). Every other run (`make test`, CI's SQLite pass) leaves out the
coverage phase and takes 3 examples an operation, every check and role still: under a
minute in all, so the suite stays quick and CI stays within 15 minutes.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import serving
from forces.filters import GRADED_PATTERN, graded_choices
from forces.models import Force, NationalBody
from plans.models import ActionPlan
from recommendations.models import Milestone, Recommendation, Report
from tests.conftest import build_plan, token_for

pytestmark = [pytest.mark.api_fuzz, pytest.mark.django_db(transaction=True)]

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
FULL = os.environ.get("PEELTRACK_API_FUZZ", "") == "full"
PHASES = "examples,coverage,fuzzing,stateful" if FULL else "examples,fuzzing,stateful"
EXAMPLES = 15 if FULL else 3
ANONYMOUS_EXAMPLES = 5 if FULL else 3
# Seconds one role's run may take before the test fails as too slow (a budget, not a
# target: each pass takes about a fifth of it).
BUDGET = 300 if FULL else 60
ROLES = ["anonymous", "liaison", "inspector", "manager"]


@pytest.fixture
def world(
    reference_data, histories, durham, kent, liaison_durham, liaison_kent, inspector, manager
):
    """Real things to aim at: plans, actions, evidence and submissions for two forces."""
    build_plan(durham, liaison_durham)
    build_plan(kent, liaison_kent)
    tokens = {
        role: token_for(user)
        for role, user in {
            "liaison": liaison_durham,
            "inspector": inspector,
            "manager": manager,
        }.items()
    }
    return tokens


@pytest.fixture
def server(world, tmp_path):
    """gunicorn on a loopback socket bound here, serving the test database."""
    env = serving.environment(
        # Thousands of requests with one token: the limits are tested in test_throttling.
        PEELTRACK_API_READ_RATE="1000000/minute",
        PEELTRACK_API_WRITE_RATE="1000000/minute",
        DJANGO_LOG_LEVEL="ERROR",
    )
    log = tmp_path / "gunicorn.log"
    with serving.gunicorn(env, workers=2, threads=2, ready_path="/api/schema/", log=log) as base:
        yield base
    # No connection of the server's may outlive it into the database's flush, and the
    # server must have met nothing it could not answer.
    server_log = log.read_text()
    assert "Traceback" not in server_log, server_log


def config_with_what_exists(tmp_path) -> Path:
    """The checked-in configuration, with the data valid requests may name."""
    values = {
        "forces": list(Force.objects.values_list("slug", flat=True)),
        "milestones": list(Milestone.objects.values_list("code", flat=True)),
        "national-bodies": list(NationalBody.objects.values_list("slug", flat=True)),
        "recommendations": list(Recommendation.objects.values_list("pk", flat=True)),
        "plans": list(ActionPlan.objects.values_list("pk", flat=True)),
        "reports": list(Report.objects.values_list("slug", flat=True)),
    }
    lines = [f"{name} = {{ values = {json.dumps(found)} }}" for name, found in values.items()]
    path = tmp_path / "schemathesis.toml"
    path.write_text(CONFIG.read_text() + "\n[dictionaries]\n" + "\n".join(lines) + "\n")
    return path


def hooks_environment() -> dict[str, str]:
    """What tests/api/schemathesis_hooks.py reads: the grades that exist to filter by."""
    return {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "PEELTRACK_GRADINGS": json.dumps([value for value, _label in graded_choices()]),
        "PEELTRACK_GRADED_PATTERN": GRADED_PATTERN,
    }


@pytest.mark.parametrize("role", ROLES)
def test_api_passes_every_schemathesis_phase_and_check(role, world, server, tmp_path):
    base_url = server
    headers = ["-H", f"Authorization: Token {world[role]}"] if role in world else []
    examples = EXAMPLES if headers else ANONYMOUS_EXAMPLES
    command = [
        SCHEMATHESIS,
        "--config-file",
        config_with_what_exists(tmp_path),
        "run",
        f"{base_url}/api/schema/?format=json",
        "--url",
        base_url,
        *headers,
        "--phases",
        PHASES,
        "--checks",
        "all",
        "--max-examples",
        str(examples),
        "--seed",
        "20181001",
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--no-color",
        "--report-dir",
        tmp_path / "report",
    ]
    started = time.monotonic()
    try:
        # In the test's own folder: schemathesis keeps its cache where it runs.
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=BUDGET,
            cwd=tmp_path,
            env=hooks_environment(),
        )
    except subprocess.TimeoutExpired as late:
        pytest.fail(f"schemathesis as {role} ran past its budget of {BUDGET} s:\n{late.stdout!s}")
    took = time.monotonic() - started
    report = result.stdout + result.stderr
    summary = report[report.find("SUMMARY") :] if "SUMMARY" in report else report[-3000:]
    print(f"schemathesis as {role}: {took:.0f} s, {PHASES}, {examples} examples\n{summary}")
    assert result.returncode == 0, report
