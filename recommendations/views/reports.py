import datetime
from functools import cached_property
from itertools import groupby

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core import access, written
from core.access import Person
from core.context_processors import dates

from .. import exports, progress
from ..models import Milestone, Report
from ..selection import Selection
from .common import read_filters, render_bad_query, selection_or_none

TEMPLATE = "recommendations/overdue.html"
FORMATS = {"", "html", "csv", "xlsx"}


def due_of(standing: progress.Standing) -> datetime.date:
    due = standing.milestone.due_on
    assert due is not None, "An overdue milestone has a due date."
    return due


class OverduePage:
    """The overdue rows by due month, worked out only when the cached page is missing."""

    def __init__(self, selection: Selection, user: Person, as_of_query: str = "") -> None:
        self.selection = selection
        self.user = user
        self.as_of_query = as_of_query

    @property
    def report(self) -> Report | None:
        return self.selection.report

    @cached_property
    def rows(self) -> list[progress.Standing]:
        return self.selection.overdue()

    @cached_property
    def headline(self) -> list[tuple[Milestone, int]]:
        """The answer first: each milestone with someone overdue, and how many, in the
        rows' order (due date first), linked to its table below."""
        counts: dict[int, int] = {}
        milestones: dict[int, Milestone] = {}
        for standing in self.rows:
            milestones.setdefault(standing.milestone.pk, standing.milestone)
            counts[standing.milestone.pk] = counts.get(standing.milestone.pk, 0) + 1
        return [(milestones[pk], count) for pk, count in counts.items()]

    @cached_property
    def due_months(self) -> list[tuple[datetime.date, int]]:
        """The months the shown report's milestones fall due in (first of the month, how
        many), for the page's quick choices: September 2018 and January 2019 for 2017's."""
        months: dict[datetime.date, int] = {}
        for milestone in self.selection.report_milestones:
            if milestone.due_on is not None:
                month = milestone.due_on.replace(day=1)
                months[month] = months.get(month, 0) + 1
        return sorted(months.items())

    @cached_property
    def groups(self) -> list[tuple[datetime.date, int, SafeString]]:
        """(first of the due month, how many, the rows as HTML), drawn here in one go."""
        query = escape(self.as_of_query)
        groups = []
        # Only dated milestones can be overdue.
        for month, items in groupby(self.rows, key=lambda s: due_of(s).replace(day=1)):
            month_rows = list(items)
            out = []
            for standing in month_rows:
                owner: str = escape(standing.owner.name)
                if standing.force is not None and access.may_see_force(self.user, standing.force):
                    url = reverse("plans:force", args=[standing.force.slug])
                    owner = f'<a class="govuk-link" href="{url}{query}">{owner}</a>'
                due = due_of(standing)
                out.append(
                    f'<tr class="govuk-table__row" data-owner="{escape(standing.owner_slug)}" '
                    f'data-milestone="{escape(standing.milestone.code)}">'
                    f'<th scope="row" class="govuk-table__header">{owner}</th>'
                    f'<td class="govuk-table__cell">{escape(standing.milestone.full_name)}</td>'
                    f'<td class="govuk-table__cell" data-sort-value="{due.isoformat()}">'
                    f"{written.short_day(due)}</td>"
                    f'<td class="govuk-table__cell">{escape(standing.status_label)}</td>'
                    f'<td class="govuk-table__cell govuk-table__cell--numeric" '
                    f'data-sort-value="{standing.days_overdue}">'
                    f"{written.number(standing.days_overdue)}</td></tr>"
                )
            groups.append((month, len(month_rows), mark_safe("".join(out))))
        return groups

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def filters(self) -> str:
        return self.selection.filter_words


@require_safe
def overdue_report(request: HttpRequest) -> HttpResponseBase:
    """Forces and national bodies overdue as of a date, grouped by due month."""
    filterset = read_filters(request)
    export = request.GET.get("format", "")
    selection = selection_or_none(filterset, request=request)
    if selection is None or export not in FORMATS:
        problems = (
            [
                gettext("Choose a download format of csv or xlsx, not “%(format)s”")
                % {"format": export}
            ]
            if export not in FORMATS
            else []
        )
        return render_bad_query(request, TEMPLATE, {"filterset": filterset}, problems)
    if export in {"csv", "xlsx"}:
        return exports.download(request, selection, export)
    return render(
        request,
        TEMPLATE,
        {
            "filterset": filterset,
            "as_of": selection.as_of,
            "known_on": selection.known_on,
            "page": OverduePage(selection, request.user, dates(request)["as_of_query"]),
            "reports": Report.objects.newest_first(),
        },
    )
