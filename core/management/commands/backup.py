"""Back up the database (pg_dump, custom format) and, while evidence is on local disk,
its files, into a folder (core.backups). Schedule it (cron, a timer) and keep copies
elsewhere: a backup on the database's own machine is not a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import backups


class Command(BaseCommand):
    help = "Write a backup of the database (and local evidence files) into a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="The folder for backups.")

    def handle(self, *args: object, to: Path, **options: object) -> None:
        try:
            written = backups.backup(to)
        except backups.DrillFailed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(written))
