from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.commands import acting_as, refused
from core.dates import parse_iso_date
from core.refusals import Refused
from publishing.services import publish


class Command(BaseCommand):
    help = (
        "Publish the record as it stood at the end of a day (it must have ended): the "
        "public pages show it, and nothing entered later, until the next publication."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--known-on", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--reason", required=True, help="Why it is published now.")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="The inspector.")

    def handle(self, *args: Any, known_on: str, reason: str, by: str, **options: Any) -> None:
        person = acting_as(by)
        try:
            day = parse_iso_date(known_on, what="the known-on day")
        except ValueError as error:
            raise CommandError(f"--known-on: {error}") from None
        try:
            publication = publish(known_on=day, reason=reason, by=person)
        except Refused as refusal:
            raise refused(refusal) from None
        self.stdout.write(
            f"Published the record as known on {publication.known_on:%-d %B %Y}; the public "
            f"pages show it now (/public/reports/?published={publication.published_on:%Y-%m-%d})."
        )
