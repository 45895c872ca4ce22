from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.services import ImportRejected, import_progress


class Command(BaseCommand):
    help = (
        "Import progress records from a CSV file with the header "
        "force,milestone,status,effective_date,note. All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            records = import_progress(data)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Nothing imported from {file}: {len(rejected.errors)} problem(s) above."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(records)} progress records from {file}.")
        )
