"""Email the reminders and digests owed today; safe to run daily, and again.

See notices.schedule for who is owed what on which day, and notices.delivery for why
nothing is ever sent twice. With the job queue (PostgreSQL) workers run the same thing
daily (notices.tasks); this command stays for cron, and running both sends nothing twice.
"""

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.dates import parse_iso_date, today
from notices.delivery import Owed, not_yet_recorded, unconfirmed, waiting_to_be_sent
from notices.models import Message
from notices.reminders import describe, send_owed_on
from notices.schedule import owed_on


class Command(BaseCommand):
    help = (
        "Email each force's liaisons about deadlines (30, 14 and 7 days before, the day "
        "after, then weekly while overdue), managers a weekly digest of what is overdue and "
        "inspectors a daily digest of submissions waiting. Run it daily: nothing is ever "
        "sent twice."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--as-of", help="YYYY-MM-DD; today in UK time if left out.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent, and send and record nothing.",
        )

    def handle(self, *args: Any, as_of: str | None, dry_run: bool, **options: Any) -> None:
        try:
            day = parse_iso_date(as_of, what="the as-of date") if as_of else today()
        except ValueError as error:
            raise CommandError(str(error)) from None
        if dry_run:
            self.dry_run(day, not_yet_recorded(owed_on(day)))
            return

        outcome = send_owed_on(day, report=self.report)
        for message in unconfirmed():
            self.stderr.write(
                "Not confirmed, so not sent again: "
                + describe(message.recipient, message.subject, message.occasion)
                + f" (recorded {message.recorded_at:%Y-%m-%d %H:%M}; the run sending it stopped)"
            )
        self.stdout.write(
            f"{day.isoformat()}: {outcome.sent} sent, {outcome.failed} could not be sent"
            + (f", {outcome.skipped} sent by another run" if outcome.skipped else "")
            + "."
        )
        if outcome.failed:
            raise CommandError(
                f"{outcome.failed} message(s) could not be sent; the next run tries them again."
            )

    def report(self, ok: bool, line: str) -> None:
        if ok:
            self.stdout.write("Sent " + line)
        else:
            self.stderr.write("Could not send " + line)

    def dry_run(self, day: datetime.date, owed: list[Owed]) -> None:
        waiting = Message.objects.filter(pk__in=waiting_to_be_sent()).select_related("recipient")
        for message in waiting:
            self.stdout.write(
                "Would send again " + describe(message.recipient, message.subject, message.occasion)
            )
        for item in owed:
            email = item.compose()
            self.stdout.write(
                "Would send " + describe(item.recipient, email.subject, item.occasion)
            )
        self.stdout.write(
            f"{day.isoformat()}: dry run, {len(owed) + len(waiting)} would be sent; nothing was "
            "sent or recorded."
        )
