from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from forces.models import Force

from ..selection import Selection, StandingFilter


def read_filters(request: HttpRequest) -> StandingFilter:
    return StandingFilter(data=request.GET, queryset=Force.objects.all())


def selection_or_none(
    filterset: StandingFilter, *, force_milestones_only: bool = False
) -> Selection | None:
    """The selection a valid query asks for, or None when the page must show errors."""
    if not filterset.is_valid():
        return None
    return Selection.from_filterset(filterset, force_milestones_only=force_milestones_only)


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
