"""Writes to action plans, actions, evidence and submissions, and their assessment.

Every function checks who is asking (core.access), runs in one write_transaction,
refuses with core.refusals.Refused, and adds its change to the history in words.
Plan-changing writes carry the plan version the person started from: if someone
saved first, the write is refused with a Conflict that carries the plan as it now
stands, and nothing is saved.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.services import signed_in
from audit.history import Subject, day, in_english, log, write_transaction
from core import access, written
from core.dates import check_in_range
from core.refusals import Conflict, Refused
from core.text import clean, limit_of
from forces.models import Force
from recommendations.models import Milestone, ProgressRecord, Recommendation
from recommendations.services import record_progress

from .events import submission_decided
from .evidence_files import check_upload
from .models import (
    Action,
    ActionPlan,
    Evidence,
    Submission,
    TargetDateSlip,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User
    from core.access import Person


class StaleEdit(Conflict):
    """Someone else saved the plan after this person opened it; nothing was saved."""

    current: ActionPlan

    def __init__(self, plan: ActionPlan) -> None:
        who = plan.updated_by.get_full_name() or plan.updated_by.username if plan.updated_by else ""
        if who:
            at = timezone.localtime(plan.updated_at)
            message = gettext(
                "Someone else saved this action plan while you were working on it (%(person)s, "
                "%(day)s at %(time)s), so your changes have not been saved yet. Their version "
                "and yours are shown below."
            ) % {"person": who, "day": written.short_day(at), "time": f"{at:%H:%M}"}
        else:
            message = gettext(
                "Someone else saved this action plan while you were working on it, so your "
                "changes have not been saved yet. Their version and yours are shown below."
            )
        super().__init__(message, current=plan)


def _require_editor(by: Person | None, force: Force) -> User:
    access.check_may_edit_force(by, force)
    return signed_in(by)


def _require_assessor(by: Person | None, submission: Submission) -> User:
    access.ASSESS.check(by)
    user = signed_in(by)
    if submission.submitted_by_id == user.pk:
        raise Refused(
            gettext("You made this submission, so another inspector must assess it"), status=403
        )
    return user


def _claim_version(plan: ActionPlan, expected_version: int, by: User) -> None:
    """Take the next version of the plan, or raise StaleEdit if it has moved on."""
    updated = ActionPlan.objects.filter(pk=plan.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=by
    )
    if not updated:
        plan.refresh_from_db()
        raise StaleEdit(ActionPlan.objects.select_related("updated_by").get(pk=plan.pk))
    plan.version = expected_version + 1


def check_plannable(recommendation: Recommendation, force: Force) -> None:
    """A force plans for an item addressed to every force or to it, with a milestone
    the forces own (an item only national bodies answer has nothing for a force to do)."""
    if recommendation.force_id not in (None, force.pk):
        raise Refused(
            gettext("%(item)s of %(report)s is addressed to another force")
            % {"item": recommendation.label, "report": recommendation.report.local_title},
            field="recommendation",
        )
    if not recommendation.milestones.for_forces().exists():
        raise Refused(
            gettext(
                "%(item)s of %(report)s has no milestone for forces: only national bodies answer it"
            )
            % {"item": recommendation.label, "report": recommendation.report.local_title},
            field="recommendation",
        )


def start_action_plan(
    *, force: Force, recommendation: Recommendation, by: Person | None
) -> ActionPlan:
    by = _require_editor(by, force)
    check_plannable(recommendation, force)
    with write_transaction():
        plan, created = ActionPlan.objects.get_or_create(
            force=force, recommendation=recommendation, defaults={"updated_by": by}
        )
        if created:
            with in_english():
                log(
                    by=by,
                    force=force,
                    subject=Subject.ACTION_PLAN,
                    subject_id=plan.pk,
                    summary=f"Started the action plan for {recommendation.label.lower()}",
                )
        return plan


def update_plan_summary(
    *, plan: ActionPlan, expected_version: int, summary: str, by: Person | None
) -> None:
    by = _require_editor(by, plan.force)
    summary = clean(summary, what="the summary", limit=limit_of(ActionPlan, "summary"))
    with write_transaction():
        _claim_version(plan, expected_version, by)
        old = ActionPlan.objects.values_list("summary", flat=True).get(pk=plan.pk)
        ActionPlan.objects.filter(pk=plan.pk).update(summary=summary)
        plan.summary = summary
        with in_english():
            log(
                by=by,
                force=plan.force,
                subject=Subject.ACTION_PLAN,
                subject_id=plan.pk,
                summary=f"Changed the summary of the plan for {plan.recommendation.label.lower()}",
                changes={"summary": [old, summary]},
            )


def _check_action(
    description: str, owner: str, target_date: datetime.date | None
) -> tuple[str, str]:
    description = clean(
        description,
        what="what the force will do",
        limit=limit_of(Action, "description"),
        required=True,
        field="description",
    )
    owner = clean(
        owner,
        what="who owns this action",
        limit=limit_of(Action, "owner"),
        required=True,
        field="owner",
    )
    if target_date is not None:
        try:
            check_in_range(target_date, what=_("the target date"))
        except ValueError as error:
            raise Refused(str(error), field="target_date") from None
    return description, owner


def add_action(
    *,
    plan: ActionPlan,
    expected_version: int,
    description: str,
    horizon: str,
    owner: str,
    target_date: datetime.date | None,
    by: Person | None,
) -> Action:
    by = _require_editor(by, plan.force)
    description, owner = _check_action(description, owner, target_date)
    if horizon not in Action.Horizon.values:
        raise Refused(gettext("Select short, medium or long term"), field="horizon")
    with write_transaction():
        _claim_version(plan, expected_version, by)
        action = Action.objects.create(
            plan=plan,
            description=description,
            horizon=horizon,
            owner=owner,
            target_date=target_date,
        )
        when = f", due {day(target_date)}" if target_date else ", as soon as possible"
        with in_english():
            log(
                by=by,
                force=plan.force,
                subject=Subject.ACTION,
                subject_id=action.pk,
                summary=f"Added a {Action.Horizon(horizon).label.lower()} action to the plan for "
                f"{plan.recommendation.label.lower()}, owned by {owner}{when}: "
                f"{description[:120]}",
            )
        return action


def change_action(
    *,
    action: Action,
    expected_version: int,
    description: str,
    horizon: str,
    owner: str,
    status: str,
    completed_on: datetime.date | None,
    target_date: datetime.date | None,
    slip_reason: str = "",
    by: Person | None,
) -> Action:
    """Change an action. A new target date needs a reason and is kept as a slip."""
    plan = action.plan
    by = _require_editor(by, plan.force)
    description, owner = _check_action(description, owner, target_date)
    if horizon not in Action.Horizon.values:
        raise Refused(gettext("Select short, medium or long term"), field="horizon")
    if status not in Action.Status.values:
        raise Refused(gettext("Select the action's status"), field="status")
    if status == Action.Status.DONE and completed_on is None:
        raise Refused(gettext("Enter the date the action was completed"), field="completed_on")
    if status != Action.Status.DONE:
        completed_on = None
    slipped = target_date != action.target_date
    slip_reason = clean(
        slip_reason,
        what="the reason for the new target date",
        limit=limit_of(TargetDateSlip, "reason"),
        field="slip_reason",
    )
    if slipped and not slip_reason:
        raise Refused(gettext("Give the reason the target date is changing"), field="slip_reason")
    with write_transaction():
        _claim_version(plan, expected_version, by)
        before = Action.objects.get(pk=action.pk)
        if slipped:
            TargetDateSlip.objects.create(
                action=action,
                old_date=before.target_date,
                new_date=target_date,
                reason=slip_reason,
                changed_by=by,
            )
        after = {
            "description": description,
            "horizon": horizon,
            "owner": owner,
            "status": status,
            "completed_on": completed_on,
            "target_date": target_date,
        }
        Action.objects.filter(pk=action.pk).update(**after)
        for field, value in after.items():
            setattr(action, field, value)
        changes = {
            field: [getattr(before, field), value]
            for field, value in after.items()
            if getattr(before, field) != value
        }
        with in_english():
            log(
                by=by,
                force=plan.force,
                subject=Subject.ACTION,
                subject_id=action.pk,
                summary=_action_sentence(before, action, slip_reason),
                changes=changes,
            )
        return action


def _action_sentence(before: Action, after: Action, slip_reason: str) -> str:
    """What changed in an action, in words: "Target date moved from … to …: reason"."""
    parts = []

    def when(value: datetime.date | None) -> str:
        return day(value) if value else "as soon as possible"

    if before.target_date != after.target_date:
        parts.append(
            f"target date moved from {when(before.target_date)} to {when(after.target_date)}: "
            f"{slip_reason}"
        )
    if before.status != after.status:
        done = f" on {day(after.completed_on)}" if after.completed_on else ""
        parts.append(
            f"status changed from {before.get_status_display().lower()} to "
            f"{after.get_status_display().lower()}{done}"
        )
    if before.horizon != after.horizon:
        parts.append(
            f"horizon changed from {before.get_horizon_display().lower()} to "
            f"{after.get_horizon_display().lower()}"
        )
    if before.owner != after.owner:
        parts.append(f"owner changed from {before.owner} to {after.owner}")
    if before.description != after.description:
        parts.append("description reworded")
    what = "; ".join(parts) or "saved with no changes"
    return f"Action “{after.description[:80]}”: {what[0].upper()}{what[1:]}"


def attach_evidence(
    *, plan: ActionPlan, upload: UploadedFile[bytes], title: str, by: Person | None
) -> Evidence:
    """Store an uploaded file against a plan, after checking what it really is."""
    by = _require_editor(by, plan.force)
    # The name is shown to people and offered back on download: the same rules as text.
    original_name = clean(
        upload.name,
        what="the selected file's name",
        limit=limit_of(Evidence, "original_name"),
        required=True,
        field="file",
    )
    title = clean(
        title,
        what="a title for the evidence",
        limit=limit_of(Evidence, "title"),
        required=True,
        field="title",
    )
    try:
        kind = check_upload(upload)
    except ValidationError as error:
        raise Refused(error.messages, field="file") from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = {"jpeg": "jpg"}.get(kind, kind)
    assert upload.size is not None, "An uploaded file has its size."
    evidence = Evidence(
        force=plan.force,
        action_plan=plan,
        title=title,
        stored_name=f"{uuid.uuid4().hex}.{extension}",
        original_name=original_name,
        kind=kind,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            # The file first, in the record's own transaction: stored in the database
            # (core.storage), it commits or rolls back with its row. Before the data
            # version is locked, so other writers do not queue behind 20 MB being
            # written; the file's rows are its own, new, and lock nothing of theirs.
            evidence.file.save(evidence.stored_name, upload, save=False)
            with write_transaction():
                evidence.save()
                with in_english():
                    log(
                        by=by,
                        force=plan.force,
                        subject=Subject.EVIDENCE,
                        subject_id=evidence.pk,
                        summary=f"Attached evidence “{title}” ({original_name}) to the plan "
                        f"for {plan.recommendation.label.lower()}",
                    )
    except Exception:
        # Nothing half-written: no row means no stored file either. (A file on disk is
        # outside the transaction and is removed here; one in the database is gone
        # with the rollback already.)
        evidence.file.delete(save=False)
        raise
    return evidence


def withdraw_evidence(*, evidence: Evidence, reason: str, by: Person | None) -> Evidence:
    """Withdraw evidence: it stays stored and in the history, marked withdrawn."""
    by = _require_editor(by, evidence.force)
    reason = clean(
        reason,
        what="the reason for withdrawing this evidence",
        limit=limit_of(Evidence, "withdrawal_reason"),
        required=True,
        field="reason",
    )
    with write_transaction():
        updated = Evidence.objects.filter(pk=evidence.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=by, withdrawal_reason=reason
        )
        if not updated:
            raise Conflict(gettext("This evidence has already been withdrawn"))
        evidence.refresh_from_db()
        with in_english():
            log(
                by=by,
                force=evidence.force,
                subject=Subject.EVIDENCE,
                subject_id=evidence.pk,
                summary=f"Withdrew evidence “{evidence.title}”: {reason}",
                changes={"reason": reason},
            )
        return evidence


def submit_for_assessment(
    *,
    plan: ActionPlan,
    expected_version: int,
    summary: str,
    milestone: Milestone | None,
    evidence: list[Evidence],
    by: Person | None,
) -> Submission:
    """Send the plan, or an update on it, to the inspectors; optionally claim a milestone met."""
    by = _require_editor(by, plan.force)
    summary = clean(
        summary,
        what="what you are submitting",
        limit=limit_of(Submission, "summary"),
        required=True,
        field="summary",
    )
    if milestone is not None and (
        milestone.recommendation_id != plan.recommendation_id or not milestone.is_for_forces
    ):
        raise Refused(
            gettext("Choose one of this recommendation's force milestones"), field="milestone"
        )
    if any(e.action_plan_id != plan.pk or e.is_withdrawn for e in evidence):
        raise Refused(
            gettext("Choose evidence attached to this plan and not withdrawn"), field="evidence"
        )
    with write_transaction():
        _claim_version(plan, expected_version, by)
        if Submission.objects.filter(action_plan=plan).awaiting().exists():
            raise Conflict(
                gettext(
                    "This plan already has a submission awaiting assessment: wait for the "
                    "inspector's decision before submitting again"
                )
            )
        submission = Submission.objects.create(
            force=plan.force,
            action_plan=plan,
            milestone=milestone,
            summary=summary,
            submitted_by=by,
        )
        submission.evidence.set(evidence)
        ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.SUBMITTED)
        plan.status = ActionPlan.Status.SUBMITTED
        with in_english():
            claim = f", saying {milestone.full_name} is met" if milestone else ""
            log(
                by=by,
                force=plan.force,
                subject=Subject.SUBMISSION,
                subject_id=submission.pk,
                summary=f"Submitted the plan for {plan.recommendation.label.lower()} "
                f"for assessment{claim}",
            )
        return submission


def _already_decided(submission: Submission) -> Conflict:
    decider = submission.decided_by
    assert decider is not None, "A decided submission has the inspector who decided it."
    who = decider.get_full_name() or decider.username
    return Conflict(
        gettext(
            "This submission has already been %(state)s by %(person)s on %(day)s: nothing was "
            "changed"
        )
        % {
            "state": submission.get_state_display().lower(),
            "person": who,
            "day": written.short_day(timezone.localdate(submission.decided_at)),
        },
        current=submission,
    )


def check_undecided(submission: Submission) -> None:
    """A decided submission is a 409 that says who decided it, whatever else is asked:
    checked before the decision's own input, so repeating an accept or a return always
    hears what happened, not what is wrong with the repeat."""
    if submission.state != Submission.State.AWAITING:
        raise _already_decided(submission)


def _decide(submission: Submission, state: str, note: str, by: User) -> None:
    # Conditional on the state, so two inspectors deciding at once cannot both succeed.
    updated = Submission.objects.filter(pk=submission.pk, state=Submission.State.AWAITING).update(
        state=state, decided_by=by, decided_at=timezone.now(), decision_note=note
    )
    if not updated:
        submission.refresh_from_db()
        raise _already_decided(submission)
    submission.refresh_from_db()


def _acceptance_note(note: str) -> str:
    return clean(
        note,
        what="a note saying what the assessment rests on",
        limit=limit_of(Submission, "decision_note"),
        required=True,
        field="note",
    )


def acceptance_problems(
    submission: Submission,
    milestone: Milestone | None,
    status: str | None,
    effective_on: datetime.date | None,
    note: str,
) -> list[Refused]:
    """Everything wrong with accepting the submission this way, all at once (the form
    shows them together): a note it rests on; a milestone one of the item's force
    milestones, with its status and the date it took effect."""
    problems = []
    try:
        _acceptance_note(note)
    except Refused as refused:
        problems.append(refused)
    if milestone is None:
        return problems
    if (
        milestone.recommendation_id != submission.action_plan.recommendation_id
        or not milestone.is_for_forces
    ):
        problems.append(
            Refused(
                gettext("Choose one of this recommendation's force milestones"), field="milestone"
            )
        )
    if not status:
        problems.append(Refused(gettext("Select the milestone's status"), field="status"))
    if effective_on is None:
        problems.append(
            Refused(
                gettext("Enter the date the milestone's status took effect"), field="effective_on"
            )
        )
    return problems


def accept_submission(
    *,
    submission: Submission,
    by: Person | None,
    milestone: Milestone | None,
    status: str | None,
    effective_on: datetime.date | None,
    note: str,
    public_summary: str = "",
) -> ProgressRecord | None:
    """Accept a submission and, where a milestone is assessed, record progress on it."""
    by = _require_assessor(by, submission)
    check_undecided(submission)
    problems = acceptance_problems(submission, milestone, status, effective_on, note)
    if problems:
        raise problems[0]
    note = _acceptance_note(note)
    with write_transaction():
        _decide(submission, Submission.State.ACCEPTED, note, by)
        ActionPlan.objects.filter(pk=submission.action_plan_id).update(
            status=ActionPlan.Status.ACCEPTED, version=F("version") + 1, updated_by=by
        )
        record = None
        if milestone is not None:
            assert status, "Checked above: a milestone assessed has its status."
            record = record_progress(
                milestone=milestone,
                force=submission.force,
                status=status,
                effective_on=effective_on,
                note=note,
                public_summary=public_summary,
                by=by,
            )
            Submission.objects.filter(pk=submission.pk).update(progress_record=record)
            submission.progress_record = record
        with in_english():
            log(
                by=by,
                force=submission.force,
                subject=Subject.SUBMISSION,
                subject_id=submission.pk,
                summary=f"Accepted the submission for "
                f"{submission.action_plan.recommendation.label.lower()}"
                + (
                    f" and recorded {record.milestone.full_name} as "
                    f"{record.get_status_display().lower()} "
                    f"from {day(record.effective_on)}"
                    if record
                    else ""
                ),
            )
        submission_decided.send(sender=Submission, submission=submission, by=by)
        return record


def return_submission(*, submission: Submission, by: Person | None, reason: str) -> None:
    by = _require_assessor(by, submission)
    check_undecided(submission)
    reason = clean(
        reason,
        what="the reason for returning the submission",
        limit=limit_of(Submission, "decision_note"),
        required=True,
        field="reason",
    )
    with write_transaction():
        _decide(submission, Submission.State.RETURNED, reason, by)
        ActionPlan.objects.filter(pk=submission.action_plan_id).update(
            status=ActionPlan.Status.RETURNED, version=F("version") + 1, updated_by=by
        )
        with in_english():
            log(
                by=by,
                force=submission.force,
                subject=Subject.SUBMISSION,
                subject_id=submission.pk,
                summary=f"Returned the submission for "
                f"{submission.action_plan.recommendation.label.lower()} to the force: {reason}",
                changes={"reason": reason},
            )
        submission_decided.send(sender=Submission, submission=submission, by=by)
