"""Restore the latest backup (or the one named) into a fresh database on the same
server, check it and compare it with the source, then drop it (core.backups). Exits
non-zero on any difference: run it after each backup, and read what it says."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import backups


class Command(BaseCommand):
    help = "Restore a backup into a fresh database and compare it with this one."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--from", dest="folder", type=Path, help="Use its latest backup.")
        source.add_argument("--backup", type=Path, help="This backup file.")
        parser.add_argument("--keep", action="store_true", help="Keep the restored database.")

    def handle(
        self, *args: object, folder: Path | None, backup: Path | None, keep: bool, **options: object
    ) -> None:
        try:
            dump = backup if backup is not None else backups.latest(folder)  # type: ignore[arg-type]
            done = backups.drill(dump, keep=keep)
        except backups.DrillFailed as error:
            raise CommandError(str(error)) from None
        for line in done.checked:
            self.stdout.write(f"ok  {line}")
        for line in done.differences:
            self.stdout.write(f"BAD {line}")
        if done.differences:
            raise CommandError(f"The restore drill found {len(done.differences)} differences.")
        self.stdout.write(f"The restore drill passed: {done.backup.name}")
