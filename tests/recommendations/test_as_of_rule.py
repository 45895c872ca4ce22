"""The as-of and overdue rule on hand-built histories."""

import datetime

import pytest

from forces.models import NationalBody
from recommendations import progress
from recommendations.models import Milestone

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def standing(force_or_body, code, as_of):
    milestone = Milestone.objects.select_related("national_body").get(code=code)
    forces = [force_or_body] if milestone.is_for_forces else []
    rows = progress.standings(D(as_of), milestones=[milestone], forces=forces)
    (only,) = [s for s in rows if s.owner == force_or_body]
    return only


def test_no_record_means_not_started(durham):
    s = standing(durham, "R4-review", "2018-06-01")
    assert s.status == "not_started"
    assert s.record_id is None
    assert not s.is_overdue


def test_latest_record_on_or_before_the_date_sets_the_status(durham, record):
    record(durham, "R4-review", "in_progress", "2018-05-01")
    record(durham, "R4-review", "met", "2018-09-10")
    assert standing(durham, "R4-review", "2018-04-30").status == "not_started"
    assert standing(durham, "R4-review", "2018-05-01").status == "in_progress"
    assert standing(durham, "R4-review", "2018-09-09").status == "in_progress"
    assert standing(durham, "R4-review", "2018-09-10").status == "met"


def test_record_dated_after_as_of_is_ignored(durham, record):
    record(durham, "R4-review", "met", "2018-11-01")
    s = standing(durham, "R4-review", "2018-10-01")
    assert s.status == "not_started"
    assert s.is_overdue
    assert s.days_overdue == 1


def test_met_on_time_is_neither_overdue_nor_late(durham, record):
    record(durham, "R4-review", "met", "2018-09-30")
    s = standing(durham, "R4-review", "2019-02-01")
    assert s.status == "met" and not s.is_overdue and not s.is_met_late
    assert s.category == "met"


def test_met_after_the_due_date_is_met_late_not_overdue(durham, record):
    record(durham, "R4-review", "in_progress", "2018-08-01")
    record(durham, "R4-review", "met", "2018-10-15")
    s = standing(durham, "R4-review", "2019-02-01")
    assert s.is_met_late and not s.is_overdue
    assert s.met_on == D("2018-10-15")
    assert s.category == "met_late"


def test_restating_met_later_keeps_the_date_it_was_first_met(durham, record):
    record(durham, "R4-review", "met", "2018-09-20")
    record(durham, "R4-review", "met", "2018-12-01", note="Confirmed on revisit")
    s = standing(durham, "R4-review", "2019-01-01")
    assert s.met_on == D("2018-09-20")
    assert not s.is_met_late


def test_met_again_after_slipping_back_counts_from_the_second_time(durham, record):
    record(durham, "R4-review", "met", "2018-09-01")
    record(durham, "R4-review", "in_progress", "2018-10-01", note="Review found incomplete")
    record(durham, "R4-review", "met", "2018-11-01")
    s = standing(durham, "R4-review", "2019-01-01")
    assert s.met_on == D("2018-11-01")
    assert s.is_met_late
    assert standing(durham, "R4-review", "2018-10-15").is_overdue


def test_overdue_days_count_from_the_due_date(durham, record):
    record(durham, "R2-plan", "in_progress", "2018-07-01")
    s = standing(durham, "R2-plan", "2018-10-01")
    assert s.is_overdue and s.days_overdue == 1
    s = standing(durham, "R2-plan", "2019-02-01")
    assert s.days_overdue == (D("2019-02-01") - D("2018-09-30")).days == 124


def test_on_the_due_date_itself_nothing_is_overdue_yet(durham):
    s = standing(durham, "R2-plan", "2018-09-30")
    assert not s.is_overdue
    assert s.is_due_soon


def test_not_applicable_is_never_overdue(durham, record):
    record(durham, "R2-plan", "not_applicable", "2018-06-01")
    assert not standing(durham, "R2-plan", "2019-06-01").is_overdue


def test_due_soon_is_within_the_configured_window(durham, settings):
    assert standing(durham, "R4-review", "2018-08-31").is_due_soon
    assert not standing(durham, "R4-review", "2018-08-30").is_due_soon
    settings.PEELTRACK_DUE_SOON_DAYS = 60
    assert standing(durham, "R4-review", "2018-08-30").is_due_soon


def test_met_is_never_due_soon(durham, record):
    record(durham, "R4-review", "met", "2018-08-01")
    assert not standing(durham, "R4-review", "2018-09-01").is_due_soon


def test_several_records_on_one_day_the_last_entered_wins(durham, record):
    record(durham, "R1-review", "met", "2018-10-01")
    record(durham, "R1-review", "in_progress", "2018-10-01")
    assert standing(durham, "R1-review", "2018-10-01").status == "in_progress"


def test_a_correction_replaces_the_record_it_corrects(durham, record):
    wrong = record(durham, "R4-review", "met", "2018-09-01")
    record(durham, "R4-review", "met", "2018-10-20", corrects=wrong, note="Review signed off later")
    # Before the corrected date the force had not met it after all.
    assert standing(durham, "R4-review", "2018-10-01").status == "not_started"
    assert standing(durham, "R4-review", "2018-10-01").is_overdue
    assert standing(durham, "R4-review", "2018-11-01").is_met_late


def test_a_correction_to_an_earlier_date_applies_from_that_date(durham, record):
    wrong = record(durham, "R4-review", "in_progress", "2018-09-01")
    record(durham, "R4-review", "met", "2018-09-01", corrects=wrong)
    s = standing(durham, "R4-review", "2018-10-01")
    assert s.status == "met" and not s.is_met_late


def test_one_forces_records_do_not_affect_another(durham, kent, record):
    record(kent, "R4-review", "met", "2018-09-01")
    assert standing(durham, "R4-review", "2018-10-01").is_overdue
    assert not standing(kent, "R4-review", "2018-10-01").is_overdue


def test_national_milestones_follow_the_same_rules_for_their_owner(record):
    college = NationalBody.objects.get(slug="college-of-policing")
    assert standing(college, "R3-infrastructure", "2018-10-01").is_overdue
    record(college, "R3-infrastructure", "met", "2018-11-15")
    s = standing(college, "R3-infrastructure", "2019-01-01")
    assert s.is_met_late and not s.is_overdue


def test_overdue_lists_owners_by_due_date_then_force(durham, kent, record):
    record(kent, "R2-plan", "met", "2018-09-01")
    rows = progress.overdue(D("2018-10-01"), milestones=of_2017())
    keys = [(s.milestone.code, s.owner_slug) for s in rows]
    assert ("R2-advice", "npcc-investigative-resilience") in keys
    assert ("R2-plan", "durham") in keys
    assert ("R2-plan", "kent") not in keys
    due = {m.code: m.due_on for m in Milestone.objects.all()}
    assert keys == sorted(keys, key=lambda k: (due[k[0]], k[1], k[0]))
    # R1-review (due 31 October) and R3-first-review (January 2019) are not due yet.
    assert not {code for code, _ in keys} & {"R1-review", "R3-first-review"}


def test_forty_three_forces_are_overdue_on_every_september_milestone_with_no_records():
    rows = progress.overdue(D("2018-10-01"), milestones=of_2017())
    per_milestone = progress.totals(rows)
    codes = {s.milestone.pk: s.milestone.code for s in rows}
    counts = {codes[pk]: c["overdue"] for pk, c in per_milestone.items()}
    assert counts == {
        "R1-guidelines": 1,
        "R2-advice": 1,
        "R2-plan": 43,
        "R3-infrastructure": 1,
        "R4-review": 43,
    }


def of_2017():
    return Milestone.objects.for_the_rule().filter(
        recommendation__report__slug="peel-effectiveness-2017"
    )


def test_a_milestone_with_no_due_date_is_never_overdue_due_soon_or_met_late(record, durham):
    milestone = Milestone.objects.get(code="E15-3-rocu-plan")  # all forces, no due date
    assert milestone.due_on is None
    (standing,) = progress.standings(D("2030-01-01"), milestones=[milestone], forces=[durham])
    assert standing.status == "not_started"
    assert not standing.is_overdue and not standing.is_due_soon and not standing.is_met_late
    assert standing.days_overdue == 0 and standing.days_until_due is None
    assert standing.category == "not_started"
    record(durham, "E15-3-rocu-plan", "met", "2029-12-01", note="Plan seen")
    (standing,) = progress.standings(D("2030-01-01"), milestones=[milestone], forces=[durham])
    assert standing.category == "met" and not standing.is_met_late


def test_today_is_the_date_in_london(settings):
    assert settings.TIME_ZONE == "Europe/London"
    from django.utils import timezone

    assert progress.today() == timezone.localdate()


def test_standings_use_a_constant_number_of_queries(django_assert_num_queries, record, kent):
    # Milestones, their reports and the forces their listed scopes name, forces, scope changes, the
    # grades the graded scopes read, then one index-lookup query per kind of owner
    # (forces, national bodies) for the latest record and the start of its run of "met".
    with django_assert_num_queries(8):
        rows = progress.standings(D("2018-10-01"), milestones=of_2017())
    for day in range(1, 20):
        record(kent, "R4-review", "in_progress", f"2018-08-{day:02d}")
        record(kent, "R2-plan", "met", f"2018-08-{day:02d}")
    with django_assert_num_queries(8):
        rows = progress.standings(D("2018-10-01"), milestones=of_2017())
    assert len(rows) == 43 * 3 + 20 + 3
