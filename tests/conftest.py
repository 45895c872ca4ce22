import datetime
import importlib
import os

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from forces.models import Force, NationalBody
from recommendations.models import Milestone, ProgressRecord
from tests import files

# Playwright's sync API runs an event loop in this thread; the browser tests only
# touch the database between page actions, never from inside the loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

D = datetime.date.fromisoformat


@pytest.fixture
def durham(db):
    return Force.objects.get(slug="durham")


@pytest.fixture
def kent(db):
    return Force.objects.get(slug="kent")


@pytest.fixture
def milestone(db):
    def get(code: str) -> Milestone:
        return Milestone.objects.select_related("national_body", "recommendation").get(code=code)

    return get


@pytest.fixture
def record(db, milestone):
    """Append a progress record straight to the table (the rule's tests need any history,
    including ones the services would refuse): record(owner, code, status, "2018-09-01")."""

    def add(owner, code, status, effective_on, **extra):
        owner_field = "force" if isinstance(owner, Force) else "national_body"
        assert isinstance(owner, (Force, NationalBody))
        extra.setdefault("note", f"Assessed as {status}")
        return ProgressRecord.objects.create(
            milestone=milestone(code),
            status=status,
            effective_on=D(effective_on),
            **{owner_field: owner},
            **extra,
        )

    return add


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    # Uploaded evidence goes to a throwaway folder, never the developer's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    # Each test starts its data version from the same number: no test may see another's
    # cached pages. (A real database only ever moves its version forward.)
    cache.clear()


@pytest.fixture(autouse=True)
def api_rate_limits_out_of_the_way(settings):
    # The suite sends thousands of API requests with one token (schemathesis above all);
    # the limits themselves are tested with small ones in tests/api/test_throttling.py.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"read": "1000000/minute", "write": "1000000/minute"},
    }


@pytest.fixture(autouse=True)
def plain_http(settings):
    # Production redirects to HTTPS; the test client and live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def mail_sent_on_commit(settings):
    # Most tests read what a change sent as soon as it commits, the same on both
    # databases; the queue's own path (a worker sending it) is tested with `job_queue`
    # (tests/notices/test_jobs.py).
    settings.PEELTRACK_JOB_QUEUE = False


PASSWORD = "pw-for-tests-only"

PERSONAS = {
    # username: (role, force slug, first name, last name)
    "inspector": ("inspector", None, "Irene", "Inspector"),
    "inspector-2": ("inspector", None, "Ian", "Second"),
    "liaison-durham": ("liaison", "durham", "Dan", "Durham"),
    "liaison-kent": ("liaison", "kent", "Kim", "Kent"),
    "manager": ("manager", None, "Mary", "Manager"),
}


def persona(username):
    from accounts.services import add_user

    role, force_slug, first_name, last_name = PERSONAS[username]
    return add_user(
        username=username,
        role=role,
        password=PASSWORD,
        force=Force.objects.get(slug=force_slug) if force_slug else None,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@example.police.uk",
        check_password=False,
    )


@pytest.fixture
def manager(db):
    return persona("manager")


@pytest.fixture
def inspector(db):
    return persona("inspector")


@pytest.fixture
def second_inspector(db):
    return persona("inspector-2")


@pytest.fixture
def liaison_durham(db):
    return persona("liaison-durham")


@pytest.fixture
def liaison_kent(db):
    return persona("liaison-kent")


@pytest.fixture
def administrator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        "admin", password=PASSWORD, first_name="Ada", last_name="Administrator"
    )


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def histories(db, record, milestone, inspector):
    """A few recorded histories around the September 2018 and January 2019 milestones.

    As of 1 October 2018, everyone is behind on R2-plan and R4-review except Kent
    (R2-plan met on time), Durham (R4-review met on time) and Lancashire (taken out of
    R2-plan's scope: no shortage); the College of Policing is behind on R3-infrastructure.
    By 1 February 2019 Kent has met R4-review late, Durham R2-plan late and the College
    R3-infrastructure late; nobody has had a first peer review.
    """
    from recommendations.services import change_scope

    force = Force.objects.get
    college = NationalBody.objects.get(slug="college-of-policing")
    npcc = NationalBody.objects.get(slug="npcc-investigative-resilience")
    record(force(slug="kent"), "R2-plan", "met", "2018-09-20", note="Plan seen")
    record(force(slug="kent"), "R4-review", "in_progress", "2018-09-01")
    record(force(slug="kent"), "R4-review", "met", "2018-11-15", note="Bail review report")
    record(force(slug="durham"), "R2-plan", "in_progress", "2018-08-01")
    record(force(slug="durham"), "R2-plan", "met", "2019-01-10", note="Plan agreed")
    record(force(slug="durham"), "R4-review", "met", "2018-09-28")
    record(college, "R3-infrastructure", "met", "2018-10-20")
    record(npcc, "R2-advice", "met", "2018-04-25")
    change_scope(
        milestone=milestone("R2-plan"),
        force=force(slug="lancashire"),
        in_scope=False,
        effective_on=datetime.date(2018, 6, 1),
        reason="Full investigative contingent",
        by=inspector,
    )


# A real one-page PDF: evidence is checked by what it is (tests/files.py makes the others).
PDF = files.PDF


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


_issued_keys: dict[int, str] = {}


def token_for(user) -> str:
    """The person's API token key: the one this test issued them already, or a new one
    (issuing a token ends the person's earlier one, which another client may hold)."""
    from accounts.models import APIToken
    from accounts.tokens import digest_of, issue_token

    key = _issued_keys.get(user.pk)
    if key is None or not APIToken.objects.filter(user=user, digest=digest_of(key)).exists():
        key = _issued_keys[user.pk] = issue_token(user=user)
    return key


def api_for(user):
    """An API client holding the person's token (anonymous for None)."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def move_action(action, plan, *, to, reason, by, status=None):
    """Move an action's target date (a slip, with its reason), through the service."""
    from plans.services import change_action

    return change_action(
        action=action,
        expected_version=plan.version,
        description=action.description,
        horizon=action.horizon,
        owner=action.owner,
        status=status or action.status,
        completed_on=None,
        target_date=to,
        slip_reason=reason,
        by=by,
    )


def build_plan(force, liaison):
    """A force's recommendation 2 plan with one action, one file and a submission."""
    from plans.services import add_action, attach_evidence, start_action_plan, submit_for_assessment
    from recommendations.models import Recommendation

    plan = start_action_plan(
        force=force,
        recommendation=Recommendation.objects.get(report__slug="peel-effectiveness-2017", number=2),
        by=liaison,
    )
    action = add_action(
        plan=plan,
        expected_version=plan.version,
        description="Recruit and train 20 detectives",
        horizon="medium",
        owner="Head of Crime",
        target_date=datetime.date(2019, 3, 31),
        by=liaison,
    )
    evidence = attach_evidence(plan=plan, upload=pdf(), title="Workforce plan", by=liaison)
    submission = submit_for_assessment(
        plan=plan,
        expected_version=plan.version,
        summary="Our plan",
        milestone=plan.recommendation.milestones.get(code="R2-plan"),
        evidence=[evidence],
        by=liaison,
    )
    plan.refresh_from_db()
    return {"plan": plan, "action": action, "evidence": evidence, "submission": submission}


@pytest.fixture
def durham_work(durham, liaison_durham):
    return build_plan(durham, liaison_durham)


@pytest.fixture
def kent_work(kent, liaison_kent):
    return build_plan(kent, liaison_kent)


@pytest.fixture
def reference_data(transactional_db):
    """Reload the reference data, which each transactional test's flush empties: the 43
    forces and the first national bodies as their migration holds them, then the reports
    peeltrack ships, through the live loader (which must agree with the migrations)."""
    from recommendations.loader import load_shipped

    if not Force.objects.exists():
        forces = importlib.import_module("forces.migrations.0002_load_2017_forces")
        welsh = importlib.import_module("forces.migrations.0006_welsh_names").WELSH_NAMES
        Force.objects.bulk_create(
            Force(slug=slug, name=name, country=country, name_cy=welsh.get(slug, ""))
            for slug, name, country, *_grades in forces.FORCES
        )
        NationalBody.objects.bulk_create(
            NationalBody(slug=slug, name=name) for slug, name in forces.NATIONAL_BODIES
        )
        load_shipped()


def area_2017(slug: str):
    """One area of the 2017 effectiveness inspection (vulnerability, overall…)."""
    from forces.models import InspectionArea

    return InspectionArea.objects.get(inspection__slug="peel-effectiveness-2017", slug=slug)
