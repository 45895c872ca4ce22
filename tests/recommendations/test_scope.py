"""Which forces a milestone applies to, as of a date."""

import datetime

import pytest

from core.refusals import Refused
from forces.models import Force
from recommendations import progress
from recommendations.models import Milestone, ScopeChange
from recommendations.services import change_scope

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def in_scope(code, as_of):
    milestone = Milestone.objects.get(code=code)
    return {
        s.owner_slug
        for s in progress.standings(D(as_of), milestones=[milestone])
        if s.force is not None
    }


@pytest.mark.parametrize("code", ["R1-review", "R2-plan", "R4-review"])
def test_every_force_is_in_scope_by_default(code):
    assert len(in_scope(code, "2018-06-01")) == 43


def test_first_peer_review_cohort_is_the_20_forces_not_good_for_vulnerability():
    cohort = in_scope("R3-first-review", "2018-06-01")
    assert len(cohort) == 20
    assert "west-midlands" in cohort  # inadequate
    assert "northamptonshire" in cohort  # requires improvement
    assert "durham" not in cohort  # good


def test_national_milestones_have_no_forces_in_scope():
    assert in_scope("R3-infrastructure", "2018-06-01") == set()


def test_a_force_taken_out_of_scope_stops_counting_from_that_date(kent, inspector):
    change_scope(
        milestone=Milestone.objects.get(code="R2-plan"),
        force=kent,
        in_scope=False,
        effective_on=D("2018-07-01"),
        reason="Full contingent of investigators: no shortage",
        by=inspector,
    )
    assert "kent" in in_scope("R2-plan", "2018-06-30")
    assert "kent" not in in_scope("R2-plan", "2018-07-01")
    assert "kent" not in {
        s.owner_slug for s in progress.overdue(D("2018-10-01")) if s.milestone.code == "R2-plan"
    }


def test_the_latest_scope_change_wins_and_history_is_kept(kent, inspector):
    milestone = Milestone.objects.get(code="R2-plan")
    for effective_on, flag in [("2018-07-01", False), ("2018-08-01", True)]:
        change_scope(
            milestone=milestone,
            force=kent,
            in_scope=flag,
            effective_on=D(effective_on),
            reason="Workforce figures revised",
            by=inspector,
        )
    assert "kent" in in_scope("R2-plan", "2018-08-01")
    assert ScopeChange.objects.filter(force=kent).count() == 2


def test_a_force_can_be_brought_into_the_peer_review_cohort(inspector):
    durham = Force.objects.get(slug="durham")
    change_scope(
        milestone=Milestone.objects.get(code="R3-first-review"),
        force=durham,
        in_scope=True,
        effective_on=D("2018-06-01"),
        reason="Volunteered to be reviewed",
        by=inspector,
    )
    assert len(in_scope("R3-first-review", "2018-06-01")) == 21


def test_a_scope_change_needs_a_reason(kent, inspector):
    with pytest.raises(Refused, match="reason"):
        change_scope(
            milestone=Milestone.objects.get(code="R2-plan"),
            force=kent,
            in_scope=False,
            effective_on=D("2018-07-01"),
            reason="  ",
            by=inspector,
        )
    assert not ScopeChange.objects.exists()


def test_the_database_refuses_a_scope_change_without_a_reason(kent):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ScopeChange.objects.create(
            milestone=Milestone.objects.get(code="R2-plan"),
            force=kent,
            in_scope=False,
            effective_on=D("2018-07-01"),
            reason="",
        )


def test_national_milestones_cannot_have_force_scope_changes(kent, inspector):
    with pytest.raises(Refused, match="has no force scope"):
        change_scope(
            milestone=Milestone.objects.get(code="R2-advice"),
            force=kent,
            in_scope=True,
            effective_on=D("2018-07-01"),
            reason="x",
            by=inspector,
        )


def test_a_scope_change_that_changes_nothing_is_refused(kent, inspector):
    with pytest.raises(Refused, match="Kent is already in the scope of R2-plan"):
        change_scope(
            milestone=Milestone.objects.get(code="R2-plan"),
            force=kent,
            in_scope=True,
            effective_on=D("2018-07-01"),
            reason="Confirming",
            by=inspector,
        )
    assert not ScopeChange.objects.exists()


def test_only_inspectors_change_scope(kent, manager, liaison_kent):
    for person in (manager, liaison_kent):
        with pytest.raises(Refused, match="Only inspectors change scope") as refused:
            change_scope(
                milestone=Milestone.objects.get(code="R2-plan"),
                force=kent,
                in_scope=False,
                effective_on=D("2018-07-01"),
                reason="No shortage",
                by=person,
            )
        assert refused.value.status == 403
