from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ForceOwnedQuerySet
from core.text import PlainText
from forces.models import Force
from recommendations.models import Milestone, ProgressRecord, Recommendation

# Text limits are declared on the fields below and read from there (core.text.limit_of)
# by the services, forms and serializers.
TEXT_MAX_LENGTH = 10_000


class ActionPlan(models.Model):
    """A force's plan for acting on one recommendation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for assessment")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned to the force")

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="action_plans")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="action_plans"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    summary = models.TextField(blank=True, max_length=5_000, validators=[PlainText("the summary")])
    # Bumped on every save through the services, so a stale edit can be refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ForceOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["force", "recommendation"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "recommendation"],
                name="one_action_plan_per_force_and_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force} — {self.recommendation.label.lower()}"


# Generic, as Django's querysets are, so the plans page's annotated actions keep their
# annotations.
_Action = TypeVar("_Action", bound="Action", covariant=True)


class ActionQuerySet(ForceOwnedQuerySet[_Action]):
    force_field = "plan__force"


class Action(models.Model):
    class Horizon(models.TextChoices):
        SHORT = "short", _("Short term")
        MEDIUM = "medium", _("Medium term")
        LONG = "long", _("Long term")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(
        max_length=2_000, validators=[PlainText("what the force will do")]
    )
    horizon = models.CharField(max_length=10, choices=Horizon)
    owner = models.CharField(
        max_length=150,
        validators=[PlainText("who owns this action")],
        help_text="The person or team in the force.",
    )
    target_date = models.DateField(
        null=True, blank=True, help_text="Blank for 'as soon as possible': never overdue."
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="action_completed_on_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class TargetDateSlip(models.Model):
    """A change to an action's target date: kept for ever, with who and why."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="slips")
    old_date = models.DateField(null=True, blank=True)
    new_date = models.DateField(null=True, blank=True)
    reason = models.TextField(
        max_length=2_000, validators=[PlainText("the reason for the new target date")]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="target_date_slip_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.old_date} → {self.new_date}"


def evidence_path(evidence: "Evidence", filename: str) -> str:
    # Never the uploader's file name: it can carry paths or clash.
    return f"evidence/{evidence.force.slug}/{evidence.stored_name}"


class Evidence(models.Model):
    """A file a force liaison attached to an action plan; withdrawn, never deleted."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="evidence")
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="evidence")
    title = models.CharField(max_length=200, validators=[PlainText("the title")])
    file = models.FileField(upload_to=evidence_path, max_length=300)
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField(max_length=255, validators=[PlainText("the file's name")])
    kind = models.CharField(max_length=10, help_text="The type found in the file's content.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(
        blank=True,
        max_length=5_000,
        validators=[PlainText("the reason for withdrawing this evidence")],
    )

    objects = ForceOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason="")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="withdrawn_evidence_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class SubmissionQuerySet(ForceOwnedQuerySet["Submission"]):
    def awaiting(self) -> Self:
        return self.filter(state=Submission.State.AWAITING)


class Submission(models.Model):
    """A force's action plan or update, sent to an inspector for assessment.

    A liaison's claim that a milestone is met is a submission, not a status: only an
    inspector's progress record changes a milestone's status. Nobody assesses a
    submission they made.
    """

    class State(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting assessment")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned to the force")

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="submissions")
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="submissions"
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        help_text="The milestone the force says it has met, if it claims one.",
    )
    summary = models.TextField(
        max_length=TEXT_MAX_LENGTH, validators=[PlainText("what you are submitting")]
    )
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="submissions")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State, default=State.AWAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(
        blank=True, max_length=TEXT_MAX_LENGTH, validators=[PlainText("the note")]
    )
    progress_record = models.OneToOneField(
        ProgressRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="basis_submission",
        help_text="The progress record the inspector made on accepting it, if any.",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="awaiting", decided_at__isnull=True, decided_by__isnull=True)
                | (~Q(state="awaiting") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="submission_decided_unless_awaiting",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(decision_note=""),
                name="returned_submission_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("submitted_by")),
                name="nobody_assesses_their_own_submission",
            ),
            models.UniqueConstraint(
                fields=["action_plan"],
                condition=Q(state="awaiting"),
                name="one_submission_awaiting_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.force} — {self.action_plan.recommendation.label.lower()} "
            f"({self.submitted_at:%d %b %Y})"
        )
