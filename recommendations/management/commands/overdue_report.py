from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from core.dates import today
from recommendations.exports import overdue_csv
from recommendations.selection import Selection, StandingFilter, newest_open_report


class Command(BaseCommand):
    help = (
        "Print, as CSV, the forces and national bodies overdue as of a date, exactly as "
        "the web report's CSV download, by due date then force: for one report (--report), "
        "by default the newest with open milestones, as the web page shows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--report",
            metavar="SLUG",
            help="The report; the newest with milestones still open if left out.",
        )
        parser.add_argument("--as-of", help="YYYY-MM-DD; today in UK time if left out.")
        parser.add_argument(
            "--known-on",
            help="YYYY-MM-DD: the report as it could have been produced at the end of that "
            "day, leaving out everything entered later.",
        )
        parser.add_argument("--milestone", nargs="+", action="extend", default=[], metavar="CODE")
        parser.add_argument("--due", metavar="YYYY-MM", help="Only milestones due that month.")

    def handle(self, *args, report, as_of, known_on, milestone, due, **options):
        # The same filters, and so the same rows, as the web report and its downloads.
        query = QueryDict(mutable=True)
        query["as_of"] = as_of or today().isoformat()
        if report:
            query["report"] = report
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
        selection = Selection.from_filterset(
            filterset, default_report=lambda s: newest_open_report(s.as_of, s.known_on)
        )
        overdue_csv(selection.overdue(), self.stdout)
