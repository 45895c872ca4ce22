from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from core.dates import today
from recommendations.exports import overdue_csv
from recommendations.selection import Selection, StandingFilter


class Command(BaseCommand):
    help = (
        "Print, as CSV, the forces and national bodies overdue as of a date, exactly as "
        "the web report's CSV download, by due date then force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD; today in UK time if left out.")
        parser.add_argument(
            "--known-on",
            help="YYYY-MM-DD: the report as it could have been produced at the end of that "
            "day, leaving out everything entered later.",
        )
        parser.add_argument("--milestone", nargs="+", action="extend", default=[], metavar="CODE")
        parser.add_argument("--due", metavar="YYYY-MM", help="Only milestones due that month.")

    def handle(self, *args, as_of, known_on, milestone, due, **options):
        # The same filters, and so the same rows, as the web report and its downloads.
        query = QueryDict(mutable=True)
        query["as_of"] = as_of or today().isoformat()
        if known_on:
            query["known_on"] = known_on
        query.setlist("milestone", milestone)
        if due:
            query["due"] = due
        filterset = StandingFilter(data=query)
        if not filterset.is_valid():
            raise CommandError(
                " ".join(str(error) for errors in filterset.errors.values() for error in errors)
            )
        overdue_csv(Selection.from_filterset(filterset).overdue(), self.stdout)
