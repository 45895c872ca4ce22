"""The inspector's journey: the queue, accepting with a progress record, returning,
recording directly, correcting and changing scope."""

import datetime

import pytest
from django.test import Client

from audit.models import HistoryEntry
from recommendations import progress
from recommendations.models import Milestone, ProgressRecord, ScopeChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspecting(inspector):
    client = Client()
    client.force_login(inspector)
    return client


def decision(**data):
    base = {
        "decision": "accept",
        "milestone": "R2-plan",
        "status": "met",
        "effective_on_0": "20",
        "effective_on_1": "9",
        "effective_on_2": "2018",
        "note": "Plan covers short, medium and long term",
    }
    base.update(data)
    return base


def test_queue_lists_awaiting_submissions_oldest_first_with_due_dates(
    inspecting, durham_work, kent_work
):
    html = inspecting.get("/assessments/").content.decode()
    assert html.index("Durham") < html.index("Kent")
    assert "30 Sep 2018" in html


def test_accepting_records_progress_resting_on_the_submission(inspecting, durham_work, durham):
    submission = durham_work["submission"]
    response = inspecting.post(f"/assessments/{submission.pk}/", decision())
    assert response.status_code == 302
    record = ProgressRecord.objects.get(force=durham, milestone__code="R2-plan")
    assert record.status == "met" and record.effective_on == datetime.date(2018, 9, 20)
    submission.refresh_from_db()
    assert submission.progress_record == record
    assert list(submission.evidence.all()) == [durham_work["evidence"]]
    assert record.recorded_by.username == "inspector"
    assert submission.state == "accepted"
    assert submission.action_plan.status == "accepted"
    (standing,) = progress.standings(
        datetime.date(2018, 10, 1), milestones=[record.milestone], forces=[durham]
    )
    assert standing.status == "met" and not standing.is_overdue
    assert inspecting.get("/assessments/").content.decode().count("Durham") == 0


def test_accepting_as_met_needs_a_note(inspecting, durham_work):
    response = inspecting.post(f"/assessments/{durham_work['submission'].pk}/", decision(note=""))
    assert response.status_code == 400
    assert "Enter a note saying what the assessment rests on" in response.content.decode()
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_accepting_with_nothing_filled_in_reports_every_problem_at_once(inspecting, durham_work):
    empty = decision(note="", status="", effective_on_0="", effective_on_1="", effective_on_2="")
    response = inspecting.post(f"/assessments/{durham_work['submission'].pk}/", empty)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[
        html.index("govuk-error-summary") : html.index("</ul>", html.index("govuk-error-summary"))
    ]
    assert "Enter a note saying what the assessment rests on" in summary
    assert (
        "Select the milestone&#x27;s status" in summary
        or "Select the milestone's status" in summary
    )
    assert "Enter the date the milestone" in summary
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_accepting_for_a_future_date_is_refused_and_nothing_changes(inspecting, durham_work):
    response = inspecting.post(
        f"/assessments/{durham_work['submission'].pk}/", decision(effective_on_2="2999")
    )
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()
    durham_work["submission"].refresh_from_db()
    assert durham_work["submission"].state == "awaiting"  # the whole decision rolled back


def test_returning_needs_a_reason_the_liaison_then_sees(inspecting, durham_work, liaison_durham):
    url = f"/assessments/{durham_work['submission'].pk}/"
    response = inspecting.post(url, {"decision": "return"})
    assert response.status_code == 400
    assert "Enter the reason for returning the submission" in response.content.decode()
    response = inspecting.post(url, {"decision": "return", "reason": "No long-term actions"})
    assert response.status_code == 302
    assert not ProgressRecord.objects.exclude(source="report").exists()
    liaison = Client()
    liaison.force_login(liaison_durham)
    page = liaison.get(f"/plans/{durham_work['plan'].pk}/").content.decode()
    assert "Returned to the force" in page and "No long-term actions" in page
    # Returned, the liaison can submit again.
    plan = durham_work["plan"]
    plan.refresh_from_db()
    response = liaison.post(
        f"/plans/{plan.pk}/submit/", {"version": plan.version, "summary": "Added long-term actions"}
    )
    assert response.status_code == 302


def test_a_decision_cannot_be_made_twice(inspecting, durham_work):
    url = f"/assessments/{durham_work['submission'].pk}/"
    assert inspecting.post(url, decision()).status_code == 302
    response = inspecting.post(url, {"decision": "return", "reason": "x"})
    assert response.status_code == 409
    assert "already been accepted by Irene Inspector" in response.content.decode()


def test_inspector_records_progress_directly_for_a_force_and_a_national_body(inspecting, durham):
    response = inspecting.post(
        "/progress/record/",
        {
            "owner": "force:durham",
            "milestone": "R4-review",
            "status": "in_progress",
            "effective_on_0": "1",
            "effective_on_1": "9",
            "effective_on_2": "2018",
            "note": "Review started",
        },
    )
    assert response.status_code == 302
    response = inspecting.post(
        "/progress/record/",
        {
            "owner": "body:college-of-policing",
            "milestone": "R3-infrastructure",
            "status": "met",
            "effective_on_0": "28",
            "effective_on_1": "9",
            "effective_on_2": "2018",
            "note": "Peer review guidance published",
        },
    )
    assert response.status_code == 302
    assert ProgressRecord.objects.filter(national_body__slug="college-of-policing").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {
                "owner": "body:college-of-policing",
                "milestone": "R4-review",
                "status": "met",
                "note": "x",
            },
            "(R4-review) is a force milestone: choose a force",
        ),
        (
            {"owner": "force:durham", "milestone": "R4-review", "status": "met", "note": ""},
            "Say what the met assessment rests on",
        ),
        (
            {
                "owner": "force:durham",
                "milestone": "R3-first-review",
                "status": "in_progress",
                "note": "x",
            },
            "peer review has taken place (R3-first-review) on ",
        ),
        (
            {"owner": "force:gotham", "milestone": "R4-review", "status": "met", "note": "x"},
            "Select a valid choice",
        ),
    ],
)
def test_recording_bad_progress_is_a_clear_form_error(inspecting, data, message):
    data = {**data, "effective_on_0": "1", "effective_on_1": "9", "effective_on_2": "2018"}
    response = inspecting.post("/progress/record/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressRecord.objects.exclude(source="report").exists()


def test_correcting_a_record_from_the_force_page(inspecting, durham, record):
    wrong = record(durham, "R4-review", "met", "2018-09-01", note="Wrong force's report")
    page = inspecting.get("/forces/durham/").content.decode()
    assert f"/progress/record/?corrects={wrong.pk}" in page
    form = inspecting.get(f"/progress/record/?corrects={wrong.pk}").content.decode()
    assert "Met from 1 September 2018" in form
    # It starts from what the record said, and the force and milestone are not choices.
    assert "Wrong force&#x27;s report" in form and 'name="owner"' not in form
    response = inspecting.post(
        f"/progress/record/?corrects={wrong.pk}",
        {
            "status": "in_progress",
            "effective_on_0": "1",
            "effective_on_1": "9",
            "effective_on_2": "2018",
            "note": "Corrected: review not finished",
        },
    )
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.corrected_by.status == "in_progress"
    (standing,) = progress.standings(
        datetime.date(2018, 10, 1), milestones=[wrong.milestone], forces=[durham]
    )
    assert standing.status == "in_progress" and standing.is_overdue


def test_inspector_changes_scope_with_a_reason(inspecting, kent):
    url = "/forces/kent/scope/"
    response = inspecting.post(
        url,
        {
            "milestone": "R2-plan",
            "in_scope": "false",
            "effective_on_0": "1",
            "effective_on_1": "6",
            "effective_on_2": "2018",
        },
    )
    assert response.status_code == 400
    assert "Enter the reason for the change of scope" in response.content.decode()
    response = inspecting.post(
        url,
        {
            "milestone": "R2-plan",
            "in_scope": "false",
            "effective_on_0": "1",
            "effective_on_1": "6",
            "effective_on_2": "2018",
            "reason": "No shortage",
        },
    )
    assert response.status_code == 302
    change = ScopeChange.objects.get()
    assert change.recorded_by.username == "inspector" and not change.in_scope
    assert HistoryEntry.objects.filter(subject="scope_change", force=kent).exists()
    overdue = progress.overdue(
        datetime.date(2018, 10, 1), milestones=[Milestone.objects.get(code="R2-plan")]
    )
    assert "kent" not in {s.owner_slug for s in overdue}
