"""The job queue: the one place that knows how work leaves a request.

On PostgreSQL a job is written into the queue's tables (procrastinate's) through the
request's own database connection, so it commits or rolls back with the change that owes
it: a change undone queues nothing, and a change kept cannot lose its job. Workers
(`manage.py procrastinate worker`, on any machine) run it. Without the queue (SQLite, or
PEELTRACK_JOB_QUEUE=false) the same function runs in this process once the change
commits, as it did before there was a queue.

A job must be safe to run again: it raises when its work could not be done (the mail
server down), and the queue tries it again later, waiting longer each time (RETRY). A
job whose worker died while doing it (killed, its machine gone) is tried again too:
each worker tells the queue it is alive every few seconds, and another worker puts back
the jobs of one not heard from for a while (retry_stalled_jobs).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.job_context import JobContext
from procrastinate.tasks import Task

logger = logging.getLogger(__name__)

# 2, 4, 8 … seconds between attempts: twelve attempts over about two and a quarter hours,
# long enough to outlast a mail server's restart or an afternoon's outage. What is still
# not sent after that is left recorded for the daily reminders to try again.
RETRY = RetryStrategy(max_attempts=12, exponential_wait=2)

# The queue's own name for the app, for the worker command: `procrastinate worker`.
QUEUE_APP = "procrastinate.contrib.django"


def queue_installed() -> bool:
    """Whether the queue's tables exist here at all (PostgreSQL only)."""
    return QUEUE_APP in settings.INSTALLED_APPS


def queued() -> bool:
    """Whether jobs go through the queue now, rather than running on commit here."""
    return bool(settings.PEELTRACK_JOB_QUEUE) and queue_installed()


class Registers(Protocol):
    def __call__[**P](self, func: Callable[P, None], /) -> Task[P, None, P]: ...


def job(name: str, *, retry: bool = True) -> Registers:
    """A function that can be run later, by a worker. Its arguments must be JSON: ids,
    addresses, dates as text; never a model instance or a secret."""

    def register[**P](func: Callable[P, None], /) -> Task[P, None, P]:
        return app.task(name=name, retry=RETRY if retry else False, pass_context=False)(func)

    return register


def periodic[T: Task[Any, Any, Any]](cron: str, *, periodic_id: str) -> Callable[[T], T]:
    """Run a job on a schedule (cron, in UTC; a sixth field is seconds). Every worker
    keeps the schedule, and the queue records each time it falls due once (its
    periodic_defers table), so however many workers run, the job is queued once each
    time. It is given that time as its `timestamp` argument (seconds since 1970). An
    empty schedule leaves the job unscheduled."""

    def register(task: T) -> T:
        if cron:
            app.periodic(cron=cron, periodic_id=periodic_id)(task)
        return task

    return register


def later[**P](task: Task[P, None, P], **kwargs: Any) -> None:
    """Run the job after the current transaction commits: queued in that very transaction
    on PostgreSQL, run here on commit otherwise (a failure there is logged, not raised:
    the change has been made, and what the job left is picked up by the next run)."""
    # By name only: the queue keeps a job's arguments as a JSON object.
    if queued():
        task.configure().defer(**kwargs)
    else:
        transaction.on_commit(partial(task, **kwargs), robust=True)


def check_queue() -> None:
    """The queue's table is there and this role may read it (for /readyz). Raises when
    not; the caller says whether the queue is in use at all."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        (present,) = cursor.fetchone() or (False,)
        if not present:
            raise LookupError("the job queue's tables are missing")
        cursor.execute("SELECT 1 FROM procrastinate_jobs LIMIT 1")


@periodic(settings.PEELTRACK_STALLED_JOBS_CRON, periodic_id="stalled")
@app.task(name="core.retry_stalled_jobs", retry=False, pass_context=True)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    """Put back in the queue the jobs of workers not heard from for
    PEELTRACK_WORKER_STALLED_SECONDS: they were doing them when they died, and a job
    is safe to run again. (What a job had already done stays done: a message it was
    sending stays "not confirmed", never sent twice; notices.delivery.)"""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(
        seconds_since_heartbeat=settings.PEELTRACK_WORKER_STALLED_SECONDS
    )
    for each in stalled:
        logger.warning(
            "Job %s (%s) was left by a stalled worker: tried again", each.id, each.task_name
        )
        await manager.retry_job(each)


@periodic(settings.PEELTRACK_OLD_JOBS_CRON, periodic_id="old-jobs")  # empty: never
@app.task(name="core.remove_old_jobs", retry=False, pass_context=True)
async def remove_old_jobs(context: JobContext, timestamp: int) -> None:
    """Remove the jobs that succeeded more than PEELTRACK_JOBS_KEPT_HOURS ago, so the
    queue's tables stay small (the stalled-job check alone finishes one a minute). Failed
    jobs are kept, to be looked into; what any job did is recorded elsewhere."""
    await context.app.job_manager.delete_old_jobs(nb_hours=settings.PEELTRACK_JOBS_KEPT_HOURS)
