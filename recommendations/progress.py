"""The as-of and overdue rule: where every page, export, command and API endpoint
learns the status of a milestone for a force or national body on a given date.

The rule, from the report's deadlines:

* The status of an owner (a force in the milestone's scope, or the national body that
  owns it) as of date D is the latest progress record that took effect on or before D.
  Ties on one effective date go to the record entered last. A record that has been
  corrected no longer counts; its correction counts from its own effective date.
  No record means "not started".
* A force is in a milestone's scope as of D by the milestone's default scope, unless a
  scope change took effect on or before D; the latest such change wins.
* Overdue as of D: D is after the due date and the status is neither met nor not
  applicable. Days overdue = D − due date.
* Met late: met, but the record that made it met (the first met record since the last
  record that was not met) took effect after the due date. Never overdue.
* Due soon: not met and not applicable, and due on or after D within the configured
  number of days (PEELTRACK_DUE_SOON_DAYS, 30 by default).
* "Today" is the date in Europe/London.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from forces.models import Force, NationalBody

from .models import Milestone, ProgressRecord, ScopeChange

Status = ProgressRecord.Status
DONE_STATUSES = frozenset({Status.MET, Status.NOT_APPLICABLE})


def today() -> datetime.date:
    """Today in the inspectorate's time zone (settings.TIME_ZONE, Europe/London)."""
    return timezone.localdate()


def due_soon_days() -> int:
    return settings.PEELTRACK_DUE_SOON_DAYS


@dataclass(frozen=True)
class Standing:
    """Where one owner stands against one milestone as of a date."""

    milestone: Milestone
    force: Force | None
    national_body: NationalBody | None
    as_of: datetime.date
    status: str
    record: ProgressRecord | None
    met_on: datetime.date | None = None

    @property
    def owner(self) -> Force | NationalBody:
        return self.force or self.national_body

    @property
    def owner_slug(self) -> str:
        return self.owner.slug

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_overdue(self) -> bool:
        return self.as_of > self.milestone.due_on and self.status not in DONE_STATUSES

    @property
    def days_overdue(self) -> int:
        return (self.as_of - self.milestone.due_on).days if self.is_overdue else 0

    @property
    def is_met_late(self) -> bool:
        return (
            self.status == Status.MET
            and self.met_on is not None
            and self.met_on > self.milestone.due_on
        )

    @property
    def is_due_soon(self) -> bool:
        if self.status in DONE_STATUSES:
            return False
        horizon = self.as_of + datetime.timedelta(days=due_soon_days())
        return self.as_of <= self.milestone.due_on <= horizon

    @property
    def category(self) -> str:
        """The single bucket this standing is counted in on totals and filters."""
        if self.is_overdue:
            return "overdue"
        if self.is_met_late:
            return "met_late"
        return self.status


CATEGORIES = {
    "met": "Met",
    "met_late": "Met late",
    "in_progress": "In progress",
    "not_started": "Not started",
    "overdue": "Overdue",
    "not_applicable": "Not applicable",
}


def _owner_key(milestone_id: int, force_id: int | None, body_id: int | None):
    return (milestone_id, force_id, body_id)


def latest_records(
    as_of: datetime.date, milestones: Iterable[Milestone]
) -> dict[tuple, ProgressRecord]:
    """The record in force as of `as_of` for every owner of the given milestones.

    Three queries whatever the number of records: a window over the records on or
    before the date picks the latest per (milestone, force, national body); two plain
    scans find when each owner's current run of "met" began, for the met-late rule.
    Correlated subqueries per row would be simpler to write but scale with the square
    of the history (measured by the benchmark command: seconds at a few thousand rows).
    """
    milestone_ids = [m.pk for m in milestones]
    if not milestone_ids:
        return {}
    counting = ProgressRecord.objects.filter(
        milestone_id__in=milestone_ids, effective_on__lte=as_of, corrected_by__isnull=True
    )
    latest = (
        counting.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("milestone_id"), F("force_id"), F("national_body_id")],
                order_by=[F("effective_on").desc(), F("id").desc()],
            )
        )
        .filter(position=1)
        .select_related("recorded_by")
    )
    found = {_owner_key(r.milestone_id, r.force_id, r.national_body_id): r for r in latest}

    keys = ("milestone_id", "force_id", "national_body_id")
    last_not_met = {
        tuple(row[:3]): row[3]
        for row in counting.exclude(status=Status.MET)
        .values(*keys)
        .annotate(last=Max("effective_on"))
        .values_list(*keys, "last")
        .order_by()
    }
    met_since: dict[tuple, datetime.date] = {}
    for *key, effective_on in (
        counting.filter(status=Status.MET).values_list(*keys, "effective_on").order_by()
    ):
        key = tuple(key)
        boundary = last_not_met.get(key)
        # A met record on the same day as the last unmet one only counts if it won the
        # tie, and then the owner is met from that day.
        if (boundary is None or effective_on >= boundary) and (
            key not in met_since or effective_on < met_since[key]
        ):
            met_since[key] = effective_on
    for key, record in found.items():
        record.met_since = met_since.get(key)
    return found


def scope_as_of(
    as_of: datetime.date, milestones: Iterable[Milestone], forces: Iterable[Force]
) -> set[tuple[int, int]]:
    """(milestone id, force id) pairs in scope as of the date, for force milestones."""
    force_milestones = [m for m in milestones if m.is_for_forces]
    changes = (
        ScopeChange.objects.filter(
            milestone_id__in=[m.pk for m in force_milestones], effective_on__lte=as_of
        )
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("milestone_id"), F("force_id")],
                order_by=[F("effective_on").desc(), F("id").desc()],
            )
        )
        .filter(position=1)
        .values_list("milestone_id", "force_id", "in_scope")
    )
    overrides = {(m, f): in_scope for m, f, in_scope in changes}
    return {
        (milestone.pk, force.pk)
        for milestone in force_milestones
        for force in forces
        if overrides.get((milestone.pk, force.pk), milestone.in_default_scope(force))
    }


def standings(
    as_of: datetime.date,
    *,
    milestones: Iterable[Milestone] | None = None,
    forces: Iterable[Force] | None = None,
    include_national: bool = True,
) -> list[Standing]:
    """Every in-scope owner's standing against the milestones as of the date.

    Forces out of a milestone's scope on that date are left out. National milestones
    are included for their owning body unless include_national is false. A constant
    number of queries whatever the number of forces, milestones and records.
    """
    if milestones is None:
        milestones = Milestone.objects.select_related("recommendation", "national_body")
    milestones = list(milestones)
    forces = list(Force.objects.all() if forces is None else forces)
    in_scope = scope_as_of(as_of, milestones, forces)
    records = latest_records(as_of, milestones)

    result = []
    for milestone in milestones:
        if milestone.is_for_forces:
            owners = [(f, None) for f in forces if (milestone.pk, f.pk) in in_scope]
        elif include_national:
            owners = [(None, milestone.national_body)]
        else:
            owners = []
        for force, body in owners:
            record = records.get(
                _owner_key(milestone.pk, force.pk if force else None, body.pk if body else None)
            )
            status = record.status if record else Status.NOT_STARTED
            result.append(
                Standing(
                    milestone=milestone,
                    force=force,
                    national_body=body,
                    as_of=as_of,
                    status=status,
                    record=record,
                    met_on=record.met_since if record and status == Status.MET else None,
                )
            )
    return result


def overdue(as_of: datetime.date, **filters) -> list[Standing]:
    """Owners overdue as of the date, by due date, then force (or body) slug, then code."""
    rows = [s for s in standings(as_of, **filters) if s.is_overdue]
    rows.sort(key=lambda s: (s.milestone.due_on, s.owner_slug, s.milestone.code))
    return rows


def totals(rows: Iterable[Standing]) -> dict[int, Counter]:
    """Per milestone id, how many owners fall in each category (see CATEGORIES)."""
    counts: dict[int, Counter] = {}
    for standing in rows:
        counts.setdefault(standing.milestone.pk, Counter())[standing.category] += 1
    return counts
