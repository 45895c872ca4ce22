"""Met over time: how many owners in scope had met each milestone on a few dates, for a
chart and the table that says the same in words (a chart alone is not accessible).

The dates are a fixed number, so a page's query count stays constant whatever the span."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TypedDict

from . import progress
from .models import Milestone, Report

CHART_POINTS = 8


class Point(TypedDict):
    met: int
    in_scope: int
    percent: int


type Chart = list[tuple[datetime.date, list[Point]]]


def chart_dates(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    if end <= start:
        return [end]
    step = (end - start) / (CHART_POINTS - 1)
    return sorted({start + step * i for i in range(CHART_POINTS - 1)} | {end})


def start_of(
    report: Report, milestones: Iterable[Milestone], as_of: datetime.date
) -> datetime.date:
    """From the report's publication; when its date is not known, from a year before its
    first deadline (or the as-of date)."""
    if report.published_on is not None:
        return report.published_on
    dated = [m.due_on for m in milestones if m.due_on is not None]
    return (min(dated) if dated else as_of) - datetime.timedelta(days=365)


def met_over_time(
    at: dict[datetime.date, list[progress.Standing]],
    days: Sequence[datetime.date],
    milestones: Sequence[Milestone],
) -> Chart:
    """For each day, each milestone's owners in scope and how many had met it (on time
    or late)."""
    chart: Chart = []
    for day in days:
        by_milestone: dict[int, list[progress.Standing]] = {}
        for standing in at[day]:
            by_milestone.setdefault(standing.milestone.pk, []).append(standing)
        points: list[Point] = []
        for milestone in milestones:
            mine = by_milestone.get(milestone.pk, [])
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


def chart_bars(chart: Chart) -> dict[str, object]:
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


class Total(TypedDict):
    day: datetime.date
    met: int
    in_scope: int
    percent: int


def totals(chart: Chart) -> list[Total]:
    """Each day's milestones taken together: how many of the owners' milestones in scope
    had been met. A report may have a dozen milestones; one bar a day reads at a glance."""
    found: list[Total] = []
    for day, points in chart:
        met = sum(point["met"] for point in points)
        in_scope = sum(point["in_scope"] for point in points)
        found.append(
            {
                "day": day,
                "met": met,
                "in_scope": in_scope,
                "percent": round(100 * met / in_scope) if in_scope else 0,
            }
        )
    return found


def total_bars(found: Sequence[Total]) -> dict[str, object]:
    """One bar a day, each centred in an equal share of the width, so the labels set out
    beneath in as many equal columns stand under their bars."""
    share, bar = 20, 12
    bars = [
        {
            "x": i * share + (share - bar) / 2,
            "y": 100 - total["percent"],
            "width": bar,
            "height": total["percent"],
            "series": 1,
        }
        for i, total in enumerate(found)
    ]
    return {"width": max(share * len(found), 1), "bars": bars}
