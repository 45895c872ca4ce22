from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import progress
from ..filters import matches_status
from ..models import Milestone, Recommendation
from .common import read_filters, render_bad_query, selection_or_none

TEMPLATE = "recommendations/dashboard.html"


@require_safe
def dashboard(request):
    """Forces × force milestones as of a date, with totals and national milestones."""
    filterset = read_filters(request)
    selection = selection_or_none(filterset, force_milestones_only=True)
    if selection is None:
        return render_bad_query(request, TEMPLATE, {"filterset": filterset})

    columns = selection.milestones
    cells = {(s.milestone.pk, s.force.pk): s for s in selection.standings(apply_status=False)}
    rows = []
    shown = []
    for force in selection.forces:
        row = [cells.get((m.pk, force.pk)) for m in columns]
        present = [s for s in row if s is not None]
        if selection.statuses and not any(matches_status(s, selection.statuses) for s in present):
            continue
        rows.append((force, row))
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
    national = progress.standings(
        selection.as_of,
        milestones=Milestone.objects.for_national_bodies().select_related(
            "national_body", "recommendation"
        ),
        forces=[],
    )
    return render(
        request,
        TEMPLATE,
        {
            "filterset": filterset,
            "as_of": selection.as_of,
            "columns": columns,
            "rows": rows,
            "totals": totals,
            "national": national,
            "recommendations": Recommendation.objects.select_related("report"),
            "categories": progress.CATEGORIES,
            "is_filtered": any(v for k, v in filterset.form.cleaned_data.items() if k != "as_of"),
        },
    )
