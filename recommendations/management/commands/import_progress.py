from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core import access
from recommendations.imports import HEADER, ImportRejected, import_progress


class Command(BaseCommand):
    help = (
        f"Import progress records from a UTF-8 CSV file with the header {','.join(HEADER)}, "
        "recorded as entered by the inspector named with --by. All rows or none; rows "
        "identical to records already held are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by", required=True, metavar="USERNAME", help="The inspector the records are from."
        )

    def handle(self, *args, file: Path, by: str, **options):
        inspector = get_user_model().objects.filter(username=by).first()
        if inspector is None or not access.may_record_progress(inspector):
            raise CommandError(f"--by must name an active inspector; {by!r} is not one.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            imported = import_progress(data, by=inspector, origin=file.name)
        except ImportRejected as rejected:
            for problem in rejected.messages:
                self.stderr.write(problem)
            raise CommandError(
                f"Nothing imported from {file}: {len(rejected.messages)} problem(s) above."
            ) from None
        for line, reason in sorted(imported.skipped.items()):
            self.stdout.write(f"line {line}: skipped, {reason}")
        skipped = len(imported.skipped)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(imported.record_ids)} progress records from {file}"
                + (f"; skipped {skipped} already held." if skipped else ".")
            )
        )
