import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.action_plans import (
    add_action,
    attach_evidence,
    start_action_plan,
    submit_for_assessment,
)
from recommendations.models import Recommendation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_plan(force, liaison):
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
