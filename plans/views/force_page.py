"""A force's page: its grades, its standing from the rule, its plans and submissions, and
its change history. It sits in plans, the top of the domain layers, because it is the
one page that shows every layer's data; each part comes through a small, named
function of the app that owns it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from audit.models import HistoryEntry
from core import access
from forces.models import GRADED_AREAS, Force, Grade
from recommendations import progress
from recommendations.models import Milestone, ProgressRecord, Recommendation
from recommendations.views.common import read_filters, render_bad_query, selection_or_none

from ..models import ActionPlan, Submission

HISTORY_PAGE_SIZE = 50
HISTORY_PER_MILESTONE = 10


@require_safe
def my_force(request):
    force_id = access.own_force_id(request.user)
    if force_id is None:
        messages.info(request, "Only force liaisons have a force of their own.")
        return redirect("recommendations:dashboard")
    return redirect("plans:force", slug=request.user.force.slug)


def newest_records(force: Force, milestones, known) -> list[ProgressRecord]:
    """The newest records of each milestone, and how many there are in all: one query,
    however long a force's history grows. The rest is on the milestone's history page."""
    return list(
        ProgressRecord.objects.filter(force=force)
        .known_on(known.cutoff)
        .select_related("milestone", "recorded_by", "corrects", "corrected_by")
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


@require_safe
def force_detail(request, slug):
    """A force's grades, standing and history against every milestone, as of a date."""
    force = get_object_or_404(Force, slug=slug)
    if not access.may_see_force(request.user, force):
        raise Http404
    filterset = read_filters(request)
    selection = selection_or_none(filterset)
    template = "plans/force_detail.html"
    if selection is None:
        return render_bad_query(request, template, {"filterset": filterset, "force": force})
    as_of, known_on = selection.as_of, selection.known_on
    knowledge = progress.Knowledge(known_on)
    milestones = progress.milestones_as_known(
        Milestone.objects.for_forces().select_related("recommendation"), knowledge
    )
    standings = {
        s.milestone.pk: s
        for s in progress.standings(
            as_of, milestones=milestones, forces=[force], include_national=False, known_on=known_on
        )
    }
    records = newest_records(force, milestones, knowledge)
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
        for plan in ActionPlan.objects.for_force(force)
        .select_related("recommendation")
        .annotate(action_count=Count("actions"))
    }
    recommendations = [
        (recommendation, plans.get(recommendation.pk))
        for recommendation in Recommendation.objects.select_related("report")
    ]
    history = Paginator(
        HistoryEntry.objects.for_force(force)
        .known_on(knowledge.cutoff)
        .select_related("by")
        .order_by("-at", "-id"),
        HISTORY_PAGE_SIZE,
    ).get_page(request.GET.get("history_page"))
    grades = progress.grades_as_known([force], knowledge)[force.pk]
    return render(
        request,
        template,
        {
            "filterset": filterset,
            "force": force,
            "grades": [(label, Grade(grades[area]).label) for area, label in GRADED_AREAS.items()],
            "as_of": as_of,
            "known_on": known_on,
            "rows": rows,
            "scope_changes": progress.scope_changes(milestones, knowledge, forces=[force]),
            "recommendations": recommendations,
            "submissions": Submission.objects.for_force(force)
            .select_related("action_plan__recommendation", "milestone", "submitted_by")
            .order_by("-submitted_at"),
            "history": history,
            "can_edit": access.may_edit_force(request.user, force),
            "can_record": access.may_record_progress(request.user),
            "can_change_scope": access.may_change_scope(request.user),
        },
    )
