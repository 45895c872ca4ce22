"""Milestones overdue for more than 60 days are escalated: marked where standings show."""

import pytest

pytestmark = pytest.mark.django_db


def cell(html: str, force: str, code: str) -> str:
    row = html.split(f'data-force="{force}"')[1].split("</tr>")[0]
    return row.split(f'data-milestone="{code}">')[1].split("</td>")[0]


def test_the_dashboard_marks_a_milestone_overdue_more_than_60_days_as_escalated(
    signed_in, histories
):
    # R2-plan and R4-review were due on 30 September 2018.
    day_60 = signed_in.get("/?as_of=2018-11-29").content.decode()
    assert "Escalated" not in cell(day_60, "durham", "R2-plan")
    day_61 = signed_in.get("/?as_of=2018-11-30").content.decode()
    assert "61 days overdue" in cell(day_61, "durham", "R2-plan")
    assert "Escalated" in cell(day_61, "durham", "R2-plan")
    # Met, or met late: never escalated.
    assert "Escalated" not in cell(day_61, "durham", "R4-review")
    assert "Escalated" not in cell(day_61, "kent", "R2-plan")
    assert "marked <strong" in day_61 and "more than 60 days" in day_61


def test_the_escalation_period_is_a_setting(signed_in, histories, settings):
    settings.PEELTRACK_ESCALATE_AFTER_DAYS = 30
    html = signed_in.get("/?as_of=2018-11-01").content.decode()
    assert "Escalated" in cell(html, "durham", "R2-plan")
