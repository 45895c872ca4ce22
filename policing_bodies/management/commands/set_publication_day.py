from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.commands import acting_as, refused
from core.dates import parse_iso_date
from core.refusals import Refused
from policing_bodies.obligations import due_on
from policing_bodies.services import set_publication_day
from recommendations.models import Report


class Command(BaseCommand):
    help = (
        "Set the day a report was published, where its file gives only the month: the "
        "56-day period of the local policing bodies' responses begins on it. A reasoned "
        "change, kept in the history; the same rule as the responses page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--report", required=True, metavar="SLUG")
        parser.add_argument("--day", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--reason", required=True, help="Where the day comes from.")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="The inspector.")

    def handle(
        self, *args: Any, report: str, day: str, reason: str, by: str, **options: Any
    ) -> None:
        person = acting_as(by)
        shown = Report.objects.filter(slug=report).first()
        if shown is None:
            raise CommandError(f"--report: no report is called {report!r}.")
        try:
            published_on = parse_iso_date(day, what="the day of publication")
        except ValueError as error:
            raise CommandError(f"--day: {error}") from None
        try:
            entry = set_publication_day(
                report=shown, published_on=published_on, reason=reason, by=person
            )
        except Refused as refusal:
            raise refused(refusal, {"published_on": "--day"}) from None
        self.stdout.write(
            f"Recorded {shown.title} as published on {entry.published_on:%-d %B %Y}: the "
            f"local policing bodies' responses are due by {due_on(entry.published_on):%-d %B %Y}."
        )
