"""A force's page: its grades, its standing from the rule, its plans and submissions, and
its change history. It sits in plans, the top of the domain layers, because it is the
one page that shows every layer's data; each part comes through a small, named
function of the app that owns it."""

from functools import cached_property

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from audit.models import HistoryEntry
from core import access
from core.paging import NextPrevious
from forces.models import Force, Grade, Inspection, InspectionArea
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


class ForcePage:
    """Everything the force page shows, worked out only when its cached content is
    missing: the rule through `progress`, history through `audit`, plans from here."""

    def __init__(self, force: Force, selection, user, history_page):
        self.force = force
        self.as_of = selection.as_of
        self.known_on = selection.known_on
        self.knowledge = progress.Knowledge(self.known_on)
        self.user = user
        self.history_page = history_page

    @cached_property
    def milestones(self):
        return progress.milestones_as_known(
            Milestone.objects.for_forces().for_the_rule(), self.knowledge
        )

    @cached_property
    def rows(self):
        standings = {
            s.milestone.pk: s
            for s in progress.standings(
                self.as_of,
                milestones=self.milestones,
                forces=[self.force],
                include_national=False,
                known_on=self.known_on,
            )
        }
        records = ProgressRecord.objects.newest_for_force(
            self.force,
            self.milestones,
            entered_before=self.knowledge.cutoff,
            per_milestone=HISTORY_PER_MILESTONE + 1,  # one more, to know there are earlier ones
        )
        rows = []
        for milestone in self.milestones:
            mine = records.get(milestone.pk, [])
            rows.append(
                {
                    "milestone": milestone,
                    "standing": standings.get(milestone.pk),
                    "records": mine[:HISTORY_PER_MILESTONE],
                    "earlier": len(mine) > HISTORY_PER_MILESTONE,
                }
            )
        return rows

    @cached_property
    def grades(self) -> list[tuple[Inspection, list[tuple[str, str]]]]:
        """The force's grade in each area of each inspection, as known on the day."""
        areas = list(
            InspectionArea.objects.filter(judgments__force=self.force)
            .select_related("inspection")
            .order_by("-inspection_id", "position")
        )
        known = progress.grades_as_known([self.force], [area.pk for area in areas], self.knowledge)[
            self.force.pk
        ]
        by_inspection: dict[Inspection, list[tuple[str, str]]] = {}
        for area in areas:
            grade = known.get(area.pk)
            by_inspection.setdefault(area.inspection, []).append(
                (area.name, Grade(grade).label if grade else "Not graded")
            )
        return list(by_inspection.items())

    @cached_property
    def scope_changes(self):
        return progress.scope_changes(self.milestones, self.knowledge, forces=[self.force])

    @cached_property
    def recommendations(self):
        plans = {
            plan.recommendation_id: plan
            for plan in ActionPlan.objects.for_force(self.force)
            .select_related("recommendation")
            .annotate(action_count=Count("actions"))
        }
        return [
            (recommendation, plans.get(recommendation.pk))
            for recommendation in Recommendation.objects.select_related("report")
        ]

    @cached_property
    def submissions(self):
        return list(
            Submission.objects.for_force(self.force)
            .select_related("action_plan__recommendation", "milestone", "submitted_by")
            .order_by("-submitted_at")
        )

    @cached_property
    def history(self):
        return NextPrevious(
            HistoryEntry.objects.for_force(self.force)
            .known_on(self.knowledge.cutoff)
            .select_related("by")
            .order_by("-at", "-id"),
            self.history_page,
            HISTORY_PAGE_SIZE,
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
    return render(
        request,
        template,
        {
            "filterset": filterset,
            "force": force,
            "as_of": selection.as_of,
            "known_on": selection.known_on,
            "page": ForcePage(force, selection, request.user, request.GET.get("history_page")),
            "can_edit": access.may_edit_force(request.user, force),
            "can_record": access.may_record_progress(request.user),
            "can_change_scope": access.may_change_scope(request.user),
        },
    )
