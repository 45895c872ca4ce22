from collections import Counter
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from core import access
from core.access import Person
from core.context_processors import dates
from forces.models import Force

from .. import progress
from ..models import Milestone, Recommendation, Report
from ..selection import Selection, matches_status
from ..templatetags.standings import standing_tag
from .common import read_filters, render_bad_query, selection_or_none

TEMPLATE = "recommendations/dashboard.html"

# A force, whether the reader may open its page, and its cells: (standing or None, tag).
type Row = tuple[Force, bool, list[tuple[progress.Standing | None, SafeString]]]


class Dashboard:
    """What the dashboard shows. Worked out only when the page's cached content is
    missing (see the template's cache block), and then once."""

    def __init__(self, selection: Selection, user: Person, as_of_query: str = "") -> None:
        self.selection = selection
        self.user = user
        self.as_of_query = as_of_query

    @cached_property
    def national_milestones(self) -> list[Milestone]:
        """The report's national milestones the filters keep: those chosen, if any were;
        none when forces are filtered (a national body is not a force, as in the API)."""
        selection = self.selection
        if selection.filterset.filters_forces:
            return []
        chosen = selection.data.get("milestone")
        wanted = {m.pk for m in chosen} if chosen else None
        return [
            m
            for m in selection.report_milestones
            if not m.is_for_forces and (wanted is None or m.pk in wanted)
        ]

    @property
    def filters(self) -> str:
        return self.selection.filter_words

    @cached_property
    def every(self) -> list[progress.Standing]:
        # One computation for the matrix and the national table alike.
        return progress.standings(
            self.selection.as_of,
            milestones=[*self.selection.milestones, *self.national_milestones],
            forces=self.selection.forces,
            known_on=self.selection.known_on,
        )

    @property
    def columns(self) -> list[Milestone]:
        return self.selection.milestones

    @property
    def report(self) -> Report | None:
        return self.selection.report

    @cached_property
    def rows(self) -> list[Row]:
        """(force, may open its page, [(standing or None, its tag)]) for the shown forces."""
        columns = self.columns
        statuses = self.selection.statuses
        cells = {(s.milestone.pk, s.force.pk): s for s in self.every if s.force is not None}
        rows: list[Row] = []
        for force in self.selection.forces:
            row = [cells.get((m.pk, force.pk)) for m in columns]
            present = [s for s in row if s is not None]
            if statuses and not any(matches_status(s, statuses) for s in present):
                continue
            rows.append(
                (
                    force,
                    access.may_see_force(self.user, force),
                    [(standing, standing_tag(standing)) for standing in row],
                )
            )
        return rows

    @cached_property
    def matrix(self) -> SafeString:
        """The matrix's rows as HTML, drawn here once rather than cell by cell in a
        template: 43 forces × the milestones, every value escaped."""
        query = escape(self.as_of_query)
        out = []
        for force, linked, cells in self.rows:
            name: str = escape(force.name)
            if linked:
                url = reverse("plans:force", args=[force.slug])
                name = f'<a class="govuk-link" href="{url}{query}">{name}</a>'
            out.append(
                f'<tr class="govuk-table__row" data-force="{escape(force.slug)}">'
                f'<th scope="row" class="govuk-table__header">{name}</th>'
            )
            for standing, tag in cells:
                code = escape(standing.milestone.code) if standing else ""
                out.append(f'<td class="govuk-table__cell" data-milestone="{code}">{tag}</td>')
            out.append("</tr>")
        return mark_safe("".join(out))

    @cached_property
    def totals(self) -> list[tuple[Milestone, list[tuple[str, str, int]]]]:
        counts = progress.totals(s for _f, _l, cells in self.rows for s, _tag in cells if s)
        none: Counter[str] = Counter()
        return [
            (
                milestone,
                [
                    (key, label, counts.get(milestone.pk, none).get(key, 0))
                    for key, label in progress.CATEGORIES_OVERDUE_FIRST.items()
                ],
            )
            for milestone in self.columns
        ]

    @cached_property
    def headline(self) -> list[dict[str, Any]]:
        """The answer first: for each force milestone due by the as-of date, how many of
        the forces shown are behind (overdue), of how many in its scope, with a link to
        those forces' rows in the overdue report. Soonest due first."""
        as_of = self.selection.as_of
        due = [m for m in self.columns if m.due_on is not None and m.due_on <= as_of]
        in_scope: Counter[int] = Counter()
        behind: Counter[int] = Counter()
        for standing in self.every:
            if standing.force is not None:
                in_scope[standing.milestone.pk] += 1
                behind[standing.milestone.pk] += standing.is_overdue
        overdue = reverse("recommendations:overdue")
        report = self.selection.report
        found = []
        for milestone in sorted(due, key=progress.due_order):
            query = {"milestone": milestone.code, "as_of": as_of.isoformat()}
            if report is not None:
                query["report"] = report.slug
            if self.selection.known_on:
                query["known_on"] = self.selection.known_on.isoformat()
            found.append(
                {
                    "milestone": milestone,
                    "behind": behind[milestone.pk],
                    "in_scope": in_scope[milestone.pk],
                    "url": f"{overdue}?{urlencode(query)}",
                }
            )
        return found

    @cached_property
    def national(self) -> list[progress.Standing]:
        statuses = self.selection.statuses
        return [s for s in self.every if s.force is None and matches_status(s, statuses)]

    @cached_property
    def recommendations(self) -> list[Recommendation]:
        return list(
            Recommendation.objects.filter(report=self.selection.report).select_related("report")
        )


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Forces × force milestones as of a date, with totals and national milestones."""
    filterset = read_filters(request)
    selection = selection_or_none(filterset, force_milestones_only=True, request=request)
    if selection is None:
        return render_bad_query(request, TEMPLATE, {"filterset": filterset})
    return render(
        request,
        TEMPLATE,
        {
            "filterset": filterset,
            "as_of": selection.as_of,
            "known_on": selection.known_on,
            "page": Dashboard(selection, request.user, dates(request)["as_of_query"]),
            "reports": Report.objects.newest_first(),
            "categories": progress.CATEGORIES_OVERDUE_FIRST,
            "escalate_after_days": progress.escalate_after_days(),
            # The same filters, in the same words, that the tables' captions name.
            "is_filtered": bool(selection.filter_words),
        },
    )
