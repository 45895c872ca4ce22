from django.conf import settings
from django.db import models
from django.db.models import Q

from forces.models import Force, NationalBody


class Report(models.Model):
    """An inspection report whose recommendations are tracked."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    inspectorate = models.CharField(max_length=100, default="HMICFRS")
    published_on = models.DateField(
        help_text="The report gives only a month; the first of that month is stored."
    )
    published_label = models.CharField(max_length=40, help_text="As the report prints it.")

    class Meta:
        ordering = ["-published_on"]

    def __str__(self):
        return self.title


class Recommendation(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    theme = models.CharField(max_length=100)
    text = models.TextField(help_text="Verbatim from the report.")
    follow_up = models.TextField(
        blank=True,
        help_text="What the report asks for 'as soon as possible': tracked as actions, "
        "never overdue.",
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_number_per_report"),
        ]

    def __str__(self):
        return f"Recommendation {self.number}: {self.theme}"


class MilestoneQuerySet(models.QuerySet):
    def for_forces(self):
        return self.filter(owner=Milestone.Owner.FORCES)

    def for_national_bodies(self):
        return self.filter(owner=Milestone.Owner.NATIONAL_BODY)

    def due_in(self, year: int, month: int):
        return self.filter(due_on__year=year, due_on__month=month)


class Milestone(models.Model):
    """A dated thing a recommendation asks for, owned by forces or by one national body."""

    class Owner(models.TextChoices):
        FORCES = "forces", "Forces"
        NATIONAL_BODY = "national_body", "National body"

    class DefaultScope(models.TextChoices):
        ALL_FORCES = "all_forces", "Every force"
        VULNERABILITY_COHORT = (
            "vulnerability_cohort",
            "Forces graded requires improvement or inadequate for vulnerability in 2017",
        )
        NOT_FORCES = "not_forces", "No force (a national body's milestone)"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="milestones"
    )
    code = models.SlugField(
        max_length=40, unique=True, help_text="Stable; imports and other tools rely on it."
    )
    description = models.CharField(max_length=250)
    due_on = models.DateField()
    due_label = models.CharField(max_length=60, help_text="The deadline as the report words it.")
    owner = models.CharField(max_length=20, choices=Owner)
    national_body = models.ForeignKey(
        NationalBody, on_delete=models.PROTECT, null=True, blank=True, related_name="milestones"
    )
    partners = models.CharField(
        max_length=200, blank=True, help_text="Who the owner works with, as the report says."
    )
    default_scope = models.CharField(max_length=30, choices=DefaultScope)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner="forces", national_body__isnull=True) & ~Q(default_scope="not_forces")
                )
                | Q(owner="national_body", national_body__isnull=False, default_scope="not_forces"),
                name="milestone_owner_is_forces_or_one_national_body",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_for_forces(self) -> bool:
        return self.owner == self.Owner.FORCES

    def in_default_scope(self, force: Force) -> bool:
        if self.default_scope == self.DefaultScope.ALL_FORCES:
            return True
        if self.default_scope == self.DefaultScope.VULNERABILITY_COHORT:
            return force.grade_vulnerability in {"requires_improvement", "inadequate"}
        return False


class ScopeChange(models.Model):
    """Takes a force into or out of a milestone's scope from a date, with the reason why.

    A force's scope as of a date is its milestone's default unless a change took
    effect on or before that date; the latest such change wins.
    """

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="scope_changes")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="scope_changes")
    in_scope = models.BooleanField()
    effective_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["milestone", "force", "effective_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="scope_change_has_reason"),
        ]
        indexes = [models.Index(fields=["milestone", "force", "effective_on"])]

    def __str__(self):
        direction = "into" if self.in_scope else "out of"
        return f"{self.force} {direction} {self.milestone} from {self.effective_on}"


class ProgressRecord(models.Model):
    """An inspector's dated assessment of one force or national body against one milestone.

    Records are only ever added. A correction is a new record pointing at the one it
    corrects; the corrected record then no longer counts for any as-of date.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        MET = "met", "Met"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    class Source(models.TextChoices):
        WEB = "web", "Recorded in peeltrack"
        ADMIN = "admin", "Recorded in the admin"
        IMPORT = "import", "Imported from a file"
        API = "api", "Recorded through the API"

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="records")
    force = models.ForeignKey(
        Force, on_delete=models.PROTECT, null=True, blank=True, related_name="progress_records"
    )
    national_body = models.ForeignKey(
        NationalBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_records",
    )
    status = models.CharField(max_length=20, choices=Status)
    effective_on = models.DateField(help_text="The date the assessed position took effect.")
    note = models.TextField(blank=True, help_text="Summary of the evidence.")
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        help_text="The earlier record this one corrects.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=10, choices=Source, default=Source.WEB)
    basis_submission = models.ForeignKey(
        "Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_records",
        help_text="The force's submission this assessment rests on, if any.",
    )
    basis_evidence = models.ManyToManyField(
        "Evidence",
        blank=True,
        related_name="progress_records",
        help_text="Evidence this assessment rests on, if any.",
    )

    class Meta:
        ordering = ["effective_on", "id"]
        permissions = [("record_progress", "Can record progress against any milestone")]
        constraints = [
            # An inspector's "met" must say what it rests on.
            models.CheckConstraint(
                condition=~Q(status="met") | ~Q(note=""), name="met_progress_record_has_a_note"
            ),
            models.CheckConstraint(
                condition=Q(force__isnull=False, national_body__isnull=True)
                | Q(force__isnull=True, national_body__isnull=False),
                name="progress_record_for_one_force_or_one_national_body",
            ),
        ]
        # The as-of rule asks for the latest record per key on or before a date.
        indexes = [
            models.Index(fields=["milestone", "force", "effective_on", "id"]),
            models.Index(fields=["milestone", "national_body", "effective_on", "id"]),
        ]

    def __str__(self):
        return (
            f"{self.owner} · {self.milestone}: {self.get_status_display()} from {self.effective_on}"
        )

    @property
    def owner(self):
        return self.force or self.national_body


class ActionPlanQuerySet(models.QuerySet):
    def for_force(self, force: Force):
        return self.filter(force=force)


class ActionPlan(models.Model):
    """A force's plan for acting on one recommendation."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for assessment"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned to the force"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="action_plans")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="action_plans"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    summary = models.TextField(blank=True)
    # Bumped on every save through the services, so a stale edit can be refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["force", "recommendation"]
        permissions = [
            ("edit_own_force_plans", "Can keep their own force's action plans and evidence"),
            ("assess_submissions", "Can assess submissions and accept or return action plans"),
            ("view_all_forces", "Can see every force's plans, evidence and submissions"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "recommendation"],
                name="one_action_plan_per_force_and_recommendation",
            ),
        ]

    def __str__(self):
        return f"{self.force} — recommendation {self.recommendation.number}"


class Action(models.Model):
    class Horizon(models.TextChoices):
        SHORT = "short", "Short term"
        MEDIUM = "medium", "Medium term"
        LONG = "long", "Long term"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    horizon = models.CharField(max_length=10, choices=Horizon)
    owner = models.CharField(max_length=150, help_text="The person or team in the force.")
    target_date = models.DateField(
        null=True, blank=True, help_text="Blank for 'as soon as possible': never overdue."
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="action_completed_on_only_when_done",
            ),
        ]

    def __str__(self):
        return self.description[:60]


class TargetDateSlip(models.Model):
    """A change to an action's target date: kept for ever, with who and why."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="slips")
    old_date = models.DateField(null=True, blank=True)
    new_date = models.DateField(null=True, blank=True)
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="target_date_slip_has_reason"),
        ]

    def __str__(self):
        return f"{self.action}: {self.old_date} → {self.new_date}"


def evidence_path(evidence, filename):
    # Never the uploader's file name: it can carry paths or clash.
    return f"evidence/{evidence.force.slug}/{evidence.stored_name}"


class Evidence(models.Model):
    """A file a force liaison attached to an action plan; withdrawn, never deleted."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="evidence")
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="evidence")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=evidence_path, max_length=300)
    stored_name = models.CharField(max_length=80, unique=True)
    original_name = models.CharField(max_length=255)
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
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Submission(models.Model):
    """A force's action plan or update, sent to an inspector for assessment.

    A liaison's claim that a milestone is met is a submission, not a status: only an
    inspector's progress record changes a milestone's status.
    """

    class State(models.TextChoices):
        AWAITING = "awaiting", "Awaiting assessment"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned to the force"

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
    summary = models.TextField()
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
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="awaiting", decided_at__isnull=True)
                | (~Q(state="awaiting") & Q(decided_at__isnull=False)),
                name="submission_decided_unless_awaiting",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(decision_note=""),
                name="returned_submission_has_a_reason",
            ),
        ]

    def __str__(self):
        return (
            f"{self.force} — recommendation {self.action_plan.recommendation.number} "
            f"({self.submitted_at:%d %b %Y})"
        )


class HistoryEntry(models.Model):
    """One change by anyone, to anything: who, when, what. Appended, never edited."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    force = models.ForeignKey(
        Force, on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    subject = models.CharField(max_length=40, help_text="What kind of thing changed.")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.TextField()
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "history"
        indexes = [models.Index(fields=["force", "-at"])]

    def __str__(self):
        return self.summary
