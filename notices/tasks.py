"""The notices' jobs: sending what a change recorded, and the daily run.

Found by the job queue's worker by this module's name (tasks); see core.jobs for when a
job is queued and when it runs on commit instead.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from core.jobs import job, later, periodic

from .delivery import NotSent, send_recorded
from .reminders import send_owed_on

logger = logging.getLogger(__name__)


@job("notices.send_messages")
def send_messages(message_ids: list[int]) -> None:
    """Send messages recorded with a change. Raises while any could not be sent, so the
    queue tries again later; those already sent are not sent again."""
    send_recorded(message_ids)


def enqueue_sending(message_ids: Iterable[int]) -> None:
    """Send these recorded messages once the current transaction commits: queued in it
    on PostgreSQL (a change rolled back sends nothing), at once on commit otherwise."""
    ids = sorted(message_ids)
    if ids:
        later(send_messages, message_ids=ids)


# 07:00 UTC unless PEELTRACK_DAILY_REMINDERS_CRON says otherwise: 07:00 or 08:00 in the
# UK, and always the same UK day.
@periodic(settings.PEELTRACK_DAILY_REMINDERS_CRON, periodic_id="daily")
@job("notices.send_daily_reminders")
def send_daily_reminders(timestamp: int) -> None:
    """The daily reminders and digests for the UK day of the time the run fell due."""
    # The UK day (settings.TIME_ZONE), whatever the worker's own clock says.
    day = timezone.localdate(datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC))
    outcome = send_owed_on(day)
    logger.info(
        "Daily reminders for %s: %s sent, %s could not be sent",
        day.isoformat(),
        outcome.sent,
        outcome.failed,
    )
    if outcome.failed:
        raise NotSent(f"{outcome.failed} reminder(s) could not be sent; they are tried again")
