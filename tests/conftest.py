import datetime
import importlib
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forces.models import Force, NationalBody
from recommendations.models import Milestone, ProgressRecord

# Playwright's sync API runs an event loop in this thread; the browser tests only
# touch the database between page actions, never from inside the loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
    """Append a progress record: record(force_or_body, code, status, "2018-09-01", note=…)."""

    def add(owner, code, status, effective_on, **extra):
        owner_field = "force" if isinstance(owner, Force) else "national_body"
        assert isinstance(owner, (Force, NationalBody))
        extra.setdefault("note", f"Assessed as {status}")
        return ProgressRecord.objects.create(
            milestone=milestone(code),
            status=status,
            effective_on=datetime.date.fromisoformat(effective_on),
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
def plain_http(settings):
    # Production redirects to HTTPS; the test client and live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False


PASSWORD = "pw-for-tests-only"


def persona(username, role, force_slug=None):
    from accounts.roles import add_user

    force = Force.objects.get(slug=force_slug) if force_slug else None
    return add_user(
        username=username, role=role, password=PASSWORD, force=force, check_password=False
    )


@pytest.fixture
def manager(db):
    return persona("manager", "manager")


@pytest.fixture
def inspector(db):
    return persona("inspector", "inspector")


@pytest.fixture
def liaison_durham(db):
    return persona("liaison-durham", "liaison", "durham")


@pytest.fixture
def liaison_kent(db):
    return persona("liaison-kent", "liaison", "kent")


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def histories(db, record, milestone):
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
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_plan(force, liaison):
    from recommendations.action_plans import (
        add_action,
        attach_evidence,
        start_action_plan,
        submit_for_assessment,
    )
    from recommendations.models import Recommendation

    """A force's recommendation 2 plan with one action, one file and a submission."""
    plan = start_action_plan(
        force=force, recommendation=Recommendation.objects.get(number=2), by=liaison
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
    """Reload the reference data and role groups, which each transactional test's flush empties."""
    from django.apps import apps

    from forces.models import Force

    if not Force.objects.exists():
        for module in (
            "forces.migrations.0002_load_2017_forces",
            "recommendations.migrations.0002_load_peel_effectiveness_2017",
        ):
            importlib.import_module(module).load(apps, None)
        importlib.import_module("accounts.migrations.0002_role_groups").create_groups(apps, None)
