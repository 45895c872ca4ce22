"""The as-of and overdue rule: where every page, export, command and API endpoint
learns the status of a milestone for a force or national body on a given date, as it
was known on a given day.

The rule, from the report's deadlines:

* The status of an owner (a force in the milestone's scope, or the national body that
  owns it) as of date D is the latest progress record that took effect on or before D,
  in the order (effective date, order of entry): ties on one effective date go to the
  record entered last. A record that has been corrected no longer counts; its
  correction counts from its own effective date. No record means "not started".
* A force is in a milestone's scope as of D by the report's own scope (every force; the
  forces it names; or the forces an inspection graded so in an area, by the grade as
  then known), unless a scope change took effect on or before D; the latest such
  change wins.
* Overdue as of D: D is after the due date and the status is neither met nor not
  applicable. Days overdue = D − due date. A milestone with no due date ("as soon as
  possible") is tracked but never overdue, due soon or met late.
* Met late: met, but the current run of "met" began after the due date. The run
  begins with the first met record, in the same (effective date, order of entry)
  order, after the last record that was not met. Never overdue.
* Escalated: overdue for more than the configured number of days
  (PEELTRACK_ESCALATE_AFTER_DAYS, 60 by default).
* Due soon: not met and not applicable, and due on or after D within the configured
  number of days (PEELTRACK_DUE_SOON_DAYS, 30 by default).
* As known on day K: only what had been entered by the end of K (UK time) counts —
  progress records, corrections, scope changes, due date changes and grade
  corrections entered later are left out, so a report produced on K can be produced
  again, identically, at any later time. Without K, everything entered so far counts.
* "Today" is the date in Europe/London.

Cost does not grow with the depth of history: the latest record per owner, and the
start of its current run of "met", are each found by an index lookup per owner on
(milestone, owner, effective date, id), in one query for every owner at once.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypedDict, Unpack, overload

from django.conf import settings
from django.db import connection
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_noop

from core.dates import end_of_day, today
from forces.models import Force, NationalBody

from . import catalogue
from .models import (
    Milestone,
    ProgressRecord,
    ScopeChange,
    listed_forces_prefetch,
)

Status = ProgressRecord.Status
DONE_STATUSES = frozenset({Status.MET, Status.NOT_APPLICABLE})

# The labels are English everywhere they are data (files, the API); a page translates
# them as it shows them ({% translate label %}), so they are marked here, not translated.
CATEGORIES = {
    "met": gettext_noop("Met"),
    "met_late": gettext_noop("Met late"),
    "in_progress": gettext_noop("In progress"),
    "not_started": gettext_noop("Not started"),
    "overdue": gettext_noop("Overdue"),
    "not_applicable": gettext_noop("Not applicable"),
}
# The order pages count in: Overdue first, the number someone asking "who is behind" needs
# (on a phone, the one column in view beside the milestone).
CATEGORIES_OVERDUE_FIRST = {"overdue": CATEGORIES["overdue"]} | CATEGORIES

__all__ = [
    "CATEGORIES",
    "CATEGORIES_OVERDUE_FIRST",
    "Knowledge",
    "Standing",
    "force_standings",
    "overdue",
    "standings",
    "today",
    "totals",
]


def due_soon_days() -> int:
    days: int = settings.PEELTRACK_DUE_SOON_DAYS
    return days


def escalate_after_days() -> int:
    days: int = settings.PEELTRACK_ESCALATE_AFTER_DAYS
    return days


@dataclass(frozen=True)
class Knowledge:
    """What the record held at the end of a UK day; `known_on=None` means everything."""

    known_on: datetime.date | None = None

    @property
    def cutoff(self) -> datetime.datetime | None:
        return end_of_day(self.known_on) if self.known_on else None

    @property
    def is_latest(self) -> bool:
        return self.known_on is None


LATEST = Knowledge()


class Standing(NamedTuple):
    """Where one owner stands against one milestone as of a date.

    A named tuple, not a frozen dataclass: as immutable, and made four times faster,
    which counts at one a owner and thousands of owners a page."""

    milestone: Milestone
    force: Force | None
    national_body: NationalBody | None
    as_of: datetime.date
    status: str
    record_id: int | None = None
    since: datetime.date | None = None
    met_on: datetime.date | None = None
    known_on: datetime.date | None = None

    @property
    def owner(self) -> Force | NationalBody:
        owner = self.force or self.national_body
        assert owner is not None, "A standing is a force's or a national body's."
        return owner

    @property
    def owner_slug(self) -> str:
        return self.owner.slug

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_overdue(self) -> bool:
        due = self.milestone.due_on
        return due is not None and self.as_of > due and self.status not in DONE_STATUSES

    @property
    def days_overdue(self) -> int:
        due = self.milestone.due_on
        return (self.as_of - due).days if due is not None and self.is_overdue else 0

    @property
    def is_escalated(self) -> bool:
        return self.days_overdue > escalate_after_days()

    @property
    def is_met_late(self) -> bool:
        due = self.milestone.due_on
        return (
            self.status == Status.MET
            and self.met_on is not None
            and due is not None
            and self.met_on > due
        )

    @property
    def days_until_due(self) -> int | None:
        """Days from the as-of date to the due date; None for an undated milestone."""
        due = self.milestone.due_on
        return (due - self.as_of).days if due is not None else None

    @property
    def is_due_soon(self) -> bool:
        # Subtracting dates, never adding days, so an as-of date near the end of the
        # calendar cannot overflow.
        days = self.days_until_due
        return (
            self.status not in DONE_STATUSES and days is not None and 0 <= days <= due_soon_days()
        )

    @property
    def category(self) -> str:
        """The single bucket this standing is counted in on totals and filters."""
        if self.is_overdue:
            return "overdue"
        if self.is_met_late:
            return "met_late"
        return self.status

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]


# ---------------------------------------------------------------------------
# Reference data as known on a day


def milestones_as_known(
    milestones: Iterable[Milestone], knowledge: Knowledge = LATEST
) -> list[Milestone]:
    """The milestones known at the end of the known-on day (their report loaded by then),
    with the due dates they had then (copies, where a date has changed since)."""
    milestones = list(milestones)
    if knowledge.is_latest or not milestones:
        return milestones
    cutoff = knowledge.cutoff
    assert cutoff is not None
    milestones = [m for m in milestones if m.recommendation.report.loaded_at < cutoff]
    wanted = {m.pk for m in milestones}
    earlier: dict[int, datetime.date | None] = {}
    for change in catalogue.current().due_date_changes:  # in the order entered
        if change.recorded_at >= cutoff and change.milestone_id in wanted:
            earlier.setdefault(change.milestone_id, change.old_due_on)
    found = []
    for milestone in milestones:
        if milestone.pk in earlier:
            milestone = copy.copy(milestone)
            milestone.due_on = earlier[milestone.pk]
        found.append(milestone)
    # In the order they were due then, as Milestone's own ordering puts them now.
    return sorted(found, key=due_order) if earlier else found


def due_order(milestone: Milestone) -> tuple[bool, datetime.date, str]:
    """Milestones by due date, undated ones last, then by code."""
    due = milestone.due_on
    return (due is None, due or datetime.date.min, milestone.code)


# force id → inspection area id → grade
type Grades = dict[int, dict[int, str]]


def graded_areas(milestones: Iterable[Milestone]) -> set[int]:
    """The inspection areas the milestones' scopes are graded by."""
    return {
        m.scope_area_id
        for m in milestones
        if m.scope == Milestone.Scope.GRADED and m.scope_area_id is not None
    }


def grades_as_known(
    forces: Iterable[Force], areas: Iterable[int], knowledge: Knowledge = LATEST
) -> Grades:
    """Each force's grade in each of the inspection areas, as it stood at the end of the
    known-on day: the judgment now, or the grade before the first correction entered
    after that day."""
    forces = list(forces)
    areas = set(areas)
    grades: Grades = {f.pk: {} for f in forces}
    if not forces or not areas:
        return grades
    held = catalogue.current()
    for force_id, area_id, grade in held.judgments:
        if area_id in areas and force_id in grades:
            grades[force_id][area_id] = grade
    if knowledge.is_latest:
        return grades
    cutoff = knowledge.cutoff
    assert cutoff is not None
    seen: set[tuple[int, int]] = set()
    for correction in held.grade_corrections:  # in the order entered
        key = (correction.force_id, correction.area_id)
        if (
            correction.recorded_at >= cutoff
            and correction.area_id in areas
            and correction.force_id in grades
            and key not in seen
        ):
            seen.add(key)
            grades[correction.force_id][correction.area_id] = correction.old_grade
    return grades


def scope_changes(
    milestones: Iterable[Milestone],
    knowledge: Knowledge = LATEST,
    *,
    forces: Iterable[Force] | None = None,
) -> list[ScopeChange]:
    """The scope changes of the milestones (for the forces, if given), as known on the
    day, in the order they take effect."""
    milestone_ids = {m.pk for m in milestones}
    force_ids = None if forces is None else {f.pk for f in forces}
    cutoff = knowledge.cutoff
    return [
        change
        for change in catalogue.current().scope_changes
        if change.milestone_id in milestone_ids
        and (force_ids is None or change.force_id in force_ids)
        and (cutoff is None or change.recorded_at < cutoff)
    ]


# (milestone id, force id) → in scope.
type Overrides = dict[tuple[int, int], bool]


def scope_overrides(changes: Iterable[ScopeChange], as_of: datetime.date) -> Overrides:
    """(milestone id, force id) → in scope, from the latest change on or before as_of."""
    overrides: Overrides = {}
    for change in sorted(changes, key=lambda c: (c.effective_on, c.id)):
        if change.effective_on <= as_of:
            overrides[(change.milestone_id, change.force_id)] = change.in_scope
    return overrides


def in_scope(
    milestone: Milestone, force: Force, grades: dict[int, str], overrides: Overrides
) -> bool:
    override = overrides.get((milestone.id, force.id))
    return milestone.in_default_scope(force, grades) if override is None else override


def scope_as_of(
    as_of: datetime.date,
    milestones: Iterable[Milestone],
    forces: Iterable[Force],
    knowledge: Knowledge = LATEST,
) -> set[tuple[int, int]]:
    """(milestone id, force id) pairs in scope as of the date, for force milestones."""
    force_milestones = [m for m in milestones if m.is_for_forces]
    forces = list(forces)
    if not force_milestones or not forces:
        return set()
    with_listed_scope(force_milestones)
    overrides = scope_overrides(
        scope_changes(force_milestones, knowledge, forces=forces),
        as_of,
    )
    grades = grades_as_known(forces, graded_areas(force_milestones), knowledge)
    return {
        (milestone.pk, force.pk)
        for milestone in force_milestones
        for force in forces
        if in_scope(milestone, force, grades[force.pk], overrides)
    }


def with_listed_scope(milestones: list[Milestone]) -> None:
    """The forces each listed scope names, in one query for all (unless already read)."""
    prefetch_related_objects(
        [m for m in milestones if m.scope == Milestone.Scope.LISTED], listed_forces_prefetch()
    )


class ScopeBook:
    """Answers "in scope on that day?" for many records at once (imports, bulk API)."""

    def __init__(self, milestones: Iterable[Milestone]) -> None:
        self.milestones = [m for m in milestones if m.is_for_forces]
        with_listed_scope(self.milestones)
        self.changes: dict[tuple[int, int], list[ScopeChange]] = {}
        for change in scope_changes(self.milestones):
            self.changes.setdefault((change.milestone_id, change.force_id), []).append(change)
        self.grades = grades_as_known(catalogue.current().forces, graded_areas(self.milestones))

    def covers(self, milestone: Milestone, force: Force, day: datetime.date) -> bool:
        overrides = scope_overrides(self.changes.get((milestone.pk, force.pk), []), day)
        return in_scope(milestone, force, self.grades.get(force.pk, {}), overrides)


# ---------------------------------------------------------------------------
# The latest record per owner, by index lookups


class Latest(NamedTuple):
    record_id: int
    status: str
    effective_on: datetime.date
    met_on: datetime.date | None


# Far enough ahead that every record counts when nothing is excluded by known-on day.
_ALL_KNOWN = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)
_BEFORE_ALL = datetime.date(1, 1, 1)


def _keys_sql() -> str:
    """The keys as a table, from the parameters _keys_params gives: three arrays on
    PostgreSQL, one JSON array on SQLite. (A VALUES list takes three parameters a key,
    and on PostgreSQL binding and planning ten thousand of them cost three times the
    lookups themselves.)"""
    if connection.vendor == "postgresql":
        return "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::date[])"
    return (
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]') FROM json_each(%s)"
    )


def _keys_params(keys: Iterable[tuple[int, int | None, datetime.date]]) -> list[Any]:
    keys = list(keys)
    if connection.vendor == "postgresql":
        return [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]]
    return [json.dumps([[m, o, day.isoformat()] for m, o, day in keys])]


def _latest_sql(owner_column: str) -> str:
    """One statement: for each (milestone, owner, as-of date) key, three index lookups.

    `latest` is the record in force; where it is met, `boundary` is the last counting
    record that is not met, and `met_on` the effective date of the first met record
    after the boundary.
    """
    table = ProgressRecord._meta.db_table

    def counting(key: str) -> str:
        return (
            f"r.milestone_id = {key}.milestone_id AND r.{owner_column} = {key}.owner_id "
            f"AND r.effective_on <= {key}.as_of AND r.recorded_at < %s "
            f"AND NOT EXISTS (SELECT 1 FROM {table} c WHERE c.corrects_id = r.id "
            "AND c.recorded_at < %s)"
        )

    def met_on(boundary_on: str, boundary_id: str) -> str:
        # Where the record in force is met: the first met record after the boundary.
        return (
            f"CASE WHEN m.status = %s THEN (SELECT r.effective_on FROM {table} r "
            f"WHERE {counting('m')} AND r.status = %s "
            f"AND r.effective_on >= COALESCE({boundary_on}, %s) "
            f"AND (r.effective_on > COALESCE({boundary_on}, %s) "
            f"OR r.id > COALESCE({boundary_id}, 0)) "
            "ORDER BY r.effective_on, r.id LIMIT 1) END AS met_on"
        )

    if connection.vendor == "postgresql":
        # The same lookups, joined LATERAL: each key's record is found by its own index
        # lookup, where joining the found ids back to the table let the planner hash the
        # whole table (twice) for a page of a few dozen owners.
        return f"""
WITH keys (milestone_id, owner_id, as_of) AS ({_keys_sql()}),
found AS (
    SELECT k.milestone_id, k.owner_id, k.as_of, l.id, l.status, l.effective_on
    FROM keys k CROSS JOIN LATERAL (
        SELECT r.id, r.status, r.effective_on FROM {table} r WHERE {counting("k")}
        ORDER BY r.effective_on DESC, r.id DESC LIMIT 1
    ) l
),
boundaries AS (
    SELECT f.*, b.id AS boundary_id, b.effective_on AS boundary_on
    FROM found f LEFT JOIN LATERAL (
        SELECT r.id, r.effective_on FROM {table} r
        WHERE f.status = %s AND {counting("f")} AND r.status <> %s
        ORDER BY r.effective_on DESC, r.id DESC LIMIT 1
    ) b ON true
)
SELECT m.milestone_id, m.owner_id, m.as_of, m.id, m.status, m.effective_on,
    {met_on("m.boundary_on", "m.boundary_id")}
FROM boundaries m
"""
    return f"""
WITH keys (milestone_id, owner_id, as_of) AS ({_keys_sql()}),
latest AS (
    SELECT k.milestone_id, k.owner_id, k.as_of,
        (SELECT r.id FROM {table} r WHERE {counting("k")}
         ORDER BY r.effective_on DESC, r.id DESC LIMIT 1) AS latest_id
    FROM keys k
),
found AS (
    SELECT l.milestone_id, l.owner_id, l.as_of, t.id, t.status, t.effective_on
    FROM latest l JOIN {table} t ON t.id = l.latest_id
),
boundaries AS (
    SELECT f.*,
        CASE WHEN f.status = %s THEN (
            SELECT r.id FROM {table} r WHERE {counting("f")} AND r.status <> %s
            ORDER BY r.effective_on DESC, r.id DESC LIMIT 1
        ) END AS boundary_id
    FROM found f
)
SELECT m.milestone_id, m.owner_id, m.as_of, m.id, m.status, m.effective_on,
    {met_on("b.effective_on", "b.id")}
FROM boundaries m
LEFT JOIN {table} b ON b.id = m.boundary_id
"""


Key = tuple[int, int | None, int | None, datetime.date]


def _owner(key: Key, position: int) -> int | None:
    """The key's force (position 1) or national body (position 2)."""
    return key[1] if position == 1 else key[2]


def latest_records(keys: Iterable[Key], knowledge: Knowledge = LATEST) -> dict[Key, Latest]:
    """The record in force for each (milestone, force, national body, as-of date) key.

    One query per kind of owner (forces; national bodies), whatever the history's depth
    and however many dates are asked about.
    """
    ops = connection.ops
    cutoff = ops.adapt_datetimefield_value(knowledge.cutoff or _ALL_KNOWN)
    before_all = ops.adapt_datefield_value(_BEFORE_ALL)
    found: dict[Key, Latest] = {}
    keys = list(keys)
    # A record cannot take effect after the day it is entered (the services refuse it),
    # so what was known by the end of day K took effect by K — a day's grace for the
    # clock's time zone. Starting each lookup there skips everything entered later.
    known_until = knowledge.known_on + datetime.timedelta(days=1) if knowledge.known_on else None

    def until(as_of: datetime.date) -> datetime.date:
        return min(as_of, known_until) if known_until else as_of

    for position, column in ((1, "force_id"), (2, "national_body_id")):
        mine = [k for k in keys if _owner(k, position) is not None]
        if not mine:
            continue
        looked_up = {(k[0], _owner(k, position), until(k[3])): k for k in mine}
        params = _keys_params(looked_up)
        counting = [cutoff, cutoff]
        params += counting  # latest
        params += [Status.MET, *counting, Status.MET]  # boundary, only where met
        params += [Status.MET, *counting, Status.MET, before_all, before_all]  # met_on
        with connection.cursor() as cursor:
            cursor.execute(_latest_sql(column), params)
            rows = cursor.fetchall()
        by_lookup: dict[tuple[int, int | None, datetime.date], Latest] = {}
        for milestone_id, owner_id, day, record_id, status, effective_on, met_on in rows:
            by_lookup[(milestone_id, owner_id, _as_date(day))] = Latest(
                record_id, status, _as_date(effective_on), _as_date(met_on) if met_on else None
            )
        for key in mine:
            hit = by_lookup.get((key[0], _owner(key, position), until(key[3])))
            if hit is not None:
                found[key] = hit
    return found


def _as_date(value: str | datetime.date) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


# ---------------------------------------------------------------------------
# Standings


class _Owner(NamedTuple):
    """One owner of one milestone on one date, with its key for latest_records."""

    milestone: Milestone
    force: Force | None
    national_body: NationalBody | None
    key: Key


def _owners_at(
    dates: list[datetime.date],
    milestones: Iterable[Milestone] | None,
    forces: Iterable[Force] | None,
    include_national: bool,
    knowledge: Knowledge,
    changes: list[ScopeChange] | None = None,
) -> dict[datetime.date, list[_Owner]]:
    """Every in-scope owner of each milestone, on each date, in the standings' order (the
    milestones', then the forces'). Cheap next to the records: a few queries for the
    milestones, grades and scope changes, none per owner."""
    held = catalogue.current()
    milestones = milestones_as_known(
        held.milestones if milestones is None else milestones, knowledge
    )
    forces = list(held.forces if forces is None else forces)
    force_milestones = [m for m in milestones if m.is_for_forces]
    with_listed_scope(force_milestones)
    if changes is None:
        changes = (
            scope_changes(force_milestones, knowledge, forces=forces)
            if force_milestones and forces
            else []
        )
    grades = grades_as_known(forces, graded_areas(force_milestones), knowledge)
    return {
        as_of: _owners_of(milestones, forces, include_national, grades, changes, as_of)
        for as_of in dates
    }


def _owners_of(
    milestones: list[Milestone],
    forces: list[Force],
    include_national: bool,
    grades: Grades,
    changes: list[ScopeChange],
    as_of: datetime.date,
) -> list[_Owner]:
    """Every in-scope owner of each milestone on the date, in the standings' order."""
    overrides = scope_overrides(changes, as_of)
    # Ids, not .pk, in this loop: it runs once an owner, thousands of times with every
    # report loaded.
    owners: list[_Owner] = []
    for milestone in milestones:
        milestone_id = milestone.id
        if milestone.is_for_forces:
            owners += [
                _Owner(milestone, f, None, (milestone_id, f.id, None, as_of))
                for f in forces
                if in_scope(milestone, f, grades[f.id], overrides)
            ]
        elif include_national:
            body_id = milestone.national_body_id
            owners.append(
                _Owner(
                    milestone, None, milestone.national_body, (milestone_id, None, body_id, as_of)
                )
            )
    return owners


def _standings_of(
    owners: list[_Owner], latest: dict[Key, Latest], known_on: datetime.date | None
) -> list[Standing]:
    rows = []
    for milestone, force, body, key in owners:
        found = latest.get(key)
        if found is None:
            standing = Standing(
                milestone=milestone,
                force=force,
                national_body=body,
                as_of=key[3],
                status=Status.NOT_STARTED,
                known_on=known_on,
            )
        else:
            standing = Standing(
                milestone=milestone,
                force=force,
                national_body=body,
                as_of=key[3],
                status=found.status,
                record_id=found.record_id,
                since=found.effective_on,
                met_on=found.met_on,
                known_on=known_on,
            )
        rows.append(standing)
    return rows


def standings_at(
    dates: Iterable[datetime.date],
    *,
    milestones: Iterable[Milestone] | None = None,
    forces: Iterable[Force] | None = None,
    include_national: bool = True,
    known_on: datetime.date | None = None,
    changes: list[ScopeChange] | None = None,
) -> dict[datetime.date, list[Standing]]:
    """Every in-scope owner's standing against the milestones, at each of the dates.

    Forces out of a milestone's scope on a date are left out on that date. National
    milestones are included for their owning body unless include_national is false.
    A constant number of queries whatever the number of dates, forces, milestones and
    records. `changes`: the scope changes of these milestones and forces as known on the
    day, when the caller has read them already (scope_changes).
    """
    knowledge = Knowledge(known_on)
    owners = _owners_at(
        sorted(set(dates)), milestones, forces, include_national, knowledge, changes
    )
    latest = latest_records([o.key for mine in owners.values() for o in mine], knowledge)
    return {as_of: _standings_of(mine, latest, known_on) for as_of, mine in owners.items()}


class StandingsWindow(Sequence[Standing]):
    """The standings as of one date, as a sequence whose slices run the rule only for the
    owners they hold: a page of every report's standings costs its owners' records, not
    every owner's. Its length is the number of owners in scope, counted per milestone
    without building them.

    (Built for Django's Paginator, which asks for the length and one slice.)
    """

    def __init__(self, as_of: datetime.date, **options: Unpack[Options]) -> None:
        held = catalogue.current()
        self.as_of = as_of
        self.known_on = options.get("known_on")
        self.knowledge = Knowledge(self.known_on)
        forces = options.get("forces")
        self.forces = list(held.forces if forces is None else forces)
        self.include_national = options.get("include_national", True)
        milestones = options.get("milestones")
        self.milestones = milestones_as_known(
            held.milestones if milestones is None else milestones, self.knowledge
        )
        force_milestones = [m for m in self.milestones if m.is_for_forces]
        with_listed_scope(force_milestones)
        changes = options.get("changes")
        if changes is None:
            changes = scope_changes(force_milestones, self.knowledge, forces=self.forces)
        self.changes = changes
        self.grades = grades = grades_as_known(
            self.forces, graded_areas(force_milestones), self.knowledge
        )
        overrides = scope_overrides(changes, as_of)
        overridden = {milestone_id for milestone_id, _force_id in overrides}
        everyone = len(self.forces)
        # How many owners each milestone has: what _owners_of would list, counted.
        self.counts = []
        for milestone in self.milestones:
            if not milestone.is_for_forces:
                count = 1 if self.include_national else 0
            elif milestone.scope == Milestone.Scope.ALL_FORCES and milestone.id not in overridden:
                count = everyone
            else:
                count = sum(
                    1 for f in self.forces if in_scope(milestone, f, grades[f.id], overrides)
                )
            self.counts.append(count)
        self.length = sum(self.counts)

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> Standing: ...
    @overload
    def __getitem__(self, index: slice) -> list[Standing]: ...
    def __getitem__(self, index: int | slice) -> Standing | list[Standing]:
        if isinstance(index, int):
            found = self[index : index + 1 or None]
            if not found:
                raise IndexError("No standing at that position.")
            return found[0]
        start, stop, step = index.indices(self.length)
        if start >= stop:
            return []
        # The milestones whose owners the slice holds, and where the first one's begin.
        spanned: list[Milestone] = []
        first, position = 0, 0
        for milestone, count in zip(self.milestones, self.counts, strict=True):
            if count and position + count > start and position < stop:
                if not spanned:
                    first = position
                spanned.append(milestone)
            position += count
        owners = _owners_of(
            spanned, self.forces, self.include_national, self.grades, self.changes, self.as_of
        )[start - first : stop - first : step]
        latest = latest_records([o.key for o in owners], self.knowledge)
        return _standings_of(owners, latest, self.known_on)


class Options(TypedDict, total=False):
    """What :func:`standings` and :func:`overdue` take besides the date: standings_at's."""

    milestones: Iterable[Milestone] | None
    forces: Iterable[Force] | None
    include_national: bool
    known_on: datetime.date | None
    changes: list[ScopeChange] | None


def standings(as_of: datetime.date, **options: Unpack[Options]) -> list[Standing]:
    """Every in-scope owner's standing against the milestones as of one date."""
    return standings_at([as_of], **options)[as_of]


def overdue(as_of: datetime.date, **filters: Unpack[Options]) -> list[Standing]:
    """Owners overdue as of the date, by due date, then force (or body) slug, then code."""
    return sort_overdue(s for s in standings(as_of, **filters) if s.is_overdue)


def sort_overdue(rows: Iterable[Standing]) -> list[Standing]:
    return sorted(rows, key=lambda s: (*due_order(s.milestone)[:2], s.owner_slug, s.milestone.code))


def force_standings(
    force: Force, as_of: datetime.date, *, known_on: datetime.date | None = None
) -> dict[int, Standing]:
    """One force's standing against each force milestone in its scope, by milestone id."""
    milestones = [m for m in catalogue.current().milestones if m.is_for_forces]
    return {
        s.milestone.pk: s
        for s in standings(
            as_of, milestones=milestones, forces=[force], include_national=False, known_on=known_on
        )
    }


def totals(rows: Iterable[Standing]) -> dict[int, Counter[str]]:
    """Per milestone id, how many owners fall in each category (see CATEGORIES)."""
    counts: dict[int, Counter[str]] = {}
    for standing in rows:
        counts.setdefault(standing.milestone.pk, Counter())[standing.category] += 1
    return counts
