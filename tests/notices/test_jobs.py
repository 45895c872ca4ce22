"""Email leaves through the job queue on PostgreSQL: a notice's job is queued in the very
transaction of the change that owes it, a worker sends it once, a mail server that
refuses it is tried again later and later until it answers, the daily reminders are
queued once however many workers keep the schedule, and the password reset page answers
without speaking to the mail server. (PostgreSQL only: SQLite has no queue.)"""

import asyncio
import datetime
import json
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test import Client
from procrastinate.contrib.django import app
from procrastinate.periodic import PeriodicDeferrer

from notices.models import Message
from notices.tasks import send_daily_reminders
from plans.services import return_submission
from tests.conftest import build_plan

from .conftest import run

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the job queue is PostgreSQL's"
)

RESET = "/account/password/reset/"


@pytest.fixture
def job_queue(settings, django_db_blocker, monkeypatch):
    """Email through the queue, as production on PostgreSQL sends it, from an empty queue
    (a transactional test's flush leaves the queue's own tables as they were)."""
    settings.PEELTRACK_JOB_QUEUE = True
    # Each job's connection closed when it ends, not kept for the next: the worker's
    # threads end with the test, and the test database cannot be dropped while in use.
    monkeypatch.setitem(connections.settings[DEFAULT_DB_ALIAS], "CONN_MAX_AGE", 0)
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers CASCADE")


def queued_jobs() -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args, status, attempts, scheduled_at "
            # Not the check for dead workers' jobs, which each worker queues on starting,
            # nor the removal of old jobs (queued by a worker started at its time).
            "FROM procrastinate_jobs WHERE task_name NOT IN "
            "('core.retry_stalled_jobs', 'core.remove_old_jobs') ORDER BY id"
        )
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    # Django's connection hands JSON columns back as text.
    return [{**row, "args": json.loads(row["args"])} for row in rows]


def make_due(job_id: int) -> None:
    """As if the back-off had passed: the retry falls due now."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", [job_id])


def run_apart(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run the coroutine to its end on an event loop of its own thread: the browser tests'
    session (Playwright's) may have a loop running in this one, where asyncio.run would
    refuse."""
    failed: list[BaseException] = []

    def run_it() -> None:
        try:
            asyncio.run(work())
        except BaseException as error:  # raised again in the test's own thread
            failed.append(error)

    thread = threading.Thread(target=run_it)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def run_workers(count: int = 1) -> None:
    """`count` workers side by side, as on separate machines, each until no job is due."""

    async def work() -> None:
        async with worker_app.open_async():
            await asyncio.gather(
                *(
                    worker_app.run_worker_async(
                        name=f"worker-{n}",
                        wait=False,
                        install_signal_handlers=False,
                        listen_notify=False,
                    )
                    for n in range(count)
                )
            )

    # As `manage.py procrastinate worker` runs: the site's app, on a connection of its
    # own rather than Django's.
    with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
        run_apart(work)


@pytest.mark.django_db
def test_a_decision_queues_its_notice_in_the_same_transaction_and_sends_nothing_itself(
    job_queue, durham, liaison_durham, inspector
):
    work = build_plan(durham, liaison_durham)
    return_submission(submission=work["submission"], by=inspector, reason="No costs")
    # Still inside the test's transaction: the job was written by the change's own
    # connection, beside the message it is to send.
    (message,) = Message.objects.all()
    (job,) = queued_jobs()
    assert job["task_name"] == "notices.send_messages"
    assert job["args"] == {"message_ids": [message.pk]} and job["status"] == "todo"
    assert message.state == Message.State.PENDING
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_decision_rolled_back_queues_no_job_and_records_no_message(
    job_queue, durham, liaison_durham, inspector
):
    work = build_plan(durham, liaison_durham)

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        return_submission(submission=work["submission"], by=inspector, reason="No costs")
        assert len(queued_jobs()) == 1
        raise Undone
    assert queued_jobs() == [] and not Message.objects.exists()


def test_a_worker_sends_a_queued_notice_once(
    reference_data, job_queue, smtp_server, durham, liaison_durham, inspector
):
    work = build_plan(durham, liaison_durham)
    return_submission(submission=work["submission"], by=inspector, reason="No costs")
    assert smtp_server.envelopes == []  # the decision's request sent nothing
    run_workers()
    run_workers()  # nothing left to do: nothing sent twice
    (envelope,) = smtp_server.envelopes
    assert envelope["to"] == ["liaison-durham@example.police.uk"]
    assert b"Submission returned" in envelope["data"]
    (message,) = Message.objects.all()
    assert (message.state, message.attempts) == (Message.State.SENT, 1)
    assert [job["status"] for job in queued_jobs()] == ["succeeded"]


def test_a_refused_notice_is_tried_again_later_each_time_and_sent_once_it_is_accepted(
    reference_data, job_queue, smtp_server, durham, liaison_durham, inspector
):
    work = build_plan(durham, liaison_durham)
    return_submission(submission=work["submission"], by=inspector, reason="No costs")
    smtp_server.refusing = True

    waits = []
    for attempt in (1, 2):
        started = datetime.datetime.now(datetime.UTC)
        run_workers()
        (job,) = queued_jobs()
        assert (job["status"], job["attempts"]) == ("todo", attempt)
        waits.append((job["scheduled_at"] - started).total_seconds())
        assert Message.objects.get().state == Message.State.FAILED
        make_due(job["id"])
    # Exponential back-off: 2 seconds after the first refusal, 4 after the second.
    assert 1.5 <= waits[0] <= 3.5 and 3.5 <= waits[1] <= 5.5, waits

    smtp_server.refusing = False
    run_workers()
    (envelope,) = smtp_server.envelopes
    assert envelope["to"] == ["liaison-durham@example.police.uk"]
    (message,) = Message.objects.all()  # recorded once, through every attempt
    assert (message.state, message.attempts, message.error) == (Message.State.SENT, 3, "")
    assert [job["status"] for job in queued_jobs()] == ["succeeded"]


def test_two_workers_keeping_the_schedule_send_each_daily_reminder_once(
    reference_data, job_queue, smtp_server, liaison_durham
):
    # 16 September 2018, 07:00 UTC: two of Durham's deadlines fall 14 days later.
    due = int(datetime.datetime(2018, 9, 16, 7, tzinfo=datetime.UTC).timestamp())
    (scheduled,) = (
        each
        for each in app.periodic_registry.periodic_tasks.values()
        if each.task is send_daily_reminders
    )
    assert scheduled.cron == "0 7 * * *"

    async def both_workers_find_it_due() -> None:
        async with worker_app.open_async():
            for _worker in range(2):  # each worker keeps its own schedule
                deferrer = PeriodicDeferrer(registry=worker_app.periodic_registry)
                await deferrer.defer_jobs([(scheduled, due)])

    with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
        run_apart(both_workers_find_it_due)
    assert [job["task_name"] for job in queued_jobs()] == ["notices.send_daily_reminders"]
    run_workers(2)
    assert sorted(e["to"] for e in smtp_server.envelopes) == [
        ["liaison-durham@example.police.uk"],
        ["liaison-durham@example.police.uk"],
    ]
    # cron's command the same day finds nothing left to send.
    out, _err = run("--as-of", "2018-09-16")
    assert "0 sent" in out and len(smtp_server.envelopes) == 2
    assert Message.objects.filter(state=Message.State.SENT).count() == 2


def test_the_password_reset_page_answers_without_sending_and_a_worker_sends_the_link(
    reference_data, job_queue, smtp_server, manager, settings
):
    settings.PEELTRACK_SITE_URL = "https://peeltrack.example"
    known = Client().post(RESET, {"email": "manager@example.police.uk"})
    unknown = Client().post(RESET, {"email": "nobody@example.police.uk"})
    # Both answers did the same: queued a job with the address typed, sent nothing.
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert smtp_server.envelopes == []
    jobs = queued_jobs()
    assert [job["task_name"] for job in jobs] == ["accounts.send_password_reset"] * 2
    assert [job["args"]["email"] for job in jobs] == [
        "manager@example.police.uk",
        "nobody@example.police.uk",
    ]
    assert not any("token" in str(job["args"]) for job in jobs)  # the link is made when sent

    run_workers()
    (envelope,) = smtp_server.envelopes
    assert envelope["to"] == ["manager@example.police.uk"]
    assert b"https://peeltrack.example/account/password/reset/" in envelope["data"]
    assert [job["status"] for job in queued_jobs()] == ["succeeded", "succeeded"]


@pytest.mark.django_db(transaction=True)
def test_jobs_that_succeeded_long_ago_are_removed_and_failed_ones_kept(job_queue, settings):
    from accounts.tasks import send_password_reset
    from core.jobs import later, remove_old_jobs

    settings.PEELTRACK_JOBS_KEPT_HOURS = 24 * 7
    for address in ["old@example.police.uk", "failed@example.police.uk", "new@example.police.uk"]:
        with transaction.atomic():
            later(
                send_password_reset,
                email=address,  # no account has it: the job sends nothing and succeeds
                language="en-gb",
                domain="peeltrack.example",
                use_https=True,
                subject_template_name="registration/password_reset_subject.txt",
                email_template_name="registration/password_reset_email.txt",
                html_email_template_name=None,
                extra_email_context={},
            )
    run_workers()
    old, failed, new = (job["id"] for job in queued_jobs())
    assert [job["status"] for job in queued_jobs()] == ["succeeded"] * 3
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s", [failed])
        cursor.execute(
            "UPDATE procrastinate_events SET at = at - interval '8 days' WHERE job_id IN (%s, %s)",
            [old, failed],
        )
    remove_old_jobs.defer(timestamp=0)  # as the schedule queues it
    run_workers()
    assert [(job["id"], job["status"]) for job in queued_jobs()] == [
        (failed, "failed"),
        (new, "succeeded"),
    ]
