from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from recommendations import access, progress
from recommendations.models import Milestone, Recommendation
from recommendations.views.common import read_filters, render_bad_query, selection_or_none

HISTORY_PAGE_SIZE = 50
HISTORY_PER_MILESTONE = 10


@require_safe
def force_list(request):
    filterset = read_filters(request)
    if not filterset.is_valid():
        return render_bad_query(request, "forces/force_list.html", {"filterset": filterset})
    return render(
        request, "forces/force_list.html", {"forces": filterset.qs, "filterset": filterset}
    )


@require_safe
def my_force(request):
    force = access.liaison_force(request.user)
    if force is None:
        messages.info(request, "Only force liaisons have a force of their own.")
        return redirect("recommendations:dashboard")
    return redirect("forces:detail", slug=force.slug)


@require_safe
def force_detail(request, slug):
    """A force's grades, standing and full history against every milestone, as of a date."""
    force = access.get_force_for_user(request.user, slug)
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
    # The newest records of each milestone, and how many there are in all: one query,
    # however long a force's history grows. The rest is on the milestone's history page.
    records = list(
        force.progress_records.select_related(
            "milestone", "recorded_by", "corrects", "corrected_by", "basis_submission"
        )
        .annotate(
            newest_first=Window(
                RowNumber(),
                partition_by=[F("milestone_id")],
                order_by=[F("effective_on").desc(), F("id").desc()],
            ),
            in_all=Window(Count("id"), partition_by=[F("milestone_id")]),
        )
        .filter(newest_first__lte=HISTORY_PER_MILESTONE)
        .order_by("milestone__due_on", "milestone__code", "-effective_on", "-id")
    )
    rows = []
    for milestone in milestones:
        mine = [r for r in records if r.milestone_id == milestone.pk]
        rows.append(
            {
                "milestone": milestone,
                "standing": standings.get(milestone.pk),
                "records": mine,
                "in_all": mine[0].in_all if mine else 0,
                "earlier": (mine[0].in_all - len(mine)) if mine else 0,
            }
        )
    plans = {
        plan.recommendation_id: plan
        for plan in force.action_plans.select_related("recommendation").prefetch_related("actions")
    }
    recommendations = [
        (recommendation, plans.get(recommendation.pk))
        for recommendation in Recommendation.objects.select_related("report")
    ]
    history = Paginator(
        force.history.select_related("by").order_by("-at", "-id"), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("history_page"))
    return render(
        request,
        "forces/force_detail.html",
        {
            "filterset": filterset,
            "force": force,
            "as_of": as_of,
            "rows": rows,
            "scope_changes": force.scope_changes.select_related("milestone", "recorded_by"),
            "recommendations": recommendations,
            "submissions": force.submissions.select_related(
                "action_plan__recommendation", "milestone", "submitted_by"
            ).order_by("-submitted_at"),
            "history": history,
            "can_edit": access.can_edit_force_plans(request.user, force),
            "can_record": access.can_record_progress(request.user),
            "can_change_scope": access.can_change_scope(request.user),
        },
    )


@require_safe
def milestone_history(request, slug, code):
    """Every progress record of one force against one milestone, newest first, by pages."""
    force = access.get_force_for_user(request.user, slug)
    milestone = get_object_or_404(Milestone.objects.for_forces(), code=code)
    records = Paginator(
        force.progress_records.filter(milestone=milestone)
        .select_related("recorded_by", "corrects", "corrected_by", "basis_submission")
        .order_by("-effective_on", "-id"),
        HISTORY_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "forces/milestone_history.html",
        {
            "force": force,
            "milestone": milestone,
            "records": records,
            "as_of": progress.today(),
            "can_record": access.can_record_progress(request.user),
        },
    )
