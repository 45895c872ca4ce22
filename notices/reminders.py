"""The daily run: the reminders and digests owed on a day, and whatever earlier runs or
changes left unsent. `manage.py send_reminders` (cron) and the daily job
(notices.tasks) both run it; running it twice for a day sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import User

from .delivery import Sender, claim, not_yet_recorded, take, waiting_to_be_sent
from .schedule import owed_on


def describe(recipient: User, subject: str, occasion: str) -> str:
    name = recipient.get_full_name() or recipient.get_username()
    return f"to {name} <{recipient.email}>: {subject} [{occasion}]"


@dataclass(frozen=True)
class Outcome:
    sent: int
    failed: int
    # Recorded by another run between looking and claiming: that run sends them.
    skipped: int


def send_owed_on(
    day: datetime.date, *, report: Callable[[bool, str], None] | None = None
) -> Outcome:
    """Send what is owed on the day, each message recorded once; `report` hears of each
    (sent or not, and a line describing it)."""
    owed = not_yet_recorded(owed_on(day))
    skipped = 0
    with Sender() as sender:
        # First what earlier runs or changes left to send: never tried, or refused.
        for message in take(waiting_to_be_sent()):
            ok = sender.send(message)
            if report:
                report(ok, describe(message.recipient, message.subject, message.occasion))
        for item in owed:
            claimed = claim(item)
            if claimed is None:
                skipped += 1
                continue
            ok = sender.send(claimed)
            if report:
                report(ok, describe(item.recipient, claimed.subject, item.occasion))
    return Outcome(sent=sender.sent, failed=sender.failed, skipped=skipped)
