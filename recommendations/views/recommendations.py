from functools import cached_property

from django.shortcuts import render
from django.views.decorators.http import require_safe

from forces.models import Force

from .. import charts, progress
from ..models import Recommendation
from .common import read_filters, render_bad_query, selection_or_none
from .report_pages import item_or_404

TEMPLATE = "recommendations/recommendation_detail.html"


class RecommendationPage:
    """One recommendation's milestones as of a date and over time. Worked out only when
    the page's cached content is missing, with one run of the rule for every date."""

    def __init__(self, recommendation: Recommendation, as_of, known_on):
        self.recommendation = recommendation
        self.as_of = as_of
        self.known_on = known_on

    @cached_property
    def milestones(self):
        return progress.milestones_as_known(
            self.recommendation.milestones.for_the_rule(),
            progress.Knowledge(self.known_on),
        )

    @cached_property
    def force_milestones(self):
        return [m for m in self.milestones if m.is_for_forces]

    @cached_property
    def chart_days(self):
        start = charts.start_of(self.recommendation.report, self.milestones, self.as_of)
        return charts.chart_dates(start, self.as_of)

    @cached_property
    def at(self) -> dict:
        return progress.standings_at(
            {self.as_of, *self.chart_days},
            milestones=self.milestones,
            forces=list(Force.objects.all()),
            known_on=self.known_on,
        )

    @cached_property
    def sections(self):
        standings = self.at[self.as_of]
        counts = progress.totals(standings)
        sections = []
        for milestone in self.milestones:
            mine = [s for s in standings if s.milestone.pk == milestone.pk]
            by_category = [
                (key, label, [s for s in mine if s.category == key])
                for key, label in progress.CATEGORIES_OVERDUE_FIRST.items()
            ]
            sections.append(
                {
                    "milestone": milestone,
                    "standings": mine,
                    "by_category": [c for c in by_category if c[2]],
                    "counts": counts.get(milestone.pk, {}),
                    "in_scope": len(mine),
                }
            )
        return sections

    @cached_property
    def chart(self):
        return charts.met_over_time(self.at, self.chart_days, self.force_milestones)

    @cached_property
    def chart_svg(self):
        return charts.chart_bars(self.chart)


@require_safe
def recommendation_detail(request, report, item):
    """An item of a report: its text, where it comes from, what it follows up and what
    follows it up, and its milestones as of a date and over time."""
    recommendation = item_or_404(report, item)
    filterset = read_filters(request)
    selection = selection_or_none(filterset)
    if selection is None:
        return render_bad_query(
            request, TEMPLATE, {"filterset": filterset, "recommendation": recommendation}
        )
    return render(
        request,
        TEMPLATE,
        {
            "filterset": filterset,
            "recommendation": recommendation,
            "follows_up": recommendation.follows_up.select_related("report"),
            "followed_up_by": recommendation.followed_up_by.select_related("report"),
            "as_of": selection.as_of,
            "known_on": selection.known_on,
            "page": RecommendationPage(recommendation, selection.as_of, selection.known_on),
            "categories": progress.CATEGORIES_OVERDUE_FIRST,
        },
    )
