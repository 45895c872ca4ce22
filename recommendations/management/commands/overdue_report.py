from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from recommendations.exports import overdue_csv
from recommendations.filters import Selection, StandingFilter
from recommendations.progress import today


class Command(BaseCommand):
    help = (
        "Print, as CSV, the forces and national bodies overdue as of a date "
        "(force,milestone,due_date,status,days_overdue), by due date then force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD; today in UK time if left out.")
        parser.add_argument("--milestone", nargs="+", action="extend", default=[], metavar="CODE")
        parser.add_argument("--due", metavar="YYYY-MM", help="Only milestones due that month.")

    def handle(self, *args, as_of, milestone, due, **options):
        # The same filters, and so the same rows, as the web report and its downloads.
        query = QueryDict(mutable=True)
        query["as_of"] = as_of or today().isoformat()
        query.setlist("milestone", milestone)
        if due:
            query["due"] = due
        filterset = StandingFilter(data=query)
        if not filterset.is_valid():
            raise CommandError(
                " ".join(str(error) for errors in filterset.errors.values() for error in errors)
            )
        overdue_csv(Selection.from_filterset(filterset).overdue(), self.stdout)
