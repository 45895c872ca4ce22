"""Writes to the record: progress records (one, many, or a file's worth), scope, due
dates and grades.

Every door — pages, API, admin, imports, commands — calls these functions, which
check the same rules (:class:`RecordRules`), refuse with :class:`core.refusals.Refused`,
and write the change and its history entry in one write_transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.services import signed_in
from audit.history import Entry, Subject, day, in_english, log, log_many, write_transaction
from core import access, text
from core.dates import check_in_range, parse_iso_date
from core.refusals import Conflict, Refused
from core.written import short_day
from forces.models import Force, Grade, InspectionArea, Judgment, NationalBody

from .models import (
    DueDateChange,
    GradeCorrection,
    Milestone,
    Precision,
    ProgressRecord,
    ReasonedChange,
    ScopeChange,
)
from .progress import ScopeBook, scope_as_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User
    from core.access import Person

Status = ProgressRecord.Status
Source = ProgressRecord.Source


def _already_corrected() -> str:
    return gettext("That record has already been corrected: correct the correction")


@dataclass
class ProgressEntry:
    """One progress record to write, with its owner and milestone resolved."""

    milestone: Milestone
    status: str
    effective_on: datetime.date | None
    note: str = ""
    force: Force | None = None
    national_body: NationalBody | None = None
    corrects: ProgressRecord | None = None
    public_summary: str = ""

    @property
    def owner(self) -> Force | NationalBody | None:
        return self.force or self.national_body

    def signature(self) -> tuple[object, ...]:
        return (
            self.milestone.pk,
            getattr(self.force, "pk", None),
            getattr(self.national_body, "pk", None),
            self.status,
            self.effective_on,
            self.note,
            self.public_summary,
        )


class RecordRules:
    """The rules every progress record must pass, whichever way it comes in.

    One instance checks a whole batch, loading scope once; the messages are the ones
    a person sees on the page, in the API and in an import's report.
    """

    def __init__(self) -> None:
        self._scope: ScopeBook | None = None

    def problems(self, entry: ProgressEntry) -> list[str]:
        return [message for _, message in self.found(entry)]

    def found(self, entry: ProgressEntry) -> list[tuple[str, str]]:
        """Every problem with the entry, each with the input it is about (the field of
        the record-progress form: "owner", "status", "effective_on", "note")."""
        milestone = entry.milestone
        problems = self.owner_problems(milestone, entry.force, entry.national_body)
        if entry.status not in Status.values:
            problems.append(
                (
                    "status",
                    f"The status must be one of {', '.join(Status.values)}, not {entry.status!r}",
                )
            )
        if entry.effective_on is None:
            problems.append(("effective_on", "Enter the date the progress took effect"))
        else:
            try:
                check_in_range(
                    entry.effective_on,
                    what="the date the progress took effect",
                    not_after_today=True,
                )
            except ValueError as error:
                problems.append(("effective_on", str(error)))
        problems += [
            ("note", problem)
            for problem in text.problems(
                entry.note, what="the note", limit=text.limit_of(ProgressRecord, "note")
            )
        ]
        problems += [
            ("public_summary", problem)
            for problem in text.problems(
                entry.public_summary,
                what="the public summary",
                limit=text.limit_of(ProgressRecord, "public_summary"),
            )
        ]
        if entry.status == Status.MET and not entry.note.strip():
            problems.append(("note", "Say what the met assessment rests on: a note is needed"))
        corrects = entry.corrects
        if corrects is not None and (
            corrects.milestone_id != milestone.pk
            or corrects.force_id != getattr(entry.force, "pk", None)
            or corrects.national_body_id != getattr(entry.national_body, "pk", None)
        ):
            problems.append(
                (
                    "owner",
                    "A correction must be for the same milestone and force as the record "
                    "it corrects",
                )
            )
        if (
            not problems
            and entry.force is not None
            and entry.effective_on is not None
            and not self.in_scope(milestone, entry.force, entry.effective_on)
        ):
            problems.append(
                (
                    "effective_on",
                    f"{entry.force.name} is not in the scope of {milestone.full_name} "
                    f"on {day(entry.effective_on)}",
                )
            )
        return problems

    @staticmethod
    def owner_problems(
        milestone: Milestone, force: Force | None, national_body: NationalBody | None
    ) -> list[tuple[str, str]]:
        """Whether the milestone is the owner's: a force milestone is a force's, a
        national milestone its own body's. Checked by the form as soon as both are
        chosen, beside whatever else is wrong."""
        problems = []
        if milestone.is_for_forces:
            if force is None:
                problems.append(
                    ("owner", f"{milestone.full_name} is a force milestone: choose a force")
                )
            if national_body is not None:
                problems.append(
                    ("owner", f"{milestone.full_name} is a force milestone, not a national body's")
                )
        elif force is not None:
            problems.append(
                (
                    "owner",
                    f"{milestone.full_name} belongs to {milestone.national_body}, not a force",
                )
            )
        elif national_body != milestone.national_body:
            problems.append(
                ("owner", f"{milestone.full_name} is owned by {milestone.national_body}")
            )
        return problems

    def in_scope(self, milestone: Milestone, force: Force, day: datetime.date) -> bool:
        if self._scope is None:
            self._scope = ScopeBook(Milestone.objects.for_forces())
        return self._scope.covers(milestone, force, day)


def _require_inspector(by: Person | None) -> User:
    access.RECORD_PROGRESS.check(by)
    return signed_in(by)


def _summary(record: ProgressRecord) -> str:
    correction = (
        f", correcting the record of {day(record.corrects.effective_on)}" if record.corrects else ""
    )
    with in_english():  # the history is written in English whatever the page's language
        return (
            f"Recorded {record.milestone.full_name} for {record.owner} as "
            f"{record.get_status_display().lower()} from {day(record.effective_on)}{correction}"
            f" ({record.get_source_display().lower()})"
        )


def record_progress(
    *,
    milestone: Milestone,
    status: str,
    effective_on: datetime.date | None,
    note: str,
    by: Person | None,
    force: Force | None = None,
    national_body: NationalBody | None = None,
    corrects: ProgressRecord | None = None,
    source: str = Source.WEB,
    public_summary: str = "",
) -> ProgressRecord:
    """Append one inspector's assessment, after the same checks as every other door."""
    by = _require_inspector(by)
    entry = ProgressEntry(
        milestone=milestone,
        status=status,
        effective_on=effective_on,
        note=(note or "").strip(),
        force=force,
        national_body=national_body,
        corrects=corrects,
        public_summary=(public_summary or "").strip(),
    )
    problems = RecordRules().problems(entry)
    if problems:
        raise Refused(problems)
    assert effective_on is not None, "RecordRules refuses a record without its date."
    try:
        with write_transaction():
            if corrects is not None and ProgressRecord.objects.filter(corrects=corrects).exists():
                raise Conflict(
                    gettext("That record has already been corrected: correct the correction")
                )
            record = ProgressRecord.objects.create(
                milestone=milestone,
                force=entry.force,
                national_body=entry.national_body,
                status=status,
                effective_on=effective_on,
                note=entry.note,
                public_summary=entry.public_summary,
                recorded_by=by,
                source=source,
                corrects=corrects,
            )
            log(
                by=by,
                force=record.force,
                subject=Subject.PROGRESS_RECORD,
                subject_id=record.pk,
                summary=_summary(record),
                changes={"note": record.note, "public_summary": record.public_summary},
            )
            return record
    except IntegrityError:
        # Two corrections of one record at the same moment: the database keeps one.
        raise Conflict(
            gettext("That record has already been corrected: correct the correction")
        ) from None


# ---------------------------------------------------------------------------
# Many records at once: the bulk API and file imports


@dataclass
class Batch[K: Hashable]:
    """Records checked together: what to write, and what was wrong, item by item (by
    each item's key: a line number, a position)."""

    entries: list[tuple[K, ProgressEntry]] = field(default_factory=list)
    problems: dict[K, list[str]] = field(default_factory=dict)
    duplicates: dict[K, str] = field(default_factory=dict)


class Resolver:
    """Turns the text of an import line or bulk item into a ProgressEntry."""

    def __init__(self) -> None:
        self.milestones = {
            m.code.lower(): m
            for m in Milestone.objects.select_related("national_body", "recommendation")
        }
        self.forces: dict[str, Force] = {}
        for force in Force.objects.all():
            self.forces[force.slug.lower()] = force
            self.forces[force.name.lower()] = force
        self.bodies = {b.slug.lower(): b for b in NationalBody.objects.all()}

    def resolve(self, values: dict[str, str]) -> tuple[ProgressEntry | None, list[str]]:
        """The entry, or what is wrong. `force` may hold a national body's slug (an
        import's one owner column); `national_body` names one explicitly, as one record
        does in the API, and giving both is refused by the same rule (RecordRules)."""
        problems = []
        owner = (values.get("force") or "").strip()
        body_slug = (values.get("national_body") or "").strip()
        code = (values.get("milestone") or "").strip()
        milestone = self.milestones.get(code.lower())
        if milestone is None:
            problems.append(f"unknown milestone code {code!r}")
        status = (values.get("status") or "").strip()
        effective_on = None
        raw_date = values.get("effective_on") or ""
        try:
            effective_on = parse_iso_date(raw_date, what="the effective date")
        except ValueError as error:
            problems.append(f"{error} (found {raw_date.strip()!r})")
        force = body = None
        key = owner.lower()
        if body_slug:
            body = self.bodies.get(body_slug.lower())
            if body is None:
                problems.append(f"unknown national body {body_slug!r}")
            if owner:
                force = self.forces.get(key)
                if force is None:
                    problems.append(f"unknown force {owner!r}")
        elif not owner:
            problems.append("force is empty")
        elif milestone is not None and milestone.is_for_forces:
            force = self.forces.get(key)
            if force is None:
                problems.append(
                    f"{milestone.code} is a force milestone, not a national body's"
                    if key in self.bodies
                    else f"unknown force {owner!r}"
                )
        elif milestone is not None:
            body = self.bodies.get(key)
            owning = milestone.national_body
            assert owning is not None, "A national body's milestone has its body (a constraint)."
            if body is None or body != owning:
                problems.append(f"{milestone.code} is owned by {owning.slug}")
        if problems:
            return None, problems
        assert milestone is not None
        return (
            ProgressEntry(
                milestone=milestone,
                status=status,
                effective_on=effective_on,
                note=(values.get("note") or "").strip(),
                force=force,
                national_body=body,
                public_summary=(values.get("public_summary") or "").strip(),
            ),
            [],
        )


def check_batch[K: Hashable](items: Sequence[tuple[K, dict[str, str]]]) -> Batch[K]:
    """Check (key, fields) items: line numbers for a file, positions for the bulk API.

    An item identical to a record already held, or to an earlier item, is reported
    as a duplicate and not written again.
    """
    batch: Batch[K] = Batch()
    resolver = Resolver()
    rules = RecordRules()
    resolved: list[tuple[K, ProgressEntry]] = []
    for key, values in items:
        entry, problems = resolver.resolve(values)
        if entry is not None:
            problems = rules.problems(entry)
        if problems:
            batch.problems[key] = problems
        elif entry is not None:
            resolved.append((key, entry))
    held = _held_signatures([entry for _key, entry in resolved])
    seen: dict[tuple[object, ...], K] = {}
    for key, entry in resolved:
        signature = entry.signature()
        if signature in held:
            batch.duplicates[key] = f"identical to progress record {held[signature]}, already held"
        elif signature in seen:
            batch.duplicates[key] = f"identical to {seen[signature]}"
        else:
            seen[signature] = key
            batch.entries.append((key, entry))
    return batch


def _held_signatures(entries: list[ProgressEntry]) -> dict[tuple[object, ...], int]:
    if not entries:
        return {}
    held = ProgressRecord.objects.filter(
        milestone__in={e.milestone.pk for e in entries},
        effective_on__in={e.effective_on for e in entries},
    ).values_list(
        "id",
        "milestone_id",
        "force_id",
        "national_body_id",
        "status",
        "effective_on",
        "note",
        "public_summary",
    )
    return {tuple(row[1:]): row[0] for row in held}


INSERT_COLUMNS = [
    "milestone_id",
    "force_id",
    "national_body_id",
    "status",
    "effective_on",
    "note",
    "public_summary",
    "recorded_by_id",
    "recorded_at",
    "source",
    "citation",
    "effective_precision",
]


def _insert(entries: list[ProgressEntry], *, by: User, source: str) -> list[int]:
    """Insert many records with one prepared statement; their ids, in entry order.

    The ORM's bulk_create spends seconds per hundred thousand rows compiling SQL, all of
    it while holding SQLite's only write lock; a prepared statement takes a fraction.
    The database's own constraints check every row all the same.
    """
    ops = connection.ops
    now = timezone.now()
    moment = ops.adapt_datetimefield_value(now)
    rows = [
        (
            e.milestone.pk,
            getattr(e.force, "pk", None),
            getattr(e.national_body, "pk", None),
            e.status,
            ops.adapt_datefield_value(e.effective_on),
            e.note,
            e.public_summary,
            by.pk,
            moment,
            source,
            "",  # an inspector's own records cite no report
            Precision.DAY,
        )
        for e in entries
    ]
    table = ops.quote_name(ProgressRecord._meta.db_table)
    placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(INSERT_COLUMNS)}) VALUES ({placeholders})", rows
        )
    # Written in this transaction, by this person, at this moment: these rows and no others.
    ids = list(
        ProgressRecord.objects.filter(recorded_by=by, recorded_at=now, source=source)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if len(ids) != len(entries):
        raise RuntimeError("The inserted progress records could not be read back.")
    return ids


def create_progress_records(
    entries: list[ProgressEntry], *, by: Person | None, source: str, origin: str = ""
) -> list[int]:
    """Write checked entries in their order (a later one wins a same-day tie), all or none.

    Returns the new records' ids. The history gets one entry per force (and national
    body) for the whole batch.
    """
    by = _require_inspector(by)
    if not entries:
        return []
    with write_transaction():
        ids = _insert(entries, by=by, source=source)
        per_owner: dict[Force | NationalBody | None, list[tuple[int, ProgressEntry]]] = {}
        for pk, entry in zip(ids, entries, strict=True):
            per_owner.setdefault(entry.owner, []).append((pk, entry))
        entries_for_history: list[Entry] = []
        # The history is written in English whatever the page's language.
        with in_english():
            how = Source(source).label.lower()
            for owner, mine in per_owner.items():
                if len(mine) == 1:
                    pk, entry = mine[0]
                    status = Status(entry.status).label.lower()
                    summary = (
                        f"Recorded {entry.milestone.full_name} for {owner} as {status} from "
                        f"{day(entry.effective_on)} ({how})"
                    )
                else:
                    codes = ", ".join(sorted({entry.milestone.code for _pk, entry in mine}))
                    where = f", {origin}" if origin else ""
                    records = f"{len(mine):,} progress records for {owner}"
                    summary = f"Recorded {records} ({how}{where}): {codes}"
                entries_for_history.append(
                    {
                        "by": by,
                        "force": owner if isinstance(owner, Force) else None,
                        "subject": Subject.PROGRESS_RECORD,
                        "subject_id": mine[0][0] if len(mine) == 1 else None,
                        "summary": summary,
                        "changes": {"records": [pk for pk, _entry in mine][:1000]},
                    }
                )
        log_many(entries_for_history)
        return ids


# ---------------------------------------------------------------------------
# Reference data that moves who is behind: scope, due dates and grades


def _reason(
    reason: str, what: StrOrPromise, model: type[ReasonedChange] | type[ScopeChange]
) -> str:
    what = str(what)  # in the page's language
    reason = (reason or "").strip()
    if not reason:
        raise Refused(gettext("Give %(what)s") % {"what": what}, field="reason")
    return text.clean(reason, what=what, limit=text.limit_of(model, "reason"), field="reason")


def change_scope(
    *,
    milestone: Milestone,
    force: Force,
    in_scope: bool,
    effective_on: datetime.date,
    reason: str,
    by: Person | None,
) -> ScopeChange:
    """Take a force into or out of a force milestone's scope from a date, with a reason."""
    access.CHANGE_SCOPE.check(by)
    by = signed_in(by)
    if not milestone.is_for_forces:
        raise Refused(
            gettext("%(code)s belongs to a national body and has no force scope")
            % {"code": milestone.code},
            field="milestone",
        )
    try:
        check_in_range(effective_on, what=_("the date the change takes effect"))
    except ValueError as error:
        raise Refused(str(error), field="effective_on") from None
    reason = _reason(reason, _("the reason for the change of scope"), ScopeChange)
    currently = (milestone.pk, force.pk) in scope_as_of(effective_on, [milestone], [force])
    if currently == in_scope:
        message = (
            gettext(
                "%(force)s is already in the scope of %(code)s on %(day)s: this change would "
                "change nothing"
            )
            if in_scope
            else gettext(
                "%(force)s is already out of the scope of %(code)s on %(day)s: this change "
                "would change nothing"
            )
        )
        words = {"force": force.local_name, "code": milestone.code, "day": short_day(effective_on)}
        raise Refused(message % words, field="in_scope")
    with write_transaction():
        change = ScopeChange.objects.create(
            milestone=milestone,
            force=force,
            in_scope=in_scope,
            effective_on=effective_on,
            reason=reason,
            recorded_by=by,
        )
        direction = "into" if in_scope else "out of"
        log(  # the summary has no translated words: names, codes and history's dates
            by=by,
            force=force,
            subject=Subject.SCOPE_CHANGE,
            subject_id=change.pk,
            summary=f"Took {force} {direction} the scope of {milestone.full_name} from "
            f"{day(effective_on)}: {reason}",
            changes={"reason": reason},
        )
        return change


def change_due_date(
    *, milestone: Milestone, due_on: datetime.date, reason: str, by: Person | None
) -> DueDateChange:
    """Move a milestone's due date, keeping the old one and the reason."""
    access.CHANGE_REFERENCE_DATA.check(by)
    by = signed_in(by)
    try:
        check_in_range(due_on, what="the new due date")
    except ValueError as error:
        raise Refused(str(error), field="due_on") from None
    reason = _reason(reason, _("the reason for moving the due date"), DueDateChange)
    with write_transaction():
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if current.due_on == due_on:
            raise Refused(
                gettext("%(code)s is already due on %(day)s")
                % {"code": milestone.code, "day": short_day(due_on)},
                field="due_on",
            )
        change = DueDateChange.objects.create(
            milestone=current,
            old_due_on=current.due_on,
            new_due_on=due_on,
            reason=reason,
            recorded_by=by,
        )
        Milestone.objects.filter(pk=current.pk).update(due_on=due_on)
        milestone.due_on = due_on
        with in_english():  # the milestone's name has its item's kind in it
            log(
                by=by,
                subject=Subject.DUE_DATE_CHANGE,
                subject_id=change.pk,
                summary=f"Moved the due date of {milestone.full_name} from "
                f"{day(change.old_due_on) if change.old_due_on else 'no date'} to {day(due_on)}: "
                f"{reason}",
                changes={"due_on": [change.old_due_on, due_on], "reason": reason},
            )
        return change


def correct_grade(
    *, force: Force, area: InspectionArea, grade: str, reason: str, by: Person | None
) -> GradeCorrection:
    """Correct a force's grade in one area of an inspection, keeping the old one and the
    reason."""
    access.CHANGE_REFERENCE_DATA.check(by)
    by = signed_in(by)
    scale = area.inspection.scale
    if grade not in scale:
        labels = ", ".join(Grade(g).label.lower() for g in scale)
        raise Refused(
            gettext("Choose one of the grades %(inspection)s gives: %(grades)s")
            % {"inspection": area.inspection, "grades": labels},
            field="new_grade",
        )
    reason = _reason(reason, _("the reason for the correction"), GradeCorrection)
    words = {"inspection": area.inspection, "force": force.local_name, "area": area.name.lower()}
    with write_transaction():
        judgment = Judgment.objects.select_for_update().filter(force=force, area=area).first()
        if judgment is None:
            raise Refused(
                gettext(
                    "%(inspection)s gave %(force)s no grade for %(area)s: there is nothing to "
                    "correct"
                )
                % words,
                field="area",
            )
        old = judgment.grade
        if old == grade:
            raise Refused(
                gettext("%(force)s is already graded %(grade)s for %(area)s in %(inspection)s")
                % {**words, "grade": Grade(grade).label.lower()},
                field="new_grade",
            )
        correction = GradeCorrection.objects.create(
            force=force, area=area, old_grade=old, new_grade=grade, reason=reason, recorded_by=by
        )
        Judgment.objects.filter(pk=judgment.pk).update(grade=grade)
        with in_english():  # grades' names are translated
            log(
                by=by,
                force=force,
                subject=Subject.GRADE_CORRECTION,
                subject_id=correction.pk,
                summary=f"Corrected {force}'s grade for {area.name.lower()} in {area.inspection} "
                f"from {Grade(old).label.lower()} to {Grade(grade).label.lower()}: {reason}",
                changes={
                    "inspection": area.inspection.slug,
                    "area": area.slug,
                    "grade": [old, grade],
                    "reason": reason,
                },
            )
        return correction
