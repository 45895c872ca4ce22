"""Each role's journey end to end in a real browser, with axe-core on every new page."""

import pytest

from plans.models import Submission, TargetDateSlip
from recommendations.models import ProgressRecord
from tests.browser.conftest import go
from tests.files import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_liaison_keeps_the_plan_and_submits_it(
    tab_for, liaison_durham, assert_accessible, tmp_path
):
    tab = tab_for(liaison_durham)
    tab.goto("/")
    go(tab, tab.get_by_role("link", name="My force"))
    tab.wait_for_url("**/forces/durham/")
    assert_accessible(tab)
    go(tab, tab.get_by_role("button", name="Start the plan for recommendation 2"))
    tab.wait_for_url("**/plans/*/")
    assert_accessible(tab)

    go(tab, tab.get_by_role("link", name="Add an action"))
    assert_accessible(tab)
    tab.get_by_label("What the force will do").fill("Recruit and train 20 detectives")
    tab.get_by_label("Medium term").check()
    tab.get_by_label("Owner").fill("Head of Crime")
    tab.get_by_label("Day").fill("31")
    tab.get_by_label("Month").fill("3")
    tab.get_by_label("Year").fill("2019")
    go(tab, tab.get_by_role("button", name="Save action"))
    assert "Action added" in tab.locator(".govuk-notification-banner").inner_text()

    # Slip the date: first without a reason (refused), then with one.
    go(tab, tab.get_by_role("link", name="Change action"))
    tab.locator("#id_target_date_1").fill("6")
    tab.locator("#id_target_date_0").fill("30")
    go(tab, tab.get_by_role("button", name="Save action"))
    assert (
        "Give the reason the target date is changing"
        in tab.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(tab)
    tab.get_by_label("Reason for changing the target date").fill("Training course postponed")
    go(tab, tab.get_by_role("button", name="Save action"))
    assert tab.locator("#slip-count").inner_text() == "1"
    assert TargetDateSlip.objects.count() == 1

    go(tab, tab.get_by_role("link", name="Attach evidence"))
    assert_accessible(tab)
    report = tmp_path / "workforce-plan.pdf"
    report.write_bytes(PDF)
    tab.get_by_label("Title").fill("Workforce plan")
    tab.get_by_label("File").set_input_files(str(report))
    go(tab, tab.get_by_role("button", name="Attach evidence"))
    assert "Workforce plan" in tab.locator("#evidence").inner_text()

    go(tab, tab.get_by_role("link", name="Withdraw Workforce plan"))
    assert_accessible(tab)
    go(tab, tab.get_by_role("link", name="Cancel"))

    go(tab, tab.get_by_role("link", name="Submit for assessment"))
    assert_accessible(tab)
    tab.get_by_label("What you are submitting").fill("Our plan for the investigator shortage")
    tab.get_by_label("Milestone you say is met (optional)").select_option("R2-plan")
    tab.get_by_label("Workforce plan").check()
    go(tab, tab.get_by_role("button", name="Submit for assessment"))
    assert "Submitted for assessment" in tab.locator(".govuk-notification-banner").inner_text()
    submission = Submission.objects.get()
    assert submission.milestone.code == "R2-plan" and submission.evidence.count() == 1
    assert not ProgressRecord.objects.exclude(source="report").exists()  # a claim is not a status


def test_inspector_turns_a_submission_into_a_progress_record(
    tab_for, inspector, durham_work, assert_accessible
):
    tab = tab_for(inspector)
    tab.goto("/")
    go(tab, tab.get_by_role("link", name="Assessments"))
    assert_accessible(tab)
    go(tab, tab.locator("#queue").get_by_role("link").first)
    assert_accessible(tab)
    tab.get_by_label("Accept and record progress").check()
    tab.get_by_label("Met", exact=True).check()
    tab.get_by_label("Day").fill("20")
    tab.get_by_label("Month").fill("9")
    tab.get_by_label("Year").fill("2018")
    tab.get_by_label("Note: what you saw").fill("Plan covers all three horizons")
    go(tab, tab.get_by_role("button", name="Save decision"))
    assert "Submission accepted" in tab.locator(".govuk-notification-banner").inner_text()
    record = ProgressRecord.objects.exclude(source="report").get()
    assert record.status == "met" and record.basis_submission == durham_work["submission"]

    tab.goto("/forces/durham/?as_of=2018-10-01")
    standing = tab.locator('#standings tr[data-milestone="R2-plan"]').inner_text()
    assert "Met" in standing and "Overdue" not in standing
    assert_accessible(tab)

    tab.goto("/forces/durham/history/R2-plan/")
    assert "1 record, newest first" in tab.locator("main").inner_text()
    assert_accessible(tab)

    tab.goto("/forces/durham/")
    go(tab, tab.get_by_role("link", name="Change scope"))
    assert_accessible(tab)
    tab.goto("/progress/record/")
    assert_accessible(tab)


def test_manager_reads_but_cannot_change(tab_for, manager, durham_work, assert_accessible):
    tab = tab_for(manager)
    tab.goto("/reports/activity/")
    assert "have gone quiet" in tab.locator("#quiet-count").inner_text()
    assert_accessible(tab)
    tab.goto(f"/plans/{durham_work['plan'].pk}/")
    assert_accessible(tab)
    assert tab.get_by_role("link", name="Add an action").count() == 0
    response = tab.goto(f"/plans/{durham_work['plan'].pk}/actions/add/")
    assert response.status == 403
    assert_accessible(tab)
    go(tab, tab.get_by_role("link", name="Change your password"))
    assert_accessible(tab)
    go(tab, tab.get_by_role("button", name="Change password"))
    assert "There is a problem" in tab.locator(".govuk-error-summary").inner_text()
    assert_accessible(tab)
