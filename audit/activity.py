"""Who has gone quiet: when each force's work was last updated, as of a date.

An update is any change to a force's record, by the force or for it: a progress
record, an action plan, an action, evidence or a submission (and its assessment).
A force is *quiet* as of date D when it has had no update in the `days` days up to
and including D, or none at all by then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from core.dates import end_of_day
from forces.models import Force

from .models import HistoryEntry

S = HistoryEntry.Subject
UPDATE_SUBJECTS = [
    S.PROGRESS_RECORD,
    S.ACTION_PLAN,
    S.ACTION,
    S.EVIDENCE,
    S.SUBMISSION,
]


@dataclass(frozen=True)
class ForceActivity:
    force: Force
    last: datetime.datetime | None
    days_since: int | None
    quiet: bool


def force_activity(
    *, as_of: datetime.date, quiet_after_days: int, known_on: datetime.date | None = None
) -> list[ForceActivity]:
    """Every force's last update on or before `as_of` (as it was known at the end of
    `known_on`, if given); quiet forces first, longest silent first."""
    cutoff = end_of_day(min(as_of, known_on) if known_on else as_of)
    last = dict(
        HistoryEntry.objects.filter(subject__in=UPDATE_SUBJECTS, force__isnull=False, at__lt=cutoff)
        .values("force")
        .annotate(last=Max("at"))
        .values_list("force", "last")
        .order_by()
    )
    rows = []
    for force in Force.objects.all():
        at = last.get(force.pk)
        days = (as_of - _local_date(at)).days if at else None
        rows.append(ForceActivity(force, at, days, days is None or days >= quiet_after_days))
    rows.sort(key=lambda r: (not r.quiet, r.last is not None, r.last or r.force.name, r.force.name))
    return rows


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()
