"""The standings and overdue reports' rows as plain dicts, as their serializers describe.

Every report across every inspection cycle can be tens of thousands of rows; DRF's
serializers cost about forty microseconds a field, which made the API's answer several
times slower than working the rows out. These functions write the same dicts directly,
sharing one dict per owner and per milestone; StandingSerializer and OverdueRowSerializer
stay the description in the API's schema, and tests/recommendations/test_api_rows.py
holds the two to the same output.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from forces.models import Force

from ..progress import Standing


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


class _Refs:
    """One dict per owner and per milestone, shared by every row naming it."""

    def __init__(self) -> None:
        self.owners: dict[tuple[str, int], dict[str, Any]] = {}
        self.milestones: dict[int, dict[str, Any]] = {}

    def owner(self, standing: Standing) -> dict[str, Any]:
        owner = standing.owner
        kind = "force" if isinstance(owner, Force) else "national_body"
        key = (kind, owner.pk)
        ref = self.owners.get(key)
        if ref is None:
            ref = self.owners[key] = {"kind": kind, "slug": owner.slug, "name": owner.name}
        return ref

    def milestone(self, standing: Standing) -> dict[str, Any]:
        milestone = standing.milestone
        ref = self.milestones.get(milestone.pk)
        if ref is None:
            ref = self.milestones[milestone.pk] = {
                "code": milestone.code,
                "description": milestone.description,
                "due_on": _day(milestone.due_on),
            }
        return ref


def _overdue_row(standing: Standing, refs: _Refs) -> dict[str, Any]:
    return {
        "force": refs.owner(standing),
        "milestone": refs.milestone(standing),
        "due_date": _day(standing.milestone.due_on),
        "status": standing.status,
        "status_label": standing.status_label,
        "days_overdue": standing.days_overdue,
    }


def overdue_rows(standings: Iterable[Standing]) -> list[dict[str, Any]]:
    """OverdueRowSerializer(standings, many=True).data, as plain dicts."""
    refs = _Refs()
    return [_overdue_row(standing, refs) for standing in standings]


def standing_rows(standings: Iterable[Standing]) -> list[dict[str, Any]]:
    """StandingSerializer(standings, many=True).data, as plain dicts."""
    refs = _Refs()
    rows = []
    for standing in standings:
        row = _overdue_row(standing, refs)
        row.update(
            as_of=_day(standing.as_of),
            known_on=_day(standing.known_on),
            category=standing.category,
            is_overdue=standing.is_overdue,
            is_met_late=standing.is_met_late,
            is_due_soon=standing.is_due_soon,
            met_on=_day(standing.met_on),
            record=standing.record_id,
        )
        rows.append(row)
    return rows
