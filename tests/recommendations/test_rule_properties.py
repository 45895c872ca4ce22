"""The as-of rule against a plain reference on random histories.

Histories have same-day ties, corrections (and corrections of corrections), records
entered on different days, and are read as of many dates and as known on many days.
The engine looks up the latest record per owner with index lookups in SQL; the
reference below reads the rule's words literally, over every record, in Python.
"""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.dates import end_of_day
from forces.models import Force, NationalBody
from recommendations import progress
from recommendations.models import Milestone, ProgressRecord

pytestmark = pytest.mark.django_db

START = datetime.date(2018, 8, 1)  # a Wednesday; every record is entered at 09:00 UTC
STATUSES = ["not_started", "in_progress", "met", "not_applicable"]


@dataclass
class Entry:
    """One record to enter in week `entered`, taking effect `lag` weeks before that.

    A record never takes effect after the day it is entered (the services refuse it).
    """

    key: int
    status: str
    entered: int
    lag: int
    corrects: int | None  # index of an earlier entry of the same key

    @property
    def effective(self) -> int:
        return self.entered - self.lag


entries = st.lists(
    st.builds(
        Entry,
        key=st.integers(0, 2),
        status=st.sampled_from(STATUSES),
        entered=st.integers(0, 12),
        lag=st.integers(0, 4),
        corrects=st.one_of(st.none(), st.integers(0, 30)),
    ),
    max_size=14,
)


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=7 * n)


def reference(records: list[ProgressRecord], as_of, cutoff):
    """The rule in words: latest counting record by (effective date, order of entry)."""
    known = [r for r in records if cutoff is None or r.recorded_at < cutoff]
    corrected = {r.corrects_id for r in known if r.corrects_id}
    counting = sorted(
        (r for r in known if r.pk not in corrected and r.effective_on <= as_of),
        key=lambda r: (r.effective_on, r.pk),
    )
    if not counting:
        return ("not_started", None, None)
    latest = counting[-1]
    met_on = None
    if latest.status == "met":
        run = []
        for record in reversed(counting):
            if record.status != "met":
                break
            run.append(record)
        met_on = run[-1].effective_on
    return (latest.status, latest.pk, met_on)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=entries)
def test_the_engine_agrees_with_the_plain_rule(history):
    owners = [
        (Milestone.objects.get(code="R4-review"), Force.objects.get(slug="durham"), None),
        (Milestone.objects.get(code="R2-plan"), Force.objects.get(slug="kent"), None),
        (
            Milestone.objects.get(code="R3-infrastructure"),
            None,
            NationalBody.objects.get(slug="college-of-policing"),
        ),
    ]
    with transaction.atomic():
        created: list[tuple[int, ProgressRecord]] = []
        base = timezone.make_aware(datetime.datetime.combine(START, datetime.time(9)))
        for n, entry in enumerate(sorted(history, key=lambda e: e.entered)):
            milestone, force, body = owners[entry.key]
            same_key = [r for k, r in created if k == entry.key]
            corrects = None
            if entry.corrects is not None and same_key:
                candidate = same_key[entry.corrects % len(same_key)]
                if not ProgressRecord.objects.filter(corrects=candidate).exists():
                    corrects = candidate
            moment = base + datetime.timedelta(days=7 * entry.entered, minutes=n)
            with time_machine.travel(moment, tick=False):
                record = ProgressRecord.objects.create(
                    milestone=milestone,
                    force=force,
                    national_body=body,
                    status=entry.status,
                    effective_on=day(entry.effective),
                    note="seen",
                    corrects=corrects,
                )
            created.append((entry.key, record))

        for as_of in [day(n) for n in range(-4, 14, 3)] + [day(13)]:
            for known_on in [None, *(day(n) for n in (-1, 0, 2, 5, 9, 12))]:
                cutoff = end_of_day(known_on) if known_on else None
                rows = progress.standings(
                    as_of,
                    milestones=[m for m, _f, _b in owners],
                    forces=[f for _m, f, _b in owners if f],
                    known_on=known_on,
                )
                for key, (milestone, force, body) in enumerate(owners):
                    (standing,) = [
                        s for s in rows if s.milestone == milestone and s.owner == (force or body)
                    ]
                    mine = [r for k, r in created if k == key]
                    expected = reference(mine, as_of, cutoff)
                    got = (standing.status, standing.record_id, standing.met_on)
                    assert got == expected, (key, as_of, known_on)
        transaction.set_rollback(True)


def test_met_late_counts_order_of_entry_within_a_day(durham, record):
    """Met on 25 Oct, then (entered later) in progress on 25 Oct, then met on 10 Nov,
    after the 31 Oct due date: the current run of met began on 10 Nov, so it was met late.
    """
    record(durham, "R1-review", "met", "2018-10-25", note="Review seen")
    record(durham, "R1-review", "in_progress", "2018-10-25", note="Review incomplete")
    record(durham, "R1-review", "met", "2018-11-10", note="Review complete")
    milestone = Milestone.objects.get(code="R1-review")
    (standing,) = progress.standings(
        datetime.date(2018, 12, 1), milestones=[milestone], forces=[durham]
    )
    assert standing.status == "met"
    assert standing.met_on == datetime.date(2018, 11, 10)
    assert standing.is_met_late and standing.category == "met_late"
