"""Writes to action plans, actions, evidence and submissions, and their assessment.

Every function here runs in one transaction, checks the plan's version so that two
people editing one plan at once cannot silently overwrite each other, and adds an entry
to the change history.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forces.models import Force

from . import history
from .evidence_files import check_upload
from .models import (
    Action,
    ActionPlan,
    Evidence,
    Milestone,
    ProgressRecord,
    Recommendation,
    Submission,
    TargetDateSlip,
)


class StaleEdit(Exception):
    """Someone else saved the plan after this person opened it; nothing was saved."""

    def __init__(self, plan: ActionPlan):
        super().__init__(
            "Someone else changed this action plan while you were editing it, so your "
            "changes were not saved. Their changes are shown below: check them, then make "
            "your changes again."
        )
        self.plan = plan


class NotAllowed(Exception):
    """The change breaks a rule of the workflow; the message says which."""


def _claim_version(plan: ActionPlan, expected_version: int) -> None:
    """Take the next version of the plan, or raise StaleEdit if it has moved on."""
    updated = ActionPlan.objects.filter(pk=plan.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        plan.refresh_from_db()
        raise StaleEdit(plan)
    plan.version = expected_version + 1


def start_action_plan(*, force: Force, recommendation: Recommendation, by) -> ActionPlan:
    with transaction.atomic():
        plan, created = ActionPlan.objects.get_or_create(force=force, recommendation=recommendation)
        if created:
            history.log(
                by=by,
                force=force,
                subject="action plan",
                subject_id=plan.pk,
                summary=f"Started the action plan for recommendation {recommendation.number}",
            )
        return plan


def update_plan_summary(*, plan: ActionPlan, expected_version: int, summary: str, by) -> None:
    with transaction.atomic():
        _claim_version(plan, expected_version)
        old = plan.summary
        ActionPlan.objects.filter(pk=plan.pk).update(summary=summary)
        plan.summary = summary
        history.log(
            by=by,
            force=plan.force,
            subject="action plan",
            subject_id=plan.pk,
            summary=f"Changed the summary of the plan for recommendation "
            f"{plan.recommendation.number}",
            changes={"summary": [old, summary]},
        )


def add_action(
    *,
    plan: ActionPlan,
    expected_version: int,
    description: str,
    horizon: str,
    owner: str,
    target_date: datetime.date | None,
    by,
) -> Action:
    with transaction.atomic():
        _claim_version(plan, expected_version)
        action = Action.objects.create(
            plan=plan,
            description=description,
            horizon=horizon,
            owner=owner,
            target_date=target_date,
        )
        history.log(
            by=by,
            force=plan.force,
            subject="action",
            subject_id=action.pk,
            summary=f"Added an action to the plan for recommendation {plan.recommendation.number}: "
            f"{description[:80]}",
            changes={"target_date": target_date, "horizon": horizon, "owner": owner},
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
    by,
) -> Action:
    """Change an action. A new target date needs a reason and is kept as a slip."""
    plan = action.plan
    if status == Action.Status.DONE and completed_on is None:
        raise NotAllowed("Enter the date the action was completed")
    if status != Action.Status.DONE:
        completed_on = None
    slipped = target_date != action.target_date
    if slipped and not slip_reason.strip():
        raise NotAllowed("Give the reason the target date is changing")
    with transaction.atomic():
        _claim_version(plan, expected_version)
        before = {
            field: getattr(action, field)
            for field in (
                "description",
                "horizon",
                "owner",
                "status",
                "completed_on",
                "target_date",
            )
        }
        if slipped:
            TargetDateSlip.objects.create(
                action=action,
                old_date=action.target_date,
                new_date=target_date,
                reason=slip_reason.strip(),
                changed_by=by,
            )
        action.description = description
        action.horizon = horizon
        action.owner = owner
        action.status = status
        action.completed_on = completed_on
        action.target_date = target_date
        action.save()
        changes = {
            field: [old, getattr(action, field)]
            for field, old in before.items()
            if old != getattr(action, field)
        }
        if slipped:
            changes["slip_reason"] = slip_reason.strip()
        history.log(
            by=by,
            force=plan.force,
            subject="action",
            subject_id=action.pk,
            summary=(
                f"Moved the target date of an action from {before['target_date'] or 'none'} to "
                f"{target_date or 'none'}"
                if slipped
                else f"Changed an action: {description[:80]}"
            ),
            changes=changes,
        )
        return action


def attach_evidence(*, plan: ActionPlan, upload, title: str, by) -> Evidence:
    """Store an uploaded file against a plan, after checking what it really is."""
    kind = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = {"jpeg": "jpg"}.get(kind, kind)
    evidence = Evidence(
        force=plan.force,
        action_plan=plan,
        title=title,
        stored_name=f"{uuid.uuid4().hex}.{extension}",
        original_name=upload.name[:255],
        kind=kind,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    evidence.file.save(evidence.stored_name, upload, save=False)
    try:
        with transaction.atomic():
            evidence.save()
            history.log(
                by=by,
                force=plan.force,
                subject="evidence",
                subject_id=evidence.pk,
                summary=f"Attached evidence “{title}” ({upload.name}) to the plan for "
                f"recommendation {plan.recommendation.number}",
            )
    except Exception:
        # Nothing half-written: no row means no stored file either.
        evidence.file.delete(save=False)
        raise
    return evidence


def withdraw_evidence(*, evidence: Evidence, reason: str, by) -> Evidence:
    """Withdraw evidence: it stays stored and in the history, marked withdrawn."""
    if not reason.strip():
        raise NotAllowed("Give the reason for withdrawing this evidence")
    with transaction.atomic():
        updated = Evidence.objects.filter(pk=evidence.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=by, withdrawal_reason=reason.strip()
        )
        if not updated:
            raise NotAllowed("This evidence has already been withdrawn")
        evidence.refresh_from_db()
        history.log(
            by=by,
            force=evidence.force,
            subject="evidence",
            subject_id=evidence.pk,
            summary=f"Withdrew evidence “{evidence.title}”",
            changes={"reason": reason.strip()},
        )
        return evidence


def submit_for_assessment(
    *,
    plan: ActionPlan,
    expected_version: int,
    summary: str,
    milestone: Milestone | None,
    evidence: list[Evidence],
    by,
) -> Submission:
    """Send the plan, or an update on it, to the inspectors; optionally claim a milestone met."""
    if milestone is not None and (
        milestone.recommendation_id != plan.recommendation_id or not milestone.is_for_forces
    ):
        raise NotAllowed("Choose one of this recommendation's force milestones")
    if any(e.action_plan_id != plan.pk or e.is_withdrawn for e in evidence):
        raise NotAllowed("Choose evidence attached to this plan and not withdrawn")
    with transaction.atomic():
        _claim_version(plan, expected_version)
        if Submission.objects.filter(action_plan=plan, state=Submission.State.AWAITING).exists():
            raise NotAllowed(
                "This plan already has a submission awaiting assessment: wait for the "
                "inspector's decision before submitting again"
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
        claim = f", saying {milestone.code} is met" if milestone else ""
        history.log(
            by=by,
            force=plan.force,
            subject="submission",
            subject_id=submission.pk,
            summary=f"Submitted the plan for recommendation {plan.recommendation.number} "
            f"for assessment{claim}",
        )
        return submission


def _decide(submission: Submission, state: str, note: str, by) -> None:
    updated = Submission.objects.filter(pk=submission.pk, state=Submission.State.AWAITING).update(
        state=state, decided_by=by, decided_at=timezone.now(), decision_note=note
    )
    if not updated:
        raise NotAllowed("This submission has already been assessed by someone else")
    submission.refresh_from_db()


def accept_submission(
    *,
    submission: Submission,
    by,
    milestone: Milestone | None,
    status: str | None,
    effective_on: datetime.date | None,
    note: str,
) -> ProgressRecord | None:
    """Accept a submission and, where a milestone is assessed, record progress on it."""
    from .services import record_progress

    with transaction.atomic():
        _decide(submission, Submission.State.ACCEPTED, note, by)
        ActionPlan.objects.filter(pk=submission.action_plan_id).update(
            status=ActionPlan.Status.ACCEPTED, version=F("version") + 1
        )
        record = None
        if milestone is not None:
            record = record_progress(
                milestone=milestone,
                force=submission.force,
                status=status,
                effective_on=effective_on,
                note=note,
                by=by,
                basis_submission=submission,
                basis_evidence=list(submission.evidence.all()),
            )
        history.log(
            by=by,
            force=submission.force,
            subject="submission",
            subject_id=submission.pk,
            summary=f"Accepted the submission for recommendation "
            f"{submission.action_plan.recommendation.number}"
            + (
                f" and recorded {milestone.code} as {record.get_status_display().lower()}"
                if record
                else ""
            ),
        )
        return record


def return_submission(*, submission: Submission, by, reason: str) -> None:
    if not reason.strip():
        raise NotAllowed("Give the reason for returning the submission to the force")
    with transaction.atomic():
        _decide(submission, Submission.State.RETURNED, reason.strip(), by)
        ActionPlan.objects.filter(pk=submission.action_plan_id).update(
            status=ActionPlan.Status.RETURNED, version=F("version") + 1
        )
        history.log(
            by=by,
            force=submission.force,
            subject="submission",
            subject_id=submission.pk,
            summary=f"Returned the submission for recommendation "
            f"{submission.action_plan.recommendation.number} to the force",
            changes={"reason": reason.strip()},
        )
