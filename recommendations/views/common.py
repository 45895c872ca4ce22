from django.shortcuts import render

from forces.models import Force

from ..selection import Selection, StandingFilter


def read_filters(request) -> StandingFilter:
    return StandingFilter(data=request.GET, queryset=Force.objects.all())


def selection_or_none(filterset: StandingFilter, **options) -> Selection | None:
    """The selection a valid query asks for, or None when the page must show errors."""
    if not filterset.is_valid():
        return None
    return Selection.from_filterset(filterset, **options)


def render_bad_query(request, template: str, context: dict, problems=()):
    """Re-show the page's form with the problems, as a 400: never a 500 for bad input."""
    return render(
        request, template, {**context, "bad_query": True, "problems": list(problems)}, status=400
    )
