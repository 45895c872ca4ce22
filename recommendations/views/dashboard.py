from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import access

from .. import progress
from ..models import Milestone, Recommendation
from ..selection import matches_status
from ..templatetags.standings import standing_tag
from .common import read_filters, render_bad_query, selection_or_none

TEMPLATE = "recommendations/dashboard.html"


@require_safe
def dashboard(request):
    """Forces × force milestones as of a date, with totals and national milestones."""
    filterset = read_filters(request)
    selection = selection_or_none(filterset, force_milestones_only=True)
    if selection is None:
        return render_bad_query(request, TEMPLATE, {"filterset": filterset})

    knowledge = progress.Knowledge(selection.known_on)
    national_milestones = progress.milestones_as_known(
        Milestone.objects.for_national_bodies().select_related("national_body", "recommendation"),
        knowledge,
    )
    # One computation for the matrix and the national table alike.
    every = progress.standings(
        selection.as_of,
        milestones=[*selection.milestones, *national_milestones],
        forces=selection.forces,
        known_on=selection.known_on,
    )
    columns = selection.milestones
    cells = {(s.milestone.pk, s.force.pk): s for s in every if s.force is not None}
    rows, shown = [], []
    for force in selection.forces:
        row = [cells.get((m.pk, force.pk)) for m in columns]
        present = [s for s in row if s is not None]
        if selection.statuses and not any(matches_status(s, selection.statuses) for s in present):
            continue
        # Cells are drawn here, once each, rather than by a template tag per cell.
        rows.append(
            (
                force,
                access.may_see_force(request.user, force),
                [(standing, standing_tag(standing)) for standing in row],
            )
        )
        shown.extend(present)
    counts = progress.totals(shown)
    totals = [
        (
            milestone,
            [
                (key, label, counts.get(milestone.pk, {}).get(key, 0))
                for key, label in progress.CATEGORIES.items()
            ],
        )
        for milestone in columns
    ]
    return render(
        request,
        TEMPLATE,
        {
            "filterset": filterset,
            "as_of": selection.as_of,
            "known_on": selection.known_on,
            "columns": columns,
            "rows": rows,
            "totals": totals,
            "national": [s for s in every if s.force is None],
            "recommendations": Recommendation.objects.select_related("report"),
            "categories": progress.CATEGORIES,
            "is_filtered": any(
                v for k, v in filterset.form.cleaned_data.items() if k not in {"as_of", "known_on"}
            ),
        },
    )
