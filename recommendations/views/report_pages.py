"""Reports across inspection cycles: the list of reports, each report's items, where
each force stands on every report, recommendations made again, and loading a report."""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from core import access
from core.caching import remember
from forces.models import Force

from .. import follow_ups, progress
from ..forms import LoadReportForm
from ..loader import load_report
from ..models import Milestone, Recommendation, Report
from ..report_files import FileRefused
from ..selection import Selection
from .common import render_as_of_page

ITEM_ADDRESS = re.compile(r"(recommendation|cause-of-concern|area-for-improvement)-([0-9]{1,5})")


def item_or_404(report_slug: str, address: str) -> Recommendation:
    found = ITEM_ADDRESS.fullmatch(address)
    if found is None:
        raise Http404
    return get_object_or_404(
        Recommendation.objects.select_related("report", "force"),
        report__slug=report_slug,
        kind=found.group(1).replace("-", "_"),
        number=int(found.group(2)),
    )


# ---------------------------------------------------------------------------
# Every report


# How many of each kind a report asks: one message a kind, for Welsh counts its nouns
# in its own way.
HOW_MANY = {
    "recommendation": lambda count: ngettext(
        "%(count)s recommendation", "%(count)s recommendations", count
    ),
    "cause_of_concern": lambda count: ngettext(
        "%(count)s cause of concern", "%(count)s causes of concern", count
    ),
    "area_for_improvement": lambda count: ngettext(
        "%(count)s area for improvement", "%(count)s areas for improvement", count
    ),
}


def how_many(count: int, kind: str) -> str:
    """3 recommendations, 1 cause of concern, 13 areas for improvement."""
    return HOW_MANY[kind](count) % {"count": count}


class ReportsPage:
    """Each report with its counts as of the date: worked out only when not cached."""

    def __init__(self, selection: Selection) -> None:
        self.selection = selection

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        reports = list(Report.objects.newest_first().select_related("inspection"))
        items = Counter(Recommendation.objects.values_list("report_id", "kind").order_by())
        milestones = list(Milestone.objects.for_the_rule())
        standings = progress.standings(
            self.selection.as_of, milestones=milestones, known_on=self.selection.known_on
        )
        by_report: dict[int, Counter[str]] = {}
        for standing in standings:
            by_report.setdefault(standing.milestone.recommendation.report_id, Counter())[
                standing.category
            ] += 1
        counted = Counter(m.recommendation.report_id for m in milestones)
        return [
            {
                "report": report,
                "kinds": [
                    how_many(items[(report.pk, kind)], kind)
                    for kind in Recommendation.Kind.values
                    if items[(report.pk, kind)]
                ],
                "milestones": counted[report.pk],
                "counts": by_report.get(report.pk, Counter()),
            }
            for report in reports
        ]


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    """Every report loaded, newest first, with what it asks and where it stands."""
    return render_as_of_page(
        request,
        "recommendations/report_list.html",
        lambda selection: {
            "page": ReportsPage(selection),
            "may_load": access.LOAD_REPORTS(request.user),
        },
    )


# ---------------------------------------------------------------------------
# One report


class ReportPage:
    """A report's items with their milestones and counts as of the date."""

    def __init__(self, report: Report, selection: Selection) -> None:
        self.report = report
        self.selection = selection

    @cached_property
    def items(self) -> list[dict[str, Any]]:
        milestones = progress.milestones_as_known(
            Milestone.objects.for_the_rule().of_report(self.report),
            progress.Knowledge(self.selection.known_on),
        )
        standings = progress.standings(
            self.selection.as_of, milestones=milestones, known_on=self.selection.known_on
        )
        counts = progress.totals(standings)
        none: Counter[str] = Counter()
        items = self.report.recommendations.select_related("force").prefetch_related(
            "follows_up__report", "followed_up_by__report"
        )
        by_item: dict[int, list[Milestone]] = {}
        for milestone in milestones:
            by_item.setdefault(milestone.recommendation_id, []).append(milestone)
        return [
            {
                "item": item,
                "milestones": [
                    (
                        m,
                        [
                            (key, label, counts.get(m.pk, none)[key])
                            for key, label in progress.CATEGORIES_OVERDUE_FIRST.items()
                        ],
                        sum(counts.get(m.pk, none).values()),
                    )
                    for m in by_item.get(item.pk, [])
                ],
            }
            for item in items
        ]


@require_safe
def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("inspection"), slug=slug)
    return render_as_of_page(
        request,
        "recommendations/report_detail.html",
        lambda selection: {
            "page": ReportPage(report, selection),
            "categories": progress.CATEGORIES_OVERDUE_FIRST,
        },
        {"report": report},
    )


def legacy_recommendation(request: HttpRequest, report: str, number: int) -> HttpResponse:
    """The address recommendations had when peeltrack tracked one report's alone."""
    item = get_object_or_404(
        Recommendation.objects.select_related("report"),
        report__slug=report,
        kind=Recommendation.Kind.RECOMMENDATION,
        number=number,
    )
    query = request.META.get("QUERY_STRING", "")
    return redirect(item.get_absolute_url() + (f"?{query}" if query else ""), permanent=True)


# ---------------------------------------------------------------------------
# Where each force stands on every report


class NationalPicture:
    """Per force, and per report, how many of its milestones are open, overdue and met."""

    KEYS = ("open", "overdue", "met")

    def __init__(self, selection: Selection) -> None:
        self.selection = selection

    @cached_property
    def reports(self) -> list[Report]:
        return list(
            Report.objects.newest_first()
            .filter(recommendations__milestones__owner="forces")
            .distinct()
        )

    @cached_property
    def rows(self) -> list[tuple[Force, list[dict[str, int]]]]:
        milestones = list(
            Milestone.objects.for_forces()
            .for_the_rule()
            .filter(recommendation__report__in=self.reports)
        )
        forces = self.selection.forces
        standings = progress.standings(
            self.selection.as_of,
            milestones=milestones,
            forces=forces,
            include_national=False,
            known_on=self.selection.known_on,
        )
        counts: dict[tuple[int, int], Counter[str]] = {}
        for standing in standings:
            assert standing.force is not None
            key = (standing.force.pk, standing.milestone.recommendation.report_id)
            bucket = counts.setdefault(key, Counter())
            if standing.is_overdue:
                bucket["overdue"] += 1
            elif standing.status in progress.DONE_STATUSES:
                bucket["met"] += 1
            if standing.status not in progress.DONE_STATUSES:
                bucket["open"] += 1
        return [
            (force, [dict(counts.get((force.pk, report.pk), Counter())) for report in self.reports])
            for force in forces
        ]


@require_safe
def national_picture(request: HttpRequest) -> HttpResponse:
    return render_as_of_page(
        request,
        "recommendations/national_picture.html",
        lambda selection: {"page": NationalPicture(selection)},
    )


# ---------------------------------------------------------------------------
# Recommendations made again


@require_safe
def repeated(request: HttpRequest) -> HttpResponse:
    """Items made again while an earlier item is still not met, nationally or for forces."""

    def page(selection: Selection) -> dict[str, Any]:
        chosen = selection.data.get("force") or None
        rows = remember(
            request,
            "repeated",
            lambda: follow_ups.repeated(
                selection.as_of, known_on=selection.known_on, forces=chosen
            ),
            request.get_full_path(),
        )
        return {"rows": rows, "forces": chosen}

    return render_as_of_page(request, "recommendations/repeated.html", page)


# ---------------------------------------------------------------------------
# Loading a report


@require_http_methods(["GET", "POST"])
def load(request: HttpRequest) -> HttpResponse:
    """An inspector loads a report from its file (or checks it first, writing nothing)."""
    access.LOAD_REPORTS.require(request.user)
    form = LoadReportForm(request.POST or None, request.FILES or None)
    status = 200
    outcome = None
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                outcome = load_report(
                    upload.read(),
                    name=upload.name or "",
                    by=request.user,  # type: ignore[arg-type]
                    dry_run=form.cleaned_data["check_only"],
                )
            except FileRefused as refused:
                form.add_error("file", gettext("The file cannot be loaded: nothing was written"))
                return render(
                    request,
                    "recommendations/load_report.html",
                    {"form": form, "problems": refused.messages},
                    status=400,
                )
            if outcome.written:
                messages.success(request, outcome.summary[0])
                return redirect("recommendations:report", slug=outcome.report_slug)
        else:
            status = 400
    return render(
        request,
        "recommendations/load_report.html",
        {"form": form, "outcome": outcome},
        status=status,
    )
