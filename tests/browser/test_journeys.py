"""Each role's journey end to end in a real browser, with axe-core on every new page."""

import pytest

from recommendations.models import ProgressRecord, Submission, TargetDateSlip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_liaison_keeps_the_plan_and_submits_it(
    tab_for, liaison_durham, assert_accessible, tmp_path
):
    tab = tab_for(liaison_durham)
    tab.goto("/")
    tab.get_by_role("link", name="My force").click()
    tab.wait_for_url("**/forces/durham/")
    assert_accessible(tab)
    tab.get_by_role("button", name="Start the plan for recommendation 2").click()
    tab.wait_for_url("**/plans/*/")
    assert_accessible(tab)

    tab.get_by_role("link", name="Add an action").click()
    assert_accessible(tab)
    tab.get_by_label("What the force will do").fill("Recruit and train 20 detectives")
    tab.get_by_label("Medium term").check()
    tab.get_by_label("Owner").fill("Head of Crime")
    tab.get_by_label("Day").fill("31")
    tab.get_by_label("Month").fill("3")
    tab.get_by_label("Year").fill("2019")
    tab.get_by_role("button", name="Save action").click()
    assert "Action added" in tab.locator(".govuk-notification-banner").inner_text()

    # Slip the date: first without a reason (refused), then with one.
    tab.get_by_role("link", name="Change action").click()
    tab.locator("#id_target_date_1").fill("6")
    tab.locator("#id_target_date_0").fill("30")
    tab.get_by_role("button", name="Save action").click()
    assert (
        "Give the reason the target date is changing"
        in tab.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(tab)
    tab.get_by_label("Reason for changing the target date").fill("Training course postponed")
    tab.get_by_role("button", name="Save action").click()
    assert tab.locator("#slip-count").inner_text() == "1"
    assert TargetDateSlip.objects.count() == 1

    tab.get_by_role("link", name="Attach evidence").click()
    assert_accessible(tab)
    report = tmp_path / "workforce-plan.pdf"
    report.write_bytes(b"%PDF-1.4\n%%EOF\n")
    tab.get_by_label("Title").fill("Workforce plan")
    tab.get_by_label("File").set_input_files(str(report))
    tab.get_by_role("button", name="Attach evidence").click()
    assert "Workforce plan" in tab.locator("#evidence").inner_text()

    tab.get_by_role("link", name="Withdraw Workforce plan").click()
    assert_accessible(tab)
    tab.get_by_role("link", name="Cancel").click()

    tab.get_by_role("link", name="Submit for assessment").click()
    assert_accessible(tab)
    tab.get_by_label("What you are submitting").fill("Our plan for the investigator shortage")
    tab.get_by_label("Milestone you say is met (optional)").select_option("R2-plan")
    tab.get_by_label("Workforce plan").check()
    tab.get_by_role("button", name="Submit for assessment").click()
    assert "Submitted for assessment" in tab.locator(".govuk-notification-banner").inner_text()
    submission = Submission.objects.get()
    assert submission.milestone.code == "R2-plan" and submission.evidence.count() == 1
    assert not ProgressRecord.objects.exists()  # a claim is not a status


def test_inspector_turns_a_submission_into_a_progress_record(
    tab_for, inspector, durham_work, assert_accessible
):
    tab = tab_for(inspector)
    tab.goto("/")
    tab.get_by_role("link", name="Assessments").click()
    assert_accessible(tab)
    tab.locator("#queue").get_by_role("link").first.click()
    assert_accessible(tab)
    tab.get_by_label("Accept and record progress").check()
    tab.get_by_label("Met", exact=True).check()
    tab.get_by_label("Day").fill("20")
    tab.get_by_label("Month").fill("9")
    tab.get_by_label("Year").fill("2018")
    tab.get_by_label("Note: what you saw").fill("Plan covers all three horizons")
    tab.get_by_role("button", name="Save decision").click()
    assert "Submission accepted" in tab.locator(".govuk-notification-banner").inner_text()
    record = ProgressRecord.objects.get()
    assert record.status == "met" and record.basis_submission == durham_work["submission"]

    tab.goto("/forces/durham/?as_of=2018-10-01")
    standing = tab.locator('#standings tr[data-milestone="R2-plan"]').inner_text()
    assert "Met" in standing and "Overdue" not in standing
    assert tab.get_by_role("link", name="Based on the submission").count() == 1
    assert_accessible(tab)

    tab.goto("/forces/durham/history/R2-plan/")
    assert "1 record, newest first" in tab.locator("main").inner_text()
    assert_accessible(tab)

    tab.goto("/forces/durham/")
    tab.get_by_role("link", name="Change scope").click()
    assert_accessible(tab)
    tab.goto("/progress/record/")
    assert_accessible(tab)


def test_manager_reads_but_cannot_change(tab_for, manager, durham_work, assert_accessible):
    tab = tab_for(manager)
    tab.goto("/reports/activity/")
    assert "quiet for more than 30 days" in tab.locator("main").inner_text()
    assert_accessible(tab)
    tab.goto(f"/plans/{durham_work['plan'].pk}/")
    assert_accessible(tab)
    assert tab.get_by_role("link", name="Add an action").count() == 0
    response = tab.goto(f"/plans/{durham_work['plan'].pk}/actions/add/")
    assert response.status == 403
    assert_accessible(tab)
    tab.get_by_role("link", name="Change your password").click()
    assert_accessible(tab)
    tab.get_by_role("button", name="Change password").click()
    assert "There is a problem" in tab.locator(".govuk-error-summary").inner_text()
    assert_accessible(tab)
