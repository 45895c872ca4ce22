from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.caching import remember
from core.dates import opening_day
from forces.models import Force

from ..models import Report
from ..selection import Selection, StandingFilter, newest_open_report


def read_filters(request: HttpRequest) -> StandingFilter:
    return StandingFilter(data=request.GET, queryset=Force.objects.all(), typed_dates=True)


def selection_or_none(
    filterset: StandingFilter,
    *,
    force_milestones_only: bool = False,
    request: HttpRequest | None = None,
) -> Selection | None:
    """The selection a valid query asks for, or None when the page must show errors.
    With no as-of date, a page is as of the installation's opening day (today, or the
    demo's day).

    Given the request, a query that names no report is of the newest report with open
    milestones, as a page shows it (remembered until the next write or the next day).
    """
    if not filterset.is_valid():
        return None

    def default_report(selection: Selection) -> Report | None:
        assert request is not None
        return remember(
            request,
            "newest-open-report",
            lambda: newest_open_report(selection.as_of, selection.known_on),
            selection.as_of,
            selection.known_on,
        )

    return Selection.from_filterset(
        filterset,
        force_milestones_only=force_milestones_only,
        default_report=default_report if request is not None else None,
        default_as_of=opening_day(),
    )


def render_bad_query(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    problems: Iterable[str] = (),
) -> HttpResponse:
    """Re-show the page's form with the problems, as a 400: never a 500 for bad input."""
    return render(
        request, template, {**context, "bad_query": True, "problems": list(problems)}, status=400
    )


def render_as_of_page(
    request: HttpRequest,
    template: str,
    page: Callable[[Selection], dict[str, Any]],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """A page read as of a date (and as known on a day): its own context from
    `page(selection)`; a query that is not valid re-shows the form with its problems."""
    context = context or {}
    filterset = read_filters(request)
    selection = selection_or_none(filterset)
    if selection is None:
        return render_bad_query(request, template, {**context, "filterset": filterset})
    return render(
        request,
        template,
        {
            **context,
            "filterset": filterset,
            "as_of": selection.as_of,
            "known_on": selection.known_on,
            **page(selection),
        },
    )
