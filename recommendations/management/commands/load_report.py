from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import access
from recommendations.loader import check_report, load_report
from recommendations.report_files import FileRefused


class Command(BaseCommand):
    help = (
        "Load a report from its file (YAML or JSON; docs/report-format.md), whole or not at "
        "all, as loaded by the inspector named with --by. With --dry-run, check the file "
        "and say what would be loaded, writing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by", metavar="USERNAME", help="The inspector loading it (not needed to check)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file; write nothing.")

    def handle(self, *args: Any, file: Path, by: str | None, dry_run: bool, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            if dry_run and by is None:
                outcome = check_report(data, name=file.name)
            else:
                inspector = get_user_model().objects.filter(username=by).first() if by else None
                if inspector is None or not access.LOAD_REPORTS(inspector):
                    raise CommandError(
                        f"--by must name an active inspector; {by!r} is not one."
                        if by
                        else "Give --by USERNAME: the inspector loading the report."
                    )
                outcome = load_report(data, name=file.name, by=inspector, dry_run=dry_run)
        except FileRefused as refused:
            for problem in refused.messages:
                self.stderr.write(problem)
            raise CommandError(
                f"Nothing loaded from {file}: {len(refused.messages)} problem(s) above."
            ) from None
        for line in outcome.summary:
            self.stdout.write(self.style.SUCCESS(line) if outcome.written else line)
