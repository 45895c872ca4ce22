"""The reference data every page reads, held in memory while it is unchanged.

Every page, export and API read of the as-of rule starts from the same things: the
reports, their items and milestones (with their owners and scopes), the forces, the
inspections' grades, and the reasoned changes to due dates, scopes and grades. They
change when an inspector loads a report or records such a change, and otherwise not
at all; read from the database on every request they cost more than the rule itself.

So each process keeps the last catalogue it read, under the token the database gives
reference data (audit.reference: renewed by a trigger on every change, by any door).
A request reads the token (one indexed row) and uses the catalogue it holds if the
token is the same, or reads a new one. The catalogue is only ever read: its instances
are shared by every request of the process, and nothing may change them (copy first,
as progress.milestones_as_known does). Progress records, plans and everything else
people change day to day are never held here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.core.signals import request_finished, request_started

from audit.history import reference_token, written
from forces.models import Force, InspectionArea, Judgment

from .models import (
    DueDateChange,
    GradeCorrection,
    Milestone,
    Report,
    ScopeChange,
    listed_forces_prefetch,
)


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Reference data as it was under one token."""

    token: str | None
    # Newest first (Report.objects.newest_first()).
    reports: tuple[Report, ...]
    # In Milestone's order, each with its item, the item's report (one instance per
    # report, shared), its national body, its scope's area and inspection, and the
    # forces a listed scope names (`listed_forces`): all the rule and the pages read.
    milestones: tuple[Milestone, ...]
    forces: tuple[Force, ...]
    # Every inspection's areas, with their inspection, by id.
    areas: dict[int, InspectionArea]
    # (force id, area id, grade) now: the judgments.
    judgments: tuple[tuple[int, int, str], ...]
    # In the order they were entered (recorded_at, id).
    grade_corrections: tuple[GradeCorrection, ...]
    due_date_changes: tuple[DueDateChange, ...]
    # In the order they take effect (effective_on, id), each with its milestone.
    scope_changes: tuple[ScopeChange, ...]
    milestone_by_id: dict[int, Milestone] = field(repr=False)

    def milestones_of(self, report: Report | int | None) -> list[Milestone]:
        """The report's milestones (every report's, for None), in Milestone's order."""
        if report is None:
            return list(self.milestones)
        pk = report if isinstance(report, int) else report.pk
        return [m for m in self.milestones if m.recommendation.report_id == pk]


def read(token: str | None) -> Catalogue:
    """Reference data from the database: nine queries, whatever its size."""
    reports = list(Report.objects.newest_first().select_related("inspection"))
    by_id = {report.pk: report for report in reports}
    milestones = list(
        Milestone.objects.select_related(
            "recommendation", "national_body", "scope_area__inspection"
        ).prefetch_related(listed_forces_prefetch())
    )
    for milestone in milestones:
        # One instance per report, not a copy for each of its milestones.
        milestone.recommendation.report = by_id[milestone.recommendation.report_id]
    milestone_by_id = {m.pk: m for m in milestones}
    scope_changes = list(ScopeChange.objects.order_by("effective_on", "id"))
    for change in scope_changes:
        change.milestone = milestone_by_id[change.milestone_id]
    return Catalogue(
        token=token,
        reports=tuple(reports),
        milestones=tuple(milestones),
        forces=tuple(Force.objects.all()),
        areas={area.pk: area for area in InspectionArea.objects.select_related("inspection")},
        judgments=tuple(Judgment.objects.values_list("force_id", "area_id", "grade")),
        grade_corrections=tuple(GradeCorrection.objects.order_by("recorded_at", "id")),
        due_date_changes=tuple(DueDateChange.objects.order_by("recorded_at", "id")),
        scope_changes=tuple(scope_changes),
        milestone_by_id=milestone_by_id,
    )


class _Request(threading.local):
    """This thread's request: whether one is under way, and the catalogue it first asked
    for (both cleared when a request starts and ends, and after a write)."""

    active = False
    catalogue: Catalogue | None = None


_request = _Request()
_latest: Catalogue | None = None  # the process's, shared by its threads


def current() -> Catalogue:
    """The catalogue as the database holds it now; within a request, the one the
    request first asked for (a request reads the token once)."""
    global _latest
    if _request.catalogue is not None:
        return _request.catalogue
    token = reference_token()
    latest = _latest
    if latest is not None and token is not None and latest.token == token:
        found = latest
    else:
        found = read(token)
        # Kept only if no change committed while it was read: the token would differ
        # (a new one every time), so an unchanged token means every query saw it.
        if token is not None and reference_token() == token:
            _latest = found
    if _request.active:
        _request.catalogue = found
    return found


def _request_started(**kwargs: object) -> None:
    _request.catalogue = None
    _request.active = True


def _request_finished(**kwargs: object) -> None:
    _request.catalogue = None
    _request.active = False


def _written(**kwargs: object) -> None:
    _request.catalogue = None


written.connect(_written, dispatch_uid="catalogue_written")
request_started.connect(_request_started, dispatch_uid="catalogue_request_started")
request_finished.connect(_request_finished, dispatch_uid="catalogue_request_finished")
