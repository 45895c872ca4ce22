"""Writes that touch several rows: recording progress, importing it, changing scope."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction

from forces.models import Force, NationalBody

from . import history
from .models import Milestone, ProgressRecord, ScopeChange
from .progress import scope_as_of, today

IMPORT_HEADER = ["force", "milestone", "status", "effective_date", "note"]


class ImportRejected(Exception):
    """Nothing was imported; `errors` says why, line by line where there are lines."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ProgressRow:
    """One validated progress record, ready to write."""

    milestone: Milestone
    status: str
    effective_on: datetime.date
    note: str = ""
    force: Force | None = None
    national_body: NationalBody | None = None


@dataclass
class RowCheck:
    """Resolves owners and milestones once for a whole batch of rows."""

    milestones: dict[str, Milestone] = field(default_factory=dict)
    forces: dict[str, Force] = field(default_factory=dict)
    bodies: dict[str, NationalBody] = field(default_factory=dict)

    @classmethod
    def load(cls) -> RowCheck:
        check = cls()
        check.milestones = {
            m.code.lower(): m for m in Milestone.objects.select_related("national_body")
        }
        for force in Force.objects.all():
            check.forces[force.slug.lower()] = force
            check.forces[force.name.lower()] = force
        check.bodies = {b.slug.lower(): b for b in NationalBody.objects.all()}
        return check

    def validate(
        self, *, owner: str, milestone: str, status: str, effective_date: str, note: str = ""
    ) -> tuple[ProgressRow | None, list[str]]:
        """Check one row; returns the row to write or the reasons it cannot be written."""
        errors = []
        owner_key = (owner or "").strip().lower()
        found = self.milestones.get((milestone or "").strip().lower())
        if found is None:
            errors.append(f"unknown milestone code {milestone!r}")

        status = (status or "").strip()
        if status not in ProgressRecord.Status.values:
            allowed = ", ".join(ProgressRecord.Status.values)
            errors.append(f"status {status!r} is not one of {allowed}")

        effective_on = None
        try:
            effective_on = datetime.date.fromisoformat((effective_date or "").strip())
        except ValueError:
            errors.append(f"effective_date {effective_date!r} is not a date in YYYY-MM-DD form")
        else:
            if effective_on > today():
                errors.append(f"effective_date {effective_on} is in the future")

        force = body = None
        if not owner_key:
            errors.append("force is empty")
        elif found is not None and found.is_for_forces:
            force = self.forces.get(owner_key)
            if force is None:
                if owner_key in self.bodies:
                    errors.append(f"{found.code} is a force milestone, not a national body's")
                else:
                    errors.append(f"unknown force {owner!r}")
        elif found is not None:
            body = self.bodies.get(owner_key)
            if body is None:
                errors.append(f"{found.code} is owned by {found.national_body.slug}, not {owner!r}")
            elif body != found.national_body:
                errors.append(
                    f"{found.code} is owned by {found.national_body.slug}, not {body.slug}"
                )
        elif owner_key not in self.forces and owner_key not in self.bodies:
            errors.append(f"unknown force {owner!r}")

        if status == ProgressRecord.Status.MET and not (note or "").strip():
            errors.append("a met record needs a note saying what it rests on")

        if errors:
            return None, errors
        return ProgressRow(
            milestone=found,
            status=status,
            effective_on=effective_on,
            note=(note or "").strip(),
            force=force,
            national_body=body,
        ), []


def check_scope(rows: list[ProgressRow]) -> list[str | None]:
    """For each row, why its force is out of the milestone's scope on its date, or None."""
    reasons: list[str | None] = []
    cache: dict[datetime.date, set] = {}
    milestones = {row.milestone.pk: row.milestone for row in rows}.values()
    for row in rows:
        if row.force is None:
            reasons.append(None)
            continue
        if row.effective_on not in cache:
            forces = [r.force for r in rows if r.force is not None]
            cache[row.effective_on] = scope_as_of(row.effective_on, milestones, forces)
        if (row.milestone.pk, row.force.pk) in cache[row.effective_on]:
            reasons.append(None)
        else:
            reasons.append(
                f"{row.force.slug} is not in the scope of {row.milestone.code} "
                f"on {row.effective_on}"
            )
    return reasons


def create_progress_records(
    rows: list[ProgressRow], *, by=None, source: str = ProgressRecord.Source.WEB
) -> list[ProgressRecord]:
    """Write validated rows in their order, so a later row wins a same-day tie."""
    with transaction.atomic():
        records = []
        for row in rows:
            record = ProgressRecord.objects.create(
                milestone=row.milestone,
                force=row.force,
                national_body=row.national_body,
                status=row.status,
                effective_on=row.effective_on,
                note=row.note,
                recorded_by=by,
                source=source,
            )
            log_progress_record(record, by=by)
            records.append(record)
        return records


def log_progress_record(record: ProgressRecord, *, by) -> None:
    correction = (
        f", correcting the record of {record.corrects.effective_on}" if record.corrects else ""
    )
    history.log(
        by=by,
        force=record.force,
        subject="progress record",
        subject_id=record.pk,
        summary=f"Recorded {record.milestone.code} for {record.owner} as "
        f"{record.get_status_display().lower()} from {record.effective_on}{correction}"
        f" ({record.get_source_display().lower()})",
        changes={"note": record.note},
    )


class ProgressRejected(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def progress_record_problems(
    *,
    milestone: Milestone,
    status: str,
    effective_on: datetime.date | None,
    note: str,
    force: Force | None,
    national_body: NationalBody | None,
    corrects: ProgressRecord | None,
) -> list[str]:
    """Every reason one progress record cannot be written, in words for the form."""
    errors = []
    if milestone.is_for_forces and force is None:
        errors.append(f"{milestone.code} is a force milestone: choose a force")
    if milestone.is_for_forces and national_body is not None:
        errors.append(f"{milestone.code} is a force milestone, not a national body's")
    if not milestone.is_for_forces and force is not None:
        errors.append(f"{milestone.code} belongs to {milestone.national_body}, not a force")
    if not milestone.is_for_forces and national_body != milestone.national_body:
        errors.append(f"{milestone.code} is owned by {milestone.national_body}")
    if status not in ProgressRecord.Status.values:
        errors.append("Choose a status")
    if effective_on is None:
        errors.append("Enter the date the progress took effect")
    elif effective_on > today():
        errors.append("The date the progress took effect must be today or in the past")
    if status == ProgressRecord.Status.MET and not (note or "").strip():
        errors.append("Say what the met assessment rests on: a note is needed")
    if corrects is not None and (
        corrects.milestone_id != milestone.pk
        or corrects.force_id != (force.pk if force else None)
        or corrects.national_body_id != (national_body.pk if national_body else None)
    ):
        errors.append(
            "A correction must be for the same milestone and force as the record it corrects"
        )
    if not errors and force is not None:
        reason = check_scope([ProgressRow(milestone, status, effective_on, note, force=force)])[0]
        if reason:
            errors.append(reason[0].upper() + reason[1:])
    return errors


def record_progress(
    *,
    milestone: Milestone,
    status: str,
    effective_on: datetime.date,
    note: str,
    by,
    force: Force | None = None,
    national_body: NationalBody | None = None,
    corrects: ProgressRecord | None = None,
    basis_submission=None,
    basis_evidence=(),
    source: str = ProgressRecord.Source.WEB,
) -> ProgressRecord:
    """Append one inspector's assessment, after the same checks an import makes."""
    errors = progress_record_problems(
        milestone=milestone,
        status=status,
        effective_on=effective_on,
        note=note,
        force=force,
        national_body=national_body,
        corrects=corrects,
    )
    if errors:
        raise ProgressRejected(errors)
    with transaction.atomic():
        if corrects is not None and ProgressRecord.objects.filter(corrects=corrects).exists():
            raise ProgressRejected(
                ["That record has already been corrected: correct the correction"]
            )
        record = ProgressRecord.objects.create(
            milestone=milestone,
            force=force,
            national_body=national_body if not milestone.is_for_forces else None,
            status=status,
            effective_on=effective_on,
            note=note.strip(),
            recorded_by=by,
            source=source,
            corrects=corrects,
            basis_submission=basis_submission,
        )
        if basis_evidence:
            record.basis_evidence.set(basis_evidence)
        log_progress_record(record, by=by)
        return record


def read_progress_csv(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Decode an import file into (line number, row) pairs, or raise ImportRejected."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read); save it as UTF-8"]
        ) from None
    if not text.strip():
        raise ImportRejected(
            ["the file is empty: expected a header line " + ",".join(IMPORT_HEADER)]
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
        if header != IMPORT_HEADER:
            raise ImportRejected(
                [f"the header must be {','.join(IMPORT_HEADER)}, not {','.join(header)}"]
            )
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            line = reader.line_num
            if len(values) != len(IMPORT_HEADER):
                rows.append((line, {"_columns": str(len(values))}))
                continue
            rows.append((line, dict(zip(IMPORT_HEADER, values, strict=True))))
    except csv.Error as exc:
        raise ImportRejected(
            [f"line {reader.line_num}: the file is not valid CSV ({exc})"]
        ) from None
    if not rows:
        raise ImportRejected(["the file has a header but no records"])
    return rows


def validate_progress_batch(
    items: list[tuple[int, dict[str, str]]],
) -> tuple[list[ProgressRow], dict[int, list[str]]]:
    """Check a batch of (key, {force, milestone, status, effective_date, note}) items.

    Returns the rows to write and, per key, every reason an item cannot be written. The
    CSV import keys items by line number and the API by position: the rules are shared.
    """
    check = RowCheck.load()
    problems: dict[int, list[str]] = {}
    valid: list[tuple[int, ProgressRow]] = []
    for key, values in items:
        if "_columns" in values:
            problems.setdefault(key, []).append(
                f"expected {len(IMPORT_HEADER)} columns, found {values['_columns']}"
            )
            continue
        row, errors = check.validate(
            owner=values.get("force", ""),
            milestone=values.get("milestone", ""),
            status=values.get("status", ""),
            effective_date=values.get("effective_date", ""),
            note=values.get("note", "") or "",
        )
        if errors:
            problems.setdefault(key, []).extend(errors)
        if row is not None:
            valid.append((key, row))
    for (key, _row), reason in zip(valid, check_scope([r for _k, r in valid]), strict=True):
        if reason:
            problems.setdefault(key, []).append(reason)
    return [row for _key, row in valid], problems


def import_progress(data: bytes, *, by=None) -> list[ProgressRecord]:
    """Import progress records from CSV bytes: every row, or none and every reason why."""
    rows, problems = validate_progress_batch(read_progress_csv(data))
    if problems:
        raise ImportRejected(
            [f"line {line}: {error}" for line in sorted(problems) for error in problems[line]]
        )
    return create_progress_records(rows, by=by, source=ProgressRecord.Source.IMPORT)


def change_scope(
    *,
    milestone: Milestone,
    force: Force,
    in_scope: bool,
    effective_on: datetime.date,
    reason: str,
    by=None,
) -> ScopeChange:
    """Take a force into or out of a force milestone's scope from a date, with a reason."""
    if not milestone.is_for_forces:
        raise ValueError(f"{milestone.code} belongs to a national body and has no force scope")
    if not reason.strip():
        raise ValueError("Give the reason for the change of scope")
    with transaction.atomic():
        change = ScopeChange.objects.create(
            milestone=milestone,
            force=force,
            in_scope=in_scope,
            effective_on=effective_on,
            reason=reason.strip(),
            recorded_by=by,
        )
        direction = "into" if in_scope else "out of"
        history.log(
            by=by,
            force=force,
            subject="scope",
            subject_id=change.pk,
            summary=f"Took {force} {direction} the scope of {milestone.code} from {effective_on}",
            changes={"reason": reason.strip()},
        )
        return change
