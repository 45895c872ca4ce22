"""Nothing typed is lost, and nobody assesses their own claim."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from accounts.services import change_role
from core.refusals import Refused
from plans.models import ActionPlan, Submission
from plans.services import accept_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison(liaison_durham):
    client = Client()
    client.force_login(liaison_durham)
    return client


def typed(lines: int, per_line: int) -> str:
    """What a person types: `lines` lines, sent by the browser with CRLF line breaks."""
    return "\r\n".join("x" * per_line for _ in range(lines))


def test_line_breaks_count_once_against_the_summary_limit(liaison, durham_work):
    plan = durham_work["plan"]
    text = typed(88, 55)  # 4,927 characters as typed; 5,014 as a browser sends them
    assert len(text.replace("\r\n", "\n")) <= 5000 < len(text)
    response = liaison.post(
        f"/plans/{plan.pk}/summary/", {"version": plan.version, "summary": text}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.summary == text.replace("\r\n", "\n")


def test_a_summary_over_the_limit_is_shown_again_with_the_reason(liaison, durham_work):
    plan = durham_work["plan"]
    text = "A very long summary. " * 250  # 5,250 characters
    response = liaison.post(
        f"/plans/{plan.pk}/summary/", {"version": plan.version, "summary": text}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Summary of the plan must be 5000 characters or fewer. You have typed 5249" in html
    assert text.strip() in html  # what was typed is still in the box
    plan.refresh_from_db()
    assert plan.summary == ""


def test_a_stale_summary_shows_theirs_and_keeps_yours_until_a_deliberate_save(
    liaison, durham_work, liaison_durham
):
    plan = durham_work["plan"]
    opened = plan.version
    other = Client()
    other.force_login(liaison_durham)
    other.post(f"/plans/{plan.pk}/summary/", {"version": opened, "summary": "Their summary"})
    response = liaison.post(f"/plans/{plan.pk}/summary/", {"version": opened, "summary": "Mine"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Their saved version" in html and "Their summary" in html
    assert "Mine</textarea>" in html
    assert ActionPlan.objects.get(pk=plan.pk).summary == "Their summary"
    # Pressing save again, without saying so, does not overwrite them.
    plan.refresh_from_db()
    again = {"version": plan.version, "clash": "on", "summary": "Mine"}
    response = liaison.post(f"/plans/{plan.pk}/summary/", again)
    assert response.status_code == 400
    assert ActionPlan.objects.get(pk=plan.pk).summary == "Their summary"
    response = liaison.post(f"/plans/{plan.pk}/summary/", {**again, "overwrite": "on"})
    assert response.status_code == 302
    assert ActionPlan.objects.get(pk=plan.pk).summary == "Mine"


def test_every_form_keeps_what_was_typed_on_an_error(liaison, durham_work):
    plan = durham_work["plan"]
    response = liaison.post(
        f"/plans/{plan.pk}/actions/add/",
        {"version": plan.version, "description": "Half-finished thought", "horizon": "short"},
    )
    assert response.status_code == 400
    assert "Half-finished thought" in response.content.decode()
    response = liaison.post(
        f"/evidence/{durham_work['evidence'].pk}/withdraw/", {"reason": "Superseded\x07"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "contains a control character (U+0007)" in html and "Superseded" in html


def test_a_liaison_made_inspector_cannot_assess_their_own_submission(
    durham_work, liaison_durham, inspector
):
    submission = durham_work["submission"]
    change_role(user=liaison_durham, role="inspector", force=None, by=inspector)
    with pytest.raises(Refused, match="You made this submission") as refused:
        accept_submission(
            submission=submission,
            by=liaison_durham,
            milestone=None,
            status=None,
            effective_on=None,
            note="Looks fine to me",
        )
    assert refused.value.status == 403
    client = Client()
    client.force_login(liaison_durham)
    page = client.get(f"/assessments/{submission.pk}/")
    assert "another inspector must assess it" in page.content.decode()
    assert client.post(f"/assessments/{submission.pk}/", {"decision": "return"}).status_code == 403
    assert Submission.objects.get(pk=submission.pk).state == "awaiting"


def test_the_database_refuses_self_assessment_and_two_roles(durham_work, liaison_durham):
    submission = durham_work["submission"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(
            state="accepted", decided_by=liaison_durham, decided_at=submission.submitted_at
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        type(liaison_durham).objects.filter(pk=liaison_durham.pk).update(role="inspector")
    with pytest.raises(IntegrityError), transaction.atomic():
        type(liaison_durham).objects.filter(pk=liaison_durham.pk).update(force=None)


def test_role_changes_are_checked_and_kept(liaison_durham, inspector, kent):
    with pytest.raises(Refused, match="Only force liaisons are assigned to a force"):
        change_role(user=liaison_durham, role="manager", force=kent, by=inspector)
    change_role(user=liaison_durham, role="liaison", force=kent, by=inspector, reason="Moved")
    liaison_durham.refresh_from_db()
    assert liaison_durham.force == kent
