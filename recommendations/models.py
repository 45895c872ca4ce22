import datetime
from collections.abc import Callable, Collection, Iterable
from typing import Any, Self

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import languages, written
from core.access import ForceOwnedQuerySet
from core.text import PlainText
from forces.models import Force, Grade, Inspection, InspectionArea, NationalBody

# A progress record's note: the field's limit, which the database checks too.
NOTE_MAX_LENGTH = 10_000
PUBLIC_SUMMARY_MAX_LENGTH = 1_000


# When the record begins: the reports peeltrack ships are known from then.
RECORD_BEGINS = datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC)


class Precision(models.TextChoices):
    """How much of a date is known: a report may give only the month or the year."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def partial_date(value: datetime.date | None, precision: str) -> str:
    """A date as far as it is known: 10 April 2019, March 2018, 2016, or "not known" (in
    the page's language)."""
    if value is None:
        return gettext("not known")
    if precision == Precision.YEAR:
        return f"{value:%Y}"
    if precision == Precision.MONTH:
        return written.month(value)
    return written.long_day(value)


# Reports newest first, those without a publication date last: the model's own order,
# and named for the pages that depend on it.
NEWEST_FIRST: list[str | Combinable] = [models.F("published_on").desc(nulls_last=True), "-id"]


class ReportQuerySet(models.QuerySet["Report"]):
    def newest_first(self) -> Self:
        return self.order_by(*NEWEST_FIRST)


class Report(models.Model):
    """An inspection report whose items are tracked, loaded from a report file
    (docs/report-format.md, recommendations.reports)."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200, validators=[PlainText("the title")])
    title_cy = models.CharField(
        max_length=200,
        blank=True,
        validators=[PlainText("the Welsh title")],
        help_text="The report's Welsh title, where the report file gives one.",
    )
    inspectorate = models.CharField(
        max_length=100, default="HMICFRS", validators=[PlainText("the inspectorate")]
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day; the first day of the month or year when only that is known "
        "(published_precision); empty when it is not known.",
    )
    published_precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    published_label = models.CharField(
        max_length=60,
        blank=True,
        validators=[PlainText("the date as printed")],
        help_text="As the report prints it, or what is known of the date.",
    )
    responses_required = models.BooleanField(
        default=False,
        help_text="Local policing bodies must publish comments within 56 days (s55 Police "
        "Act 1996).",
    )
    source = models.TextField(
        blank=True,
        max_length=500,
        validators=[PlainText("the source")],
        help_text="Where the report's text comes from.",
    )
    inspection = models.OneToOneField(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
        help_text="The graded inspection this report publishes, if it publishes one.",
    )
    loaded_at = models.DateTimeField(
        default=timezone.now,
        help_text="When it was loaded: pages as known on an earlier day leave it out. The "
        "reports peeltrack ships count as known from the start of the record.",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        # Newest first: a report whose date is not known after every dated one; among
        # those, and among reports of one day, the one loaded later first.
        ordering = NEWEST_FIRST

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:report", args=[self.slug])

    @property
    def local_title(self) -> str:
        """The title in the page's language, where the report file gives it."""
        return languages.local(self.title, self.title_cy)

    @property
    def published(self) -> str:
        """When it was published, as far as that is known. A label that only says the
        date (the file's "March 2018") is written in the page's language; one that says
        more ("Spring 2018, exact day not given") is the report's own words."""
        shown = partial_date(self.published_on, self.published_precision)
        if self.published_label and self.published_on is not None:
            with translation.override("en-gb"):
                in_english = partial_date(self.published_on, self.published_precision)
            return shown if self.published_label == in_english else self.published_label
        return self.published_label or shown

    @property
    def published_as_given(self) -> bool:
        """Whether `published` is the report file's own English label, not a date."""
        return self.published != partial_date(self.published_on, self.published_precision)


class RecommendationQuerySet(models.QuerySet["Recommendation"]):
    def recommendations(self) -> Self:
        return self.filter(kind=Recommendation.Kind.RECOMMENDATION)


class Recommendation(models.Model):
    """Something a report asks for: a recommendation, a cause of concern or an area for
    improvement (the inspectorate's three kinds). The table keeps the name of the kind the
    first report had alone; `kind` says which each row is."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        CAUSE_OF_CONCERN = "cause_of_concern", _("Cause of concern")
        AREA_FOR_IMPROVEMENT = "area_for_improvement", _("Area for improvement")

    # Each kind's name for more than one.
    PLURALS = {
        "recommendation": "recommendations",
        "cause_of_concern": "causes of concern",
        "area_for_improvement": "areas for improvement",
    }

    class TextIs(models.TextChoices):
        VERBATIM = "verbatim", _("The report's own words")
        SUMMARY = "summary", _("Known only from a later report's account")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="recommendations")
    kind = models.CharField(max_length=24, choices=Kind, default=Kind.RECOMMENDATION)
    number = models.PositiveSmallIntegerField()
    theme = models.CharField(max_length=100, validators=[PlainText("the theme")])
    text = models.TextField(max_length=10_000, validators=[PlainText("the text")])
    text_is = models.CharField(max_length=10, choices=TextIs, default=TextIs.VERBATIM)
    text_cy = models.TextField(
        max_length=10_000,
        blank=True,
        validators=[PlainText("the Welsh text")],
        help_text="The text in Welsh, where the report file gives it (a Welsh edition).",
    )
    source = models.CharField(
        max_length=300,
        blank=True,
        validators=[PlainText("the source")],
        help_text="Where the text is: the report's section (and page).",
    )
    also_asks = models.TextField(
        blank=True,
        max_length=2_000,
        validators=[PlainText("what it also asks")],
        help_text="What the report asks for 'as soon as possible': tracked as actions, "
        "never overdue.",
    )
    force = models.ForeignKey(
        Force,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        help_text="The force an item addressed to one force is for.",
    )
    follows_up = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="followed_up_by",
        help_text="Earlier items this one makes again.",
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["report", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "number"], name="one_number_per_kind_and_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:item", args=[self.report.slug, self.address])

    @property
    def label(self) -> str:
        """The kind and number: Recommendation 2, Area for improvement 4."""
        return f"{self.get_kind_display()} {self.number}"

    @property
    def address(self) -> str:
        """The item's part of its page's address: recommendation-2, area-for-improvement-4."""
        return f"{self.kind.replace('_', '-')}-{self.number}"

    @property
    def local_text(self) -> str:
        """The text in the page's language, where the report file gives it."""
        return languages.local(self.text, self.text_cy)

    @property
    def is_summary(self) -> bool:
        return self.text_is == self.TextIs.SUMMARY


def listed_forces_prefetch() -> "models.Prefetch[Any]":
    """The forces a listed scope names, as `Milestone.listed_forces` (a plain list: a
    prefetch into the related manager costs a manager per milestone, a fifth of the
    cost of reading every report's milestones)."""
    return models.Prefetch(
        "scope_forces", queryset=Force.objects.only("pk", "slug", "name"), to_attr="listed_forces"
    )


def default_scope_covers(
    scope: str,
    force_id: int,
    listed_ids: Callable[[], Collection[int]],
    area_id: int | None,
    scope_grades: Collection[str],
    grades: dict[int, str] | None,
) -> bool:
    """Whether a milestone's own scope covers the force: every force; a force the report
    names (`listed_ids`, asked only for a listed scope); or a force graded, as then known
    (`grades`: area id to grade), one of `scope_grades` in the area. The one statement of
    the report's scope, for a milestone and for the as-of rule's lighter reads alike."""
    if scope == Milestone.Scope.ALL_FORCES:
        return True
    if scope == Milestone.Scope.LISTED:
        return force_id in listed_ids()
    if scope == Milestone.Scope.GRADED and area_id is not None:
        return (grades or {}).get(area_id) in scope_grades
    return False


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def for_forces(self) -> Self:
        return self.filter(owner=Milestone.Owner.FORCES)

    def for_national_bodies(self) -> Self:
        return self.filter(owner=Milestone.Owner.NATIONAL_BODY)

    def due_in(self, year: int, month: int) -> Self:
        return self.filter(due_on__year=year, due_on__month=month)

    def of_report(self, report: "Report | int | None") -> Self:
        if report is None:
            return self
        pk = report if isinstance(report, int) else report.pk
        return self.filter(recommendation__report_id=pk)

    def for_the_rule(self) -> Self:
        """With everything the as-of rule reads of a milestone, in a constant number of
        queries: its item and report, owner, and the forces a listed scope names.

        The reports are prefetched, not joined: a join makes a copy of the report for
        every milestone, and with every report loaded making those copies cost a fifth
        of reading the milestones."""
        return self.select_related(
            "recommendation", "national_body", "scope_area__inspection"
        ).prefetch_related("recommendation__report", listed_forces_prefetch())


class Milestone(models.Model):
    """A dated (or undated) thing an item asks for, owned by the forces in its scope or by
    one national body."""

    class Owner(models.TextChoices):
        FORCES = "forces", _("Forces")
        NATIONAL_BODY = "national_body", _("National body")

    class Scope(models.TextChoices):
        ALL_FORCES = "all_forces", _("Every force")
        LISTED = "listed", _("The forces the report names")
        GRADED = "graded", _("The forces an inspection graded so in an area")
        NONE = "none", _("No force (a national body's milestone)")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="milestones"
    )
    code = models.SlugField(
        max_length=40,
        unique=True,
        help_text="Stable, and unique across reports; imports and other tools rely on it.",
    )
    description = models.CharField(max_length=250, validators=[PlainText("the description")])
    description_cy = models.CharField(
        max_length=250,
        blank=True,
        validators=[PlainText("the Welsh description")],
        help_text="The description in Welsh, where the report file gives it.",
    )
    due_on = models.DateField(
        null=True,
        blank=True,
        help_text="The due date now, or empty for 'as soon as possible' (never overdue). It "
        "changes only by a due date change, which keeps the earlier date.",
    )
    due_label = models.CharField(
        max_length=60,
        blank=True,
        validators=[PlainText("the deadline")],
        help_text="The deadline as the report words it (never changed).",
    )
    owner = models.CharField(max_length=20, choices=Owner)
    national_body = models.ForeignKey(
        NationalBody, on_delete=models.PROTECT, null=True, blank=True, related_name="milestones"
    )
    partners = models.CharField(
        max_length=200,
        blank=True,
        validators=[PlainText("the partners")],
        help_text="Who the owner works with, as the report says.",
    )
    scope = models.CharField(
        max_length=12,
        choices=Scope,
        help_text="Which forces the report's own scope covers (scope changes move a force "
        "in or out from a date).",
    )
    scope_forces = models.ManyToManyField(
        Force, blank=True, related_name="listed_in", help_text="For a listed scope."
    )
    scope_area = models.ForeignKey(
        InspectionArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scoped_milestones",
        help_text="For a graded scope: the inspection's area.",
    )
    scope_grades = models.JSONField(
        default=list, blank=True, help_text="For a graded scope: the grades it covers."
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner="forces", national_body__isnull=True) & ~Q(scope="none"))
                | Q(owner="national_body", national_body__isnull=False, scope="none"),
                name="milestone_owner_is_forces_or_one_national_body",
            ),
            models.CheckConstraint(
                condition=Q(scope="graded", scope_area__isnull=False)
                | (~Q(scope="graded") & Q(scope_area__isnull=True)),
                name="a_graded_scope_and_only_it_names_an_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"

    @property
    def full_name(self) -> str:
        """How pages and downloads name it: names first, the code second, "Recommendation
        2 — Action plan for the investigator shortage (…) (R2-plan)". (Its recommendation
        comes with it from the catalogue; elsewhere, select it with the milestone.)"""
        return f"{self.recommendation.label} — {self.local_description} ({self.code})"

    @property
    def local_description(self) -> str:
        """The description in the page's language, where the report file gives it."""
        return languages.local(self.description, self.description_cy)

    @property
    def is_for_forces(self) -> bool:
        return self.owner == self.Owner.FORCES

    @property
    def is_dated(self) -> bool:
        return self.due_on is not None

    def named_forces(self) -> list[Force]:
        """The forces a listed scope names (from listed_forces_prefetch when it was read,
        as MilestoneQuerySet.for_the_rule does)."""
        found: list[Force] | None = getattr(self, "listed_forces", None)
        return list(self.scope_forces.all()) if found is None else found

    def listed_force_ids(self) -> set[int]:
        return {force.pk for force in self.named_forces()}

    def in_default_scope(self, force: Force, grades: dict[int, str] | None = None) -> bool:
        """Whether the report's own scope covers the force. `grades`: the force's grade in
        each inspection area (by area id), as then known; needed for a graded scope."""
        return default_scope_covers(
            self.scope,
            force.pk,
            self.listed_force_ids,
            self.scope_area_id,
            self.scope_grades,
            grades,
        )

    def describe_scope(self) -> str:
        """The report's own scope, in words."""
        if self.scope == self.Scope.GRADED and self.scope_area is not None:
            grades = " or ".join(Grade(g).label.lower() for g in self.scope_grades)
            return (
                f"Forces graded {grades} for {self.scope_area.name.lower()} in "
                f"{self.scope_area.inspection.title}"
            )
        if self.scope == self.Scope.LISTED:
            names = ", ".join(f.name for f in self.named_forces())
            return (
                f"The forces the report names: {names}"
                if names
                else (
                    "The forces the report speaks of (it names none: each is brought into scope "
                    "by a scope change)"
                )
            )
        return self.get_scope_display()


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
    old_due_on = models.DateField(null=True, blank=True, help_text="Empty: it was undated.")
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
    """A force's grade in one area of an inspection corrected, with the reason. The earlier
    grade is kept here; the judgment (forces.Judgment) holds the grade now.

    Grades decide who is in a graded scope (R3-first-review's cohort), so a correction can
    move a force into or out of a milestone's scope.
    """

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="grade_corrections")
    area = models.ForeignKey(
        InspectionArea, on_delete=models.PROTECT, related_name="grade_corrections"
    )
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
        return f"{self.force}: {self.area.name} {self.old_grade} → {self.new_grade}"


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
        milestones = list(milestones)
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
        found: dict[int, list[ProgressRecord]] = {}
        by_id = {milestone.pk: milestone for milestone in milestones}
        for record in (
            self.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params))
            .select_related("recorded_by", "corrects", "corrected_by")
            .order_by("-effective_on", "-id")
        ):
            record.milestone = by_id[record.milestone_id]  # the caller's, not read again
            found.setdefault(record.milestone_id, []).append(record)
        return found


class ProgressRecord(models.Model):
    """An inspector's dated assessment of one force or national body against one milestone.

    Records are only ever added (the database refuses changes). A correction is a new
    record pointing at the one it corrects; from when the correction is entered, the
    corrected record no longer counts for any as-of date.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    class Source(models.TextChoices):
        WEB = "web", _("Recorded in peeltrack")
        ADMIN = "admin", _("Recorded in the admin")
        IMPORT = "import", _("Imported from a file")
        API = "api", _("Recorded through the API")
        REPORT = "report", _("From a report's own account")

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
    # The one thing an inspector writes for the public: shown on the published pages
    # beside the standing this record gives. The note never is.
    public_summary = models.TextField(
        blank=True,
        max_length=PUBLIC_SUMMARY_MAX_LENGTH,
        # In the table too: raw inserts (imports, the benchmark) need not name it.
        db_default="",
        validators=[PlainText("the public summary")],
        help_text="Optional: what the public may read about this assessment, once published. "
        "Never names, evidence or anything private.",
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
    citation = models.CharField(
        max_length=300,
        blank=True,
        # In the table too: raw inserts (imports, the benchmark) need not name it.
        db_default="",
        validators=[PlainText("the citation")],
        help_text="For a report's finding: the report, and where in it the finding is.",
    )
    effective_precision = models.CharField(
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
        db_default=Precision.DAY,
        help_text="How much of the effective date is known: a report may give only its month.",
    )

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
                condition=LessThanOrEqual(Length("public_summary"), PUBLIC_SUMMARY_MAX_LENGTH),
                name="progress_record_public_summary_within_limit",
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

    @property
    def effective(self) -> str:
        """When it took effect, as far as that is known (a report may give only a month)."""
        return partial_date(self.effective_on, self.effective_precision)
