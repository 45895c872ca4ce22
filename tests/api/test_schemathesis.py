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
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token

from forces.models import Force, NationalBody
from plans.models import ActionPlan
from recommendations.models import Milestone, Recommendation
from tests.conftest import build_plan

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
        role: Token.objects.get_or_create(user=user)[0].key
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
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # Thousands of requests with one token: the limits are tested in test_throttling.
        "PEELTRACK_API_READ_RATE": "1000000/minute",
        "PEELTRACK_API_WRITE_RATE": "1000000/minute",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        url = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
    else:
        env["SQLITE_PATH"] = str(name)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "peeltrack.wsgi",
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        pass_fds=[listener.fileno()],
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "gunicorn.log", "w"),  # noqa: SIM115 (closed with the process)
    )
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                if requests.get(f"{base}/api/schema/", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start in 60 s"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        listener.close()
        # No connection of the server's may outlive it into the database's flush.
        server_log = (tmp_path / "gunicorn.log").read_text()
        assert "Traceback" not in server_log, server_log


def config_with_what_exists(tmp_path) -> Path:
    """The checked-in configuration, with the data valid requests may name."""
    values = {
        "forces": list(Force.objects.values_list("slug", flat=True)),
        "milestones": list(Milestone.objects.values_list("code", flat=True)),
        "national-bodies": list(NationalBody.objects.values_list("slug", flat=True)),
        "recommendations": list(Recommendation.objects.values_list("pk", flat=True)),
        "plans": list(ActionPlan.objects.values_list("pk", flat=True)),
    }
    lines = [f"{name} = {{ values = {json.dumps(found)} }}" for name, found in values.items()]
    path = tmp_path / "schemathesis.toml"
    path.write_text(CONFIG.read_text() + "\n[dictionaries]\n" + "\n".join(lines) + "\n")
    return path


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
            command, capture_output=True, text=True, timeout=BUDGET, cwd=tmp_path
        )
    except subprocess.TimeoutExpired as late:
        pytest.fail(f"schemathesis as {role} ran past its budget of {BUDGET} s:\n{late.stdout}")
    took = time.monotonic() - started
    report = result.stdout + result.stderr
    summary = report[report.find("SUMMARY") :] if "SUMMARY" in report else report[-3000:]
    print(f"schemathesis as {role}: {took:.0f} s, {PHASES}, {examples} examples\n{summary}")
    assert result.returncode == 0, report
