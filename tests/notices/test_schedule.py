"""The reminder schedule, day by day on a fake clock: exactly who is sent what, when."""

import datetime

import pytest
import time_machine
from django.core import mail

from notices.models import Message
from plans.services import return_submission
from tests.conftest import build_plan

from .conftest import at, run_on

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def weekly(first: str, last: str) -> list[str]:
    """Every seventh day from the first to the last, both included."""
    days, day = [], D(first)
    while day <= D(last):
        days.append(day.isoformat())
        day += datetime.timedelta(days=7)
    return days


def days(first: str, last: str) -> list[str]:
    span = (D(last) - D(first)).days
    return [(D(first) + datetime.timedelta(days=n)).isoformat() for n in range(span + 1)]


@pytest.fixture
def a_season(everyone, durham, kent, record, inspector, django_capture_on_commit_callbacks):
    """Durham and Kent through autumn 2018, each with one liaison; a manager; an inspector.

    R2-plan and R4-review are due on 30 September 2018, R1-review on 31 October (both
    forces in scope of all three; neither is in R3-first-review's cohort). Durham meets
    R4-review on time and R2-plan late (10 January); Kent meets R2-plan on time, R1-review
    before it is due, and R4-review late (15 November). Nobody meets R1-review otherwise,
    and no national body meets anything, so there is always something overdue.
    Durham's plan waits for assessment from 2 to 5 October 2018.
    """
    record(durham, "R2-plan", "in_progress", "2018-08-01")
    record(durham, "R2-plan", "met", "2019-01-10")
    record(durham, "R4-review", "met", "2018-09-28")
    record(kent, "R2-plan", "met", "2018-09-20")
    record(kent, "R4-review", "in_progress", "2018-09-01")
    record(kent, "R4-review", "met", "2018-11-15")
    record(kent, "R1-review", "met", "2018-10-20")
    with time_machine.travel(at("2018-10-02", 10), tick=False):
        work = build_plan(durham, everyone["liaison-durham"])
    with (
        time_machine.travel(at("2018-10-05", 15), tick=False),
        django_capture_on_commit_callbacks(execute=True),  # its notice goes at once
    ):
        return_submission(submission=work["submission"], by=inspector, reason="No costs")
    return everyone


EXPECTED = {
    ("liaison-durham", "due-in-30 R2-plan"): ["2018-08-31"],
    ("liaison-durham", "due-in-14 R2-plan"): ["2018-09-16"],
    ("liaison-durham", "due-in-7 R2-plan"): ["2018-09-23"],
    # Day 1 overdue, then weekly, until met on 10 January.
    ("liaison-durham", "overdue R2-plan"): weekly("2018-10-01", "2019-01-07"),
    ("liaison-durham", "due-in-30 R4-review"): ["2018-08-31"],
    ("liaison-durham", "due-in-14 R4-review"): ["2018-09-16"],
    ("liaison-durham", "due-in-7 R4-review"): ["2018-09-23"],
    ("liaison-durham", "due-in-30 R1-review"): ["2018-10-01"],
    ("liaison-durham", "due-in-14 R1-review"): ["2018-10-17"],
    ("liaison-durham", "due-in-7 R1-review"): ["2018-10-24"],
    ("liaison-durham", "overdue R1-review"): weekly("2018-11-01", "2019-02-28"),
    # Met on 20 September: no 7-day reminder.
    ("liaison-kent", "due-in-30 R2-plan"): ["2018-08-31"],
    ("liaison-kent", "due-in-14 R2-plan"): ["2018-09-16"],
    ("liaison-kent", "due-in-30 R4-review"): ["2018-08-31"],
    ("liaison-kent", "due-in-14 R4-review"): ["2018-09-16"],
    ("liaison-kent", "due-in-7 R4-review"): ["2018-09-23"],
    ("liaison-kent", "overdue R4-review"): weekly("2018-10-01", "2018-11-12"),
    ("liaison-kent", "due-in-30 R1-review"): ["2018-10-01"],
    ("liaison-kent", "due-in-14 R1-review"): ["2018-10-17"],
    # The first run (a Wednesday) sends that week's digest; then every Monday.
    ("manager", "overdue-digest"): ["2018-08-01", *weekly("2018-08-06", "2019-02-25")],
    # Each day that ends with the plan waiting.
    ("inspector", "waiting-digest"): days("2018-10-02", "2018-10-04"),
}


def what(message: Message) -> str:
    kind = message.occasion.split(":")[0]
    if message.kind == Message.Kind.OVERDUE:
        kind = "overdue"
    return f"{kind} {message.milestone.code}" if message.milestone else kind


def test_every_day_from_august_to_march_sends_exactly_what_is_owed(a_season):
    mail.outbox.clear()
    Message.objects.all().delete()  # the plan's return notice, sent at the time
    received = set()
    for day in days("2018-08-01", "2019-03-01"):
        seen = Message.objects.count()
        run_on(day)
        new = list(Message.objects.select_related("recipient", "milestone").order_by("id")[seen:])
        assert len(mail.outbox) == seen + len(new), day
        for message in new:
            assert message.state == Message.State.SENT
            received.add((message.recipient.username, what(message), day))
    expected = {(who, thing, day) for (who, thing), on in EXPECTED.items() for day in on}
    assert sorted(received - expected) == []  # nothing unexpected
    assert sorted(expected - received) == []  # nothing missed


def test_overdue_notices_are_numbered_by_week(a_season):
    for day in ["2018-10-01", "2018-10-02", "2018-10-08", "2018-10-15"]:
        run_on(day)
    occasions = Message.objects.filter(
        recipient__username="liaison-durham", milestone__code="R2-plan", kind="overdue"
    ).values_list("occasion", flat=True)
    assert sorted(occasions) == [
        "overdue-1:R2-plan:durham:2018-09-30",
        "overdue-2:R2-plan:durham:2018-09-30",
        "overdue-3:R2-plan:durham:2018-09-30",
    ]


def test_a_day_the_command_did_not_run_is_made_up_the_next_day(a_season):
    run_on("2018-08-30")
    assert not Message.objects.filter(kind="due_soon").exists()
    # No run on 31 August, when the 30-day reminders fell due.
    run_on("2018-09-01")
    assert Message.objects.filter(kind="due_soon", occasion__startswith="due-in-30").count() == 4
    run_on("2018-09-02")
    assert Message.objects.filter(kind="due_soon").count() == 4


def test_a_reminder_whose_turn_has_passed_gives_way_to_the_next(a_season):
    # First run ever, ten days before the due date: the 14-day reminder, not the 30-day.
    run_on("2018-09-20")
    stages = {m.occasion.split(":")[0] for m in Message.objects.filter(kind="due_soon")}
    assert stages == {"due-in-14"}


def test_a_moved_due_date_starts_its_reminders_afresh(a_season, inspector, milestone):
    from recommendations.services import change_due_date

    run_on("2018-09-23")
    with time_machine.travel(at("2018-09-24", 9), tick=False):
        change_due_date(
            milestone=milestone("R4-review"),
            due_on=D("2018-10-31"),
            reason="Extended",
            by=inspector,
        )
    run_on("2018-10-01")
    assert Message.objects.filter(
        recipient__username="liaison-kent", occasion="due-in-30:R4-review:kent:2018-10-31"
    ).exists()
    assert not Message.objects.filter(occasion__startswith="overdue-1:R4-review").exists()


def test_people_without_email_or_no_longer_active_are_sent_nothing(a_season):
    durham, kent = a_season["liaison-durham"], a_season["liaison-kent"]
    durham.email = ""
    durham.save()
    kent.is_active = False
    kent.save()
    run_on("2018-08-31")
    assert not Message.objects.filter(recipient__in=[durham, kent], as_of__isnull=False).exists()


def test_someone_who_turned_digests_off_gets_none(a_season):
    from notices.services import set_digests

    manager = a_season["manager"]
    set_digests(user=manager, digests=False, by=manager)
    run_on("2018-10-01")
    assert not Message.objects.filter(recipient=manager).exists()
    assert Message.objects.filter(recipient__username="liaison-durham", kind="overdue").exists()


def test_the_managers_digest_marks_what_is_escalated(a_season):
    mail.outbox.clear()
    run_on("2018-12-03")  # a Monday: R2-plan and R4-review are 64 days overdue
    (digest,) = [m for m in mail.outbox if m.to == ["manager@example.police.uk"]]
    body = digest.body
    assert (
        "ESCALATED: Recommendation 2 — Action plan for the investigator shortage (short, "
        "medium and long term; draws on the force management statement) (R2-plan) "
        "(due 30 Sep 2018, 64 days overdue)"
    ) in body
    assert "(R4-review) (due 30 Sep 2018, 64 days overdue)" in body
    assert (
        "\n* Recommendation 1 — Force has reviewed its neighbourhood policing against the "
        "guidelines (R1-review) (due 31 Oct 2018, 33 days overdue)"
    ) in body
    assert "Durham" in body and "Kent" not in body.split("R2-plan")[1].split("\n")[0]
    html = digest.alternatives[0].content
    assert (
        "ESCALATED: Recommendation 2" in html and "http://127.0.0.1:8000/reports/overdue/" in html
    )


def test_the_inspectors_digest_says_how_long_the_oldest_has_waited(a_season):
    mail.outbox.clear()
    run_on("2018-10-04")
    (digest,) = [m for m in mail.outbox if m.to == ["inspector@example.police.uk"]]
    assert digest.subject == "1 submission waiting for assessment"
    assert "The oldest has waited 2 days." in digest.body
    assert "Durham, recommendation 2, submitted 2 Oct 2018" in digest.body
