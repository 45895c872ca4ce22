import datetime
from functools import cached_property

from django.shortcuts import render
from django.views.decorators.http import require_safe

from forces.models import Force

from .. import progress
from ..models import Recommendation
from .common import read_filters, render_bad_query, selection_or_none
from .report_pages import item_or_404

TEMPLATE = "recommendations/recommendation_detail.html"
# The chart samples a fixed number of dates, so the page's query count stays constant.
CHART_POINTS = 8


def chart_dates(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    if end <= start:
        return [end]
    step = (end - start) / (CHART_POINTS - 1)
    return sorted({start + step * i for i in range(CHART_POINTS - 1)} | {end})


def chart_bars(chart) -> dict:
    """Bar positions for the SVG chart: one group per date, one bar per milestone."""
    bar, gap = 10, 12
    bars = []
    x = 0
    for _day, points in chart:
        for series, point in enumerate(points, start=1):
            height = point["percent"]
            bars.append(
                {"x": x, "y": 100 - height, "width": bar, "height": height, "series": series}
            )
            x += bar
        x += gap
    return {"width": max(x, 1), "bars": bars}


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
        # From the report's publication; when its date is not known, from a year before
        # its first deadline (or the as-of date).
        start = self.recommendation.report.published_on
        if start is None:
            dated = [m.due_on for m in self.milestones if m.due_on is not None]
            start = (min(dated) if dated else self.as_of) - datetime.timedelta(days=365)
        return chart_dates(start, self.as_of)

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
        chart = []
        for day in self.chart_days:
            at = self.at[day]
            points = []
            for milestone in self.force_milestones:
                mine = [s for s in at if s.milestone.pk == milestone.pk]
                met = sum(1 for s in mine if s.status == progress.Status.MET)
                points.append(
                    {
                        "met": met,
                        "in_scope": len(mine),
                        "percent": round(100 * met / len(mine)) if mine else 0,
                    }
                )
            chart.append((day, points))
        return chart

    @cached_property
    def chart_svg(self):
        return chart_bars(self.chart)


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
