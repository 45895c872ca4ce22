"""Nothing is sent twice: not on a re-run, not after a run stopped part-way, not by
two runs at once; what the mail server refused is sent by the next run."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management.base import CommandError

from accounts.services import add_user
from notices.delivery import claim, not_yet_recorded, send_recorded, unconfirmed
from notices.models import Message
from notices.schedule import owed_on
from plans.services import return_submission
from tests.conftest import PASSWORD, build_plan

from .conftest import D, run_on

pytestmark = pytest.mark.django_db

DAY = "2018-08-31"  # the 30-day reminders for R2-plan and R4-review, and a digest


class Killed(BaseException):
    """The process stopped (a deploy, the machine going down) in the middle of sending."""


class FlakyBackend(EmailBackend):
    """Delivers like Django's test backend, except the message numbered `fail_at`."""

    fail_at = None
    failure: BaseException = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == self.fail_at:
            raise self.failure
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    FlakyBackend.calls = 0
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}

    def fail(at, failure=None):
        FlakyBackend.fail_at = at
        if failure is not None:
            FlakyBackend.failure = failure

    yield fail
    FlakyBackend.fail_at = None
    FlakyBackend.failure = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def delivered():
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_the_day_owes_five_messages(everyone):
    owed = owed_on(D(DAY))
    assert sorted((o.recipient.username, o.occasion) for o in owed) == [
        ("liaison-durham", "due-in-30:R2-plan:durham:2018-09-30"),
        ("liaison-durham", "due-in-30:R4-review:durham:2018-09-30"),
        ("liaison-kent", "due-in-30:R2-plan:kent:2018-09-30"),
        ("liaison-kent", "due-in-30:R4-review:kent:2018-09-30"),
        ("manager", "overdue-digest:2018-W35"),
    ]


def test_running_again_the_same_day_sends_nothing_more(everyone):
    out, _err = run_on(DAY)
    assert len(mail.outbox) == 5 and "5 sent, 0 could not be sent" in out
    out, _err = run_on(DAY)
    assert len(mail.outbox) == 5 and "0 sent" in out
    assert Message.objects.filter(state="sent").count() == 5


def test_a_run_stopped_part_way_is_finished_by_the_next_without_sending_anything_twice(
    everyone, flaky
):
    flaky(3, Killed())
    with pytest.raises(Killed):
        run_on(DAY)
    assert len(mail.outbox) == 2
    in_flight = Message.objects.get(state="sending")
    assert Message.objects.count() == 3  # the rest were never recorded

    flaky(None)
    out, err = run_on(DAY)
    # The other two; the one in flight may have reached the server, so it is not re-sent
    # but reported.
    assert len(mail.outbox) == 4
    assert len(set(delivered())) == 4
    assert (in_flight.to, in_flight.subject) not in delivered()
    assert f"Not confirmed, so not sent again: to {in_flight.recipient.get_full_name()}" in err
    assert Message.objects.filter(state="sent").count() == 4

    run_on(DAY)
    assert len(mail.outbox) == 4


def test_a_send_of_recorded_notices_killed_part_way_leaves_the_rest_to_be_sent(
    durham, liaison_durham, inspector, flaky
):
    add_user(
        username="liaison-durham-2",
        role="liaison",
        password=PASSWORD,
        force=durham,
        first_name="Dora",
        last_name="Durham",
        email="liaison-durham-2@example.police.uk",
        check_password=False,
    )
    work = build_plan(durham, liaison_durham)
    # Two notices recorded with the decision, one for each of Durham's liaisons (their
    # job, run on commit, does not run inside the test's transaction).
    return_submission(submission=work["submission"], by=inspector, reason="No costs")
    ids = list(Message.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 2 and set(Message.objects.values_list("state", flat=True)) == {"pending"}

    flaky(1, Killed())  # the worker dies while sending the first
    with pytest.raises(Killed):
        send_recorded(ids)
    in_flight = Message.objects.get(state="sending")
    # The other was never taken: it waits, for the job tried again.
    waiting = Message.objects.exclude(pk=in_flight.pk).get()
    assert waiting.state == "pending"

    flaky(None)
    send_recorded(ids)
    assert [m.to for m in mail.outbox] == [[waiting.to]]
    waiting.refresh_from_db()
    assert waiting.state == "sent"
    # The one in flight may have reached the server: listed, never sent again.
    assert [m.pk for m in unconfirmed()] == [in_flight.pk]
    send_recorded(ids)
    assert len(mail.outbox) == 1


def test_what_the_mail_server_refused_is_sent_by_the_next_run_and_only_then(everyone, flaky):
    flaky(2)
    with pytest.raises(CommandError, match="1 message\\(s\\) could not be sent"):
        run_on(DAY)
    assert len(mail.outbox) == 4  # the run went on with the others
    failed = Message.objects.get(state="failed")
    assert "Connection unexpectedly closed" in failed.error and failed.attempts == 1

    out, _err = run_on("2018-09-01")
    assert f"Sent to {failed.recipient.get_full_name()}" in out
    assert len(mail.outbox) == 5 and len(set(delivered())) == 5
    failed.refresh_from_db()
    assert failed.state == "sent" and failed.attempts == 2
    run_on("2018-09-01")
    assert len(mail.outbox) == 5


def test_an_occasion_claimed_by_another_run_is_not_sent_again(everyone):
    first = not_yet_recorded(owed_on(D(DAY)))[0]
    assert claim(first) is not None
    # A second run that looked before the first recorded it: the database refuses it.
    assert claim(first) is None
    assert Message.objects.filter(occasion=first.occasion).count() == 1
    assert first.occasion not in {o.occasion for o in not_yet_recorded(owed_on(D(DAY)))}


def test_a_dry_run_prints_what_it_would_send_and_sends_and_records_nothing(everyone):
    out, _err = run_on(DAY, "--dry-run")
    assert (
        "Would send to Dan Durham <liaison-durham@example.police.uk>: "
        "Recommendation 2 (R2-plan) is due in 30 days – Durham "
        "[due-in-30:R2-plan:durham:2018-09-30]"
    ) in out
    assert "5 would be sent; nothing was sent or recorded" in out
    assert mail.outbox == [] and not Message.objects.exists()


def test_as_of_names_the_day_and_must_be_a_date(everyone):
    out, _err = run_on("2019-06-01", "--as-of", DAY)
    assert out.endswith("2018-08-31: 5 sent, 0 could not be sent.\n")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run_on(DAY, "--as-of", "31/08/2018")
