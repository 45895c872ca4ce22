"""The liaison's journey: keep the plan current, slip dates only with a reason, submit."""

import datetime

import pytest
from django.test import Client

from audit.models import HistoryEntry
from plans.models import Action, Submission, TargetDateSlip
from plans.services import StaleEdit, add_action
from recommendations import progress
from recommendations.models import Milestone, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison(liaison_durham):
    client = Client()
    client.force_login(liaison_durham)
    return client


def action_post(plan, **changes):
    data = {
        "version": plan.version,
        "description": "Recruit and train 20 detectives",
        "horizon": "medium",
        "owner": "Head of Crime",
        "target_date_0": "31",
        "target_date_1": "3",
        "target_date_2": "2019",
        "status": "in_progress",
    }
    data.update(changes)
    return data


def test_liaison_starts_a_plan_and_adds_an_action(liaison, durham):
    recommendation = Recommendation.objects.get(report__slug="peel-effectiveness-2017", number=4)
    response = liaison.post("/forces/durham/plans/start/", {"recommendation": recommendation.pk})
    plan = durham.action_plans.get(recommendation=recommendation)
    assert response["Location"] == f"/plans/{plan.pk}/"
    response = liaison.post(
        f"/plans/{plan.pk}/actions/add/",
        {
            "version": plan.version,
            "description": "Review released-under-investigation cases",
            "horizon": "short",
            "owner": "Custody lead",
        },
    )
    assert response.status_code == 302
    action = plan.actions.get()
    assert action.target_date is None  # as soon as possible: never overdue
    assert (
        "Review released-under-investigation cases"
        in liaison.get(f"/plans/{plan.pk}/").content.decode()
    )


def test_adding_an_action_without_what_or_who_gives_clear_errors(liaison, durham_work):
    plan = durham_work["plan"]
    response = liaison.post(f"/plans/{plan.pk}/actions/add/", {"version": plan.version})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter what the force will do" in html and "Enter who owns this action" in html
    assert "Select short, medium or long term" in html


def test_a_half_typed_target_date_is_a_form_error(liaison, durham_work):
    plan = durham_work["plan"]
    response = liaison.post(
        f"/plans/{plan.pk}/actions/add/",
        action_post(plan, target_date_0="31", target_date_1="2", target_date_2="2019"),
    )
    assert response.status_code == 400
    assert "The target date must be a real date, for example 30 9 2018" in response.content.decode()


def test_marking_an_action_done_needs_the_completion_date(liaison, durham_work):
    plan, action = durham_work["plan"], durham_work["action"]
    response = liaison.post(
        f"/plans/{plan.pk}/actions/{action.pk}/", action_post(plan, status="done")
    )
    assert response.status_code == 400
    assert "Enter the date the action was completed" in response.content.decode()
    response = liaison.post(
        f"/plans/{plan.pk}/actions/{action.pk}/",
        action_post(
            plan, status="done", completed_on_0="1", completed_on_1="3", completed_on_2="2019"
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == datetime.date(2019, 3, 1)


def test_changing_a_target_date_needs_a_reason_and_every_slip_is_kept(liaison, durham_work):
    plan, action = durham_work["plan"], durham_work["action"]
    moved = action_post(plan, target_date_0="30", target_date_1="6", target_date_2="2019")
    response = liaison.post(f"/plans/{plan.pk}/actions/{action.pk}/", moved)
    assert response.status_code == 400
    assert "Give the reason the target date is changing" in response.content.decode()
    assert not TargetDateSlip.objects.exists()

    moved["slip_reason"] = "Training course postponed by the College"
    assert liaison.post(f"/plans/{plan.pk}/actions/{action.pk}/", moved).status_code == 302
    plan.refresh_from_db()
    again = action_post(
        plan,
        target_date_0="30",
        target_date_1="9",
        target_date_2="2019",
        slip_reason="Recruitment freeze",
    )
    assert liaison.post(f"/plans/{plan.pk}/actions/{action.pk}/", again).status_code == 302

    slips = list(TargetDateSlip.objects.filter(action=action).order_by("id"))
    assert [(s.old_date, s.new_date) for s in slips] == [
        (datetime.date(2019, 3, 31), datetime.date(2019, 6, 30)),
        (datetime.date(2019, 6, 30), datetime.date(2019, 9, 30)),
    ]
    assert slips[0].changed_by.username == "liaison-durham"
    page = liaison.get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="slip-count">2<' in page and "Recruitment freeze" in page


def test_a_slipped_action_does_not_move_the_milestone(liaison, durham_work, durham):
    plan, action = durham_work["plan"], durham_work["action"]
    liaison.post(
        f"/plans/{plan.pk}/actions/{action.pk}/",
        action_post(
            plan, target_date_0="31", target_date_1="12", target_date_2="2019", slip_reason="Later"
        ),
    )
    milestone = Milestone.objects.get(code="R2-plan")
    assert milestone.due_on == datetime.date(2018, 9, 30)
    (standing,) = progress.standings(
        datetime.date(2018, 10, 1), milestones=[milestone], forces=[durham]
    )
    assert standing.is_overdue


def test_two_people_editing_one_plan_the_second_save_is_refused(
    liaison, durham_work, liaison_durham
):
    plan, action = durham_work["plan"], durham_work["action"]
    opened_version = plan.version
    first = Client()
    first.force_login(liaison_durham)
    # Both opened the form at the same version; the first save lands.
    response = first.post(
        f"/plans/{plan.pk}/actions/{action.pk}/",
        action_post(plan, description="First person's wording", version=opened_version),
    )
    assert response.status_code == 302
    response = liaison.post(
        f"/plans/{plan.pk}/actions/{action.pk}/",
        action_post(plan, description="Second person's wording", version=opened_version),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this action plan while you were working on it" in html
    action.refresh_from_db()
    assert action.description == "First person's wording"
    # Their saved version is shown beside what this person typed, which is kept.
    assert "Their saved version" in html and "First person&#x27;s wording" in html
    assert "Second person&#x27;s wording" in html
    # Saving again without saying so is refused: overwriting them must be deliberate.
    retry = action_post(
        plan, description="Second person's wording", version=opened_version + 1, clash="on"
    )
    response = liaison.post(f"/plans/{plan.pk}/actions/{action.pk}/", retry)
    assert response.status_code == 400
    assert "Tick the box to replace their changes with yours" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "First person's wording"
    retry["overwrite"] = "on"
    response = liaison.post(f"/plans/{plan.pk}/actions/{action.pk}/", retry)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description == "Second person's wording"


def test_stale_edits_are_refused_by_the_service_too(durham_work, liaison_durham):
    plan = durham_work["plan"]
    with pytest.raises(StaleEdit):
        add_action(
            plan=plan,
            expected_version=plan.version - 1,
            description="x",
            horizon="short",
            owner="y",
            target_date=None,
            by=liaison_durham,
        )
    assert plan.actions.count() == 1


def test_submitting_says_met_but_does_not_change_the_status(liaison, durham_work, durham):
    submission = durham_work["submission"]
    assert submission.state == Submission.State.AWAITING
    assert submission.milestone.code == "R2-plan"
    (standing,) = progress.standings(
        progress.today(), milestones=[submission.milestone], forces=[durham]
    )
    assert standing.status == "not_started"
    assert durham_work["plan"].status == "submitted"


def test_a_second_submission_waits_for_the_first_to_be_assessed(liaison, durham_work):
    plan = durham_work["plan"]
    response = liaison.post(
        f"/plans/{plan.pk}/submit/", {"version": plan.version, "summary": "Again"}
    )
    assert response.status_code == 409
    assert "already has a submission awaiting assessment" in response.content.decode()


def test_every_change_is_in_the_history_shown_on_the_force_page(liaison, durham_work):
    summaries = list(
        HistoryEntry.objects.filter(force__slug="durham").values_list("summary", flat=True)
    )
    assert any("Started the action plan" in s for s in summaries)
    assert any("Added a medium term action" in s for s in summaries)
    assert any("Attached evidence" in s for s in summaries)
    assert any("Submitted the plan" in s for s in summaries)
    page = liaison.get("/forces/durham/").content.decode()
    assert "Change history" in page and "Submitted the plan for recommendation 2" in page


def test_the_web_interface_has_no_way_to_delete(liaison, durham_work):
    plan, action = durham_work["plan"], durham_work["action"]
    for url in [f"/plans/{plan.pk}/", f"/plans/{plan.pk}/actions/{action.pk}/"]:
        assert liaison.delete(url).status_code in {403, 405}
    assert Action.objects.filter(pk=action.pk).exists()
