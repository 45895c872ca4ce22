import datetime
from collections.abc import Iterable
from typing import Self

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from core.access import ForceOwnedQuerySet
from core.text import PlainText
from forces.models import BELOW_GOOD, GRADED_AREAS, Force, Grade, NationalBody

# A progress record's note: the field's limit, which the database checks too.
NOTE_MAX_LENGTH = 10_000


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

    def __str__(self) -> str:
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

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.theme}"


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def for_forces(self) -> Self:
        return self.filter(owner=Milestone.Owner.FORCES)

    def for_national_bodies(self) -> Self:
        return self.filter(owner=Milestone.Owner.NATIONAL_BODY)

    def due_in(self, year: int, month: int) -> Self:
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
        max_length=40,
        unique=True,
        help_text="Stable, and unique across reports; imports and other tools rely on it.",
    )
    description = models.CharField(max_length=250)
    due_on = models.DateField(
        help_text="The due date now. It changes only by a due date change, which keeps the "
        "earlier date."
    )
    due_label = models.CharField(
        max_length=60, help_text="The deadline as the report words it (never changed)."
    )
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

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"

    @property
    def is_for_forces(self) -> bool:
        return self.owner == self.Owner.FORCES

    def in_default_scope(self, force: Force, grades: dict[str, str] | None = None) -> bool:
        """Whether the report's own scope covers the force; `grades` as then known."""
        if self.default_scope == self.DefaultScope.ALL_FORCES:
            return True
        if self.default_scope == self.DefaultScope.VULNERABILITY_COHORT:
            grade = (grades or {}).get("vulnerability", force.grade_vulnerability)
            return grade in BELOW_GOOD
        return False


class ReasonedChange(models.Model):
    """A change to the reference data: why, by whom, when. Appended, never edited."""

    reason = models.TextField(max_length=5_000, validators=[PlainText("the reason")])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["recorded_at", "id"]


class DueDateChange(ReasonedChange):
    """A milestone's due date moved, with the reason. The earlier date is kept here.

    Reports "as known on" an earlier day use the due date as it stood then.
    """

    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="due_date_changes"
    )
    old_due_on = models.DateField()
    new_due_on = models.DateField()

    class Meta(ReasonedChange.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="due_date_change_has_reason"),
            models.CheckConstraint(
                condition=~Q(old_due_on=models.F("new_due_on")),
                name="due_date_change_changes_the_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone.code}: {self.old_due_on} → {self.new_due_on}"


class GradeCorrection(ReasonedChange):
    """A force's 2017 grade corrected, with the reason. The earlier grade is kept here.

    Grades decide who is in the vulnerability cohort (R3-first-review), so a
    correction can move a force into or out of a milestone's scope.
    """

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="grade_corrections")
    area = models.CharField(max_length=30, choices=list(GRADED_AREAS.items()))
    old_grade = models.CharField(max_length=24, choices=Grade)
    new_grade = models.CharField(max_length=24, choices=Grade)

    objects = ForceOwnedQuerySet.as_manager()

    class Meta(ReasonedChange.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="grade_correction_has_reason"),
            models.CheckConstraint(
                condition=~Q(old_grade=models.F("new_grade")),
                name="grade_correction_changes_the_grade",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force}: {self.get_area_display()} {self.old_grade} → {self.new_grade}"


class ScopeChange(models.Model):
    """Takes a force into or out of a milestone's scope from a date, with the reason why.

    A force's scope as of a date is its milestone's default unless a change took
    effect on or before that date; the latest such change wins.
    """

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="scope_changes")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="scope_changes")
    in_scope = models.BooleanField()
    effective_on = models.DateField()
    reason = models.TextField(max_length=5_000, validators=[PlainText("the reason")])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ForceOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["milestone", "force", "effective_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="scope_change_has_reason"),
        ]
        indexes = [models.Index(fields=["milestone", "force", "effective_on", "id"])]

    def __str__(self) -> str:
        direction = "into" if self.in_scope else "out of"
        return f"{self.force} {direction} {self.milestone.code} from {self.effective_on}"


class ProgressRecordQuerySet(ForceOwnedQuerySet["ProgressRecord"]):
    def shared_q(self) -> Q:
        # National bodies' milestones concern every force: liaisons see those records.
        return Q(force__isnull=True)

    def known_on(self, moment: datetime.datetime | None) -> Self:
        """Records entered before `moment` (None: all)."""
        return self if moment is None else self.filter(recorded_at__lt=moment)

    def newest_for_force(
        self,
        force: Force,
        milestones: Iterable[Milestone],
        *,
        entered_before: datetime.datetime | None = None,
        per_milestone: int,
    ) -> dict[int, list["ProgressRecord"]]:
        """A force's newest records of each milestone (by effective date, then entry),
        entered before `entered_before` if given: {milestone id: records, newest first}.

        One index lookup per milestone (on milestone, force, effective date, id), joined
        by UNION ALL, so the cost does not grow with the length of the force's history.
        """
        table = connection.ops.quote_name(self.model._meta.db_table)
        cutoff = (
            connection.ops.adapt_datetimefield_value(entered_before) if entered_before else None
        )
        known_sql = " AND recorded_at < %s" if cutoff else ""
        parts: list[str] = []
        params: list[int | str | None] = []
        for milestone in milestones:
            parts.append(
                f"SELECT id FROM (SELECT id FROM {table} WHERE force_id = %s AND "
                f"milestone_id = %s{known_sql} ORDER BY effective_on DESC, id DESC LIMIT %s) "
                f"AS m{milestone.pk}"
            )
            params += [force.pk, milestone.pk, *([cutoff] if cutoff else []), per_milestone]
        if not parts:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            ids = [row[0] for row in cursor.fetchall()]
        found: dict[int, list[ProgressRecord]] = {}
        for record in (
            self.filter(pk__in=ids)
            .select_related("milestone", "recorded_by", "corrects", "corrected_by")
            .order_by("-effective_on", "-id")
        ):
            found.setdefault(record.milestone_id, []).append(record)
        return found


class ProgressRecord(models.Model):
    """An inspector's dated assessment of one force or national body against one milestone.

    Records are only ever added (the database refuses changes). A correction is a new
    record pointing at the one it corrects; from when the correction is entered, the
    corrected record no longer counts for any as-of date.
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
    note = models.TextField(
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[PlainText("the note")],
        help_text="Summary of the evidence.",
    )
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

    objects = ProgressRecordQuerySet.as_manager()

    class Meta:
        ordering = ["effective_on", "id"]
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
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "met", "not_applicable"]),
                name="progress_record_status_is_known",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="progress_record_note_within_limit",
            ),
            models.CheckConstraint(
                condition=~Q(corrects=models.F("id")), name="progress_record_corrects_another"
            ),
        ]
        # The as-of rule looks up the latest record per owner on or before a date.
        indexes = [
            models.Index(fields=["milestone", "force", "effective_on", "id"]),
            models.Index(fields=["milestone", "national_body", "effective_on", "id"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.owner} · {self.milestone.code}: {self.get_status_display()} "
            f"from {self.effective_on}"
        )

    @property
    def owner(self) -> Force | NationalBody | None:
        return self.force or self.national_body
