"""A force's page: its grades, its standing from the rule, its plans and submissions, and
its change history. It sits in plans, the top of the domain layers, because it is the
one page that shows every layer's data; each part comes through a small, named
function of the app that owns it."""

from collections import Counter
from functools import cached_property

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from audit.models import HistoryEntry
from core import access
from core.paging import NextPrevious
from forces.models import Force, Grade, Inspection
from recommendations import catalogue, progress
from recommendations.models import Milestone, ProgressRecord, Report
from recommendations.views.common import render_as_of_page

from ..models import ActionPlan, Submission

HISTORY_PAGE_SIZE = 50
HISTORY_PER_MILESTONE = 10


@require_safe
def my_force(request):
    force_id = access.own_force_id(request.user)
    if force_id is None:
        messages.info(request, gettext("Only force liaisons have a force of their own."))
        return redirect("recommendations:dashboard")
    return redirect("plans:force", slug=request.user.force.slug)


class ForcePage:
    """Everything the force page shows, worked out only when its cached content is
    missing: the rule through `progress`, history through `audit`, plans from here.

    The force's standing is shown against every report's milestones; the progress
    history and action plans, for one report at a time (the one asked for, or the newest
    with a milestone still open for the force), so the page stays readable, and cheap to
    draw, however many reports are loaded."""

    def __init__(self, force: Force, selection, user, history_page):
        self.force = force
        self.as_of = selection.as_of
        self.known_on = selection.known_on
        self.knowledge = progress.Knowledge(self.known_on)
        self.asked_for: Report | None = selection.data.get("report")
        self.user = user
        self.history_page = history_page

    @cached_property
    def all_reports(self) -> tuple[Report, ...]:
        """Every report, newest first."""
        return catalogue.current().reports

    @cached_property
    def milestones(self) -> list[Milestone]:
        """Every report's milestones for forces, as known on the day, but those of items
        addressed to another force."""
        return progress.milestones_as_known(
            [
                m
                for m in catalogue.current().milestones
                if m.is_for_forces and m.recommendation.force_id in (None, self.force.pk)
            ],
            self.knowledge,
        )

    @cached_property
    def standings(self) -> dict[int, progress.Standing]:
        return {
            s.milestone.pk: s
            for s in progress.standings(
                self.as_of,
                milestones=self.milestones,
                forces=[self.force],
                include_national=False,
                known_on=self.known_on,
                changes=self.scope_changes,  # read once, for the rule and the page
            )
        }

    @cached_property
    def by_report(self) -> list[dict]:
        """Each report with milestones for the force, newest first: its milestones with
        the force's standing (None: out of scope) and how many are in each category."""
        mine: dict[int, list[Milestone]] = {}
        for milestone in self.milestones:
            mine.setdefault(milestone.recommendation.report_id, []).append(milestone)
        found = []
        for report in self.all_reports:
            if report.pk not in mine:
                continue
            rows = [(m, self.standings.get(m.pk)) for m in mine[report.pk]]
            counts = Counter(s.category for _m, s in rows if s is not None)
            found.append(
                {
                    "report": report,
                    "rows": rows,
                    "open": sum(counts[c] for c in ("not_started", "in_progress", "overdue")),
                    "overdue": counts["overdue"],
                    "met": counts["met"] + counts["met_late"],
                }
            )
        return found

    @cached_property
    def next_up(self) -> dict:
        """What the force's people need first: its overdue milestones, the next ones due
        (soonest first, every report's), and its submissions returned to it and awaiting
        an inspector. From what the page reads anyway: no query of its own."""
        open_ = [
            s
            for s in self.standings.values()
            if s.category in ("not_started", "in_progress", "overdue")
        ]
        overdue = sorted(
            (s for s in open_ if s.is_overdue), key=lambda s: progress.due_order(s.milestone)
        )
        due = sorted(
            (s for s in open_ if not s.is_overdue and s.milestone.due_on is not None),
            key=lambda s: (s.milestone.due_on, s.milestone.code),
        )
        return {
            "overdue": overdue,
            "due": due[:3],
            "returned": [s for s in self.submissions if s.state == Submission.State.RETURNED],
            "awaiting": [s for s in self.submissions if s.state == Submission.State.AWAITING],
        }

    @cached_property
    def reports(self) -> list[Report]:
        return [group["report"] for group in self.by_report]

    @cached_property
    def report(self) -> Report | None:
        """The report whose history and plans are shown: the one asked for; else the
        newest with a milestone the force has not yet met (or found not to apply); else
        the newest with milestones for the force."""
        if self.asked_for is not None:
            return self.asked_for
        for group in self.by_report:
            if group["open"]:
                return group["report"]
        return self.reports[0] if self.reports else None

    @cached_property
    def rows(self):
        """The chosen report's milestones, with the force's standing and newest records."""
        if self.report is None:
            return []
        milestones = [m for m in self.milestones if m.recommendation.report_id == self.report.pk]
        records = ProgressRecord.objects.newest_for_force(
            self.force,
            milestones,
            entered_before=self.knowledge.cutoff,
            per_milestone=HISTORY_PER_MILESTONE + 1,  # one more, to know there are earlier ones
        )
        rows = []
        for milestone in milestones:
            mine = records.get(milestone.pk, [])
            rows.append(
                {
                    "milestone": milestone,
                    "standing": self.standings.get(milestone.pk),
                    "records": mine[:HISTORY_PER_MILESTONE],
                    "earlier": len(mine) > HISTORY_PER_MILESTONE,
                }
            )
        return rows

    @cached_property
    def grades(self) -> list[tuple[Inspection, list[tuple[str, str]]]]:
        """The force's grade in each area of each inspection, as known on the day: newest
        inspection first, areas in the inspection's order."""
        held = catalogue.current()
        areas = sorted(
            (
                held.areas[area_id]
                for force_id, area_id, _grade in held.judgments
                if force_id == self.force.pk
            ),
            key=lambda area: (-area.inspection_id, area.position),
        )
        known = progress.grades_as_known([self.force], [area.pk for area in areas], self.knowledge)[
            self.force.pk
        ]
        by_inspection: dict[Inspection, list[tuple[str, str]]] = {}
        for area in areas:
            grade = known.get(area.pk)
            by_inspection.setdefault(area.inspection, []).append(
                (area.name, Grade(grade).label if grade else gettext("Not graded"))
            )
        return list(by_inspection.items())

    @cached_property
    def scope_changes(self):
        return progress.scope_changes(self.milestones, self.knowledge, forces=[self.force])

    @cached_property
    def recommendations(self):
        """The chosen report's items the force can plan for (those with milestones for
        forces, not addressed to another force), each with the force's plan if any."""
        if self.report is None:
            return []
        # The items of the report's milestones, in the report's order (Recommendation's).
        items = {
            m.recommendation_id: m.recommendation
            for m in self.milestones
            if m.recommendation.report_id == self.report.pk
        }
        plans = {
            plan.recommendation_id: plan
            for plan in ActionPlan.objects.for_force(self.force)
            .filter(recommendation__in=list(items))
            .annotate(action_count=Count("actions"))
        }
        return [
            (item, plans.get(item.pk))
            for item in sorted(items.values(), key=lambda item: (item.kind, item.number))
        ]

    @cached_property
    def submissions(self):
        """The force's submissions, newest first, each with its plan's item and the
        milestone it says is met (from the catalogue, not read again)."""
        held = catalogue.current()
        items = {m.recommendation_id: m.recommendation for m in held.milestones}
        found = list(
            Submission.objects.for_force(self.force)
            .select_related("action_plan", "submitted_by")
            .order_by("-submitted_at")
        )
        for submission in found:
            plan = submission.action_plan
            if plan.recommendation_id in items:
                plan.recommendation = items[plan.recommendation_id]
            if submission.milestone_id in held.milestone_by_id:
                submission.milestone = held.milestone_by_id[submission.milestone_id]
        return found

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
    force = next((f for f in catalogue.current().forces if f.slug == slug), None)
    if force is None or not access.may_see_force(request.user, force):
        raise Http404
    return render_as_of_page(
        request,
        "plans/force_detail.html",
        lambda selection: {
            "page": ForcePage(force, selection, request.user, request.GET.get("history_page")),
            "can_edit": access.may_edit_force(request.user, force),
            "can_record": access.may_record_progress(request.user),
            "can_change_scope": access.may_change_scope(request.user),
        },
        {"force": force},
    )
