"""Recommendations made again: an item that follows up an earlier one whose milestones
are still not met.

An item follows up the earlier items its report says it makes again (`follows_up`). It
is *repeated* for an owner — a force, or the national body that owns a milestone — when
that owner is in the scope of one of the earlier item's milestones and, as of the date,
that milestone is neither met nor not applicable for it (by the as-of rule,
recommendations.progress). An earlier item whose milestones name nobody in scope (a
report that spoke of "twelve forces" without naming them) is shown with its progress
not known, never as met.

How many inspections an item has run through is the length of its chain of follow-ups:
1 for an item made once, 2 for one that follows up an item of an earlier inspection, 3
when that one followed up another, and so on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Prefetch

from forces.models import Force

from . import progress
from .models import Milestone, Recommendation


@dataclass
class Repeat:
    """An item made again while an earlier one is not met, for the owners it is not met by."""

    item: Recommendation
    earlier: Recommendation
    inspections: int
    not_met: list[progress.Standing] = field(default_factory=list)
    tracked: int = 0

    @property
    def progress_known(self) -> bool:
        """False when the earlier item's milestones name nobody in scope."""
        return self.tracked > 0

    @property
    def forces(self) -> list[Force]:
        return [s.force for s in self.not_met if s.force is not None]

    @property
    def national_bodies(self) -> list[str]:
        return sorted({s.owner.name for s in self.not_met if s.force is None})


def inspections_run_through(items: Iterable[Recommendation]) -> dict[int, int]:
    """For each item (by id), how many inspections its chain of follow-ups has run
    through. Items must come with `follows_up` prefetched, and with every item their
    chains reach."""
    by_id = {item.pk: item for item in items}

    @cache
    def depth(pk: int) -> int:
        earlier = [e.pk for e in by_id[pk].follows_up.all() if e.pk in by_id]
        return 1 + max((depth(e) for e in earlier), default=0)

    return {pk: depth(pk) for pk in by_id}


def repeated(
    as_of: datetime.date,
    *,
    known_on: datetime.date | None = None,
    forces: Iterable[Force] | None = None,
) -> list[Repeat]:
    """Every item made again while an earlier item is not met, as of the date; with
    `forces`, only where it is not met by one of them (a force's page, or its filter)."""
    items = list(
        Recommendation.objects.select_related("report").prefetch_related(
            Prefetch("follows_up", queryset=Recommendation.objects.select_related("report"))
        )
    )
    depth = inspections_run_through(items)
    pairs = [(item, earlier) for item in items for earlier in item.follows_up.all()]
    if not pairs:
        return []
    earlier_ids = {earlier.pk for _item, earlier in pairs}
    milestones = list(Milestone.objects.for_the_rule().filter(recommendation__in=earlier_ids))
    chosen = list(forces) if forces is not None else None
    standings = progress.standings(
        as_of,
        milestones=milestones,
        forces=chosen,
        include_national=chosen is None,
        known_on=known_on,
    )
    by_item: dict[int, list[progress.Standing]] = {}
    for standing in standings:
        by_item.setdefault(standing.milestone.recommendation_id, []).append(standing)
    found = []
    for item, earlier in pairs:
        mine = by_item.get(earlier.pk, [])
        not_met = [s for s in mine if s.status not in progress.DONE_STATUSES]
        if mine and not not_met:
            continue  # met (or not applicable) by everyone it is for
        if chosen is not None and not not_met:
            continue  # nothing known of the chosen forces
        found.append(
            Repeat(
                item=item,
                earlier=earlier,
                inspections=depth[item.pk],
                not_met=sorted(not_met, key=lambda s: (s.owner.name, s.milestone.code)),
                tracked=len(mine),
            )
        )
    return sorted(
        found,
        key=lambda r: (-r.inspections, r.item.report.slug, r.item.kind, r.item.number),
    )
