from django.shortcuts import get_object_or_404, render

from recommendations import progress
from recommendations.models import Milestone
from recommendations.views.common import read_filters, render_bad_query, selection_or_none

from .models import Force


def force_list(request):
    filterset = read_filters(request)
    if not filterset.is_valid():
        return render_bad_query(request, "forces/force_list.html", {"filterset": filterset})
    return render(
        request, "forces/force_list.html", {"forces": filterset.qs, "filterset": filterset}
    )


def force_detail(request, slug):
    """A force's grades, standing and full history against every milestone, as of a date."""
    force = get_object_or_404(Force, slug=slug)
    filterset = read_filters(request)
    selection = selection_or_none(filterset)
    if selection is None:
        return render_bad_query(
            request, "forces/force_detail.html", {"filterset": filterset, "force": force}
        )
    as_of = selection.as_of
    milestones = list(Milestone.objects.for_forces().select_related("recommendation"))
    standings = {
        s.milestone.pk: s for s in progress.standings(as_of, milestones=milestones, forces=[force])
    }
    history = list(
        force.progress_records.select_related(
            "milestone", "recorded_by", "corrects", "corrected_by"
        ).order_by("milestone__due_on", "milestone__code", "-effective_on", "-id")
    )
    rows = []
    for milestone in milestones:
        records = [r for r in history if r.milestone_id == milestone.pk]
        rows.append(
            {"milestone": milestone, "standing": standings.get(milestone.pk), "records": records}
        )
    return render(
        request,
        "forces/force_detail.html",
        {
            "filterset": filterset,
            "force": force,
            "as_of": as_of,
            "rows": rows,
            "scope_changes": force.scope_changes.select_related("milestone", "recorded_by"),
            "action_plans": force.action_plans.select_related("recommendation").prefetch_related(
                "actions"
            ),
        },
    )
