"""Forces, national bodies, and the graded inspections that judge forces.

A graded inspection (PEEL 2017's effectiveness inspection, for one) has its own areas
and its own scale, and judges each force in each area: one Judgment row each. A
judgment holds the grade as it stands now; it changes only by a grade correction
(recommendations.GradeCorrection), which keeps the earlier grade, so that a page "as
known on" an earlier day uses the grade that stood then.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import translation

from core.text import PlainText


class Grade(models.TextChoices):
    """Every grade an inspection gives, best first. Each inspection uses some of them,
    in this order (its scale): PEEL 2017 four; later PEEL inspections five."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Force(models.Model):
    """A territorial police force of England or Wales."""

    class Country(models.TextChoices):
        ENGLAND = "england", translation.gettext_lazy("England")
        WALES = "wales", translation.gettext_lazy("Wales")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True, help_text="As Annex B prints it.")
    country = models.CharField(max_length=10, choices=Country)
    name_cy = models.CharField(
        max_length=100,
        blank=True,
        help_text="The force's official Welsh name, where it has one (sources in "
        "forces/migrations/0006_welsh_names.py); empty where it has none.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the page's language: the Welsh name on a Welsh page, where there
        is one; otherwise the name as Annex B prints it."""
        if self.name_cy and translation.get_language() == "cy":
            return self.name_cy
        return self.name


class NationalBody(models.Model):
    """A national policing body that owns milestones of its own (NPCC leads, the College)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150, unique=True, validators=[PlainText("the name")])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "national bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name on a page in any language. No national body's Welsh name is given by
        the body itself or by a Welsh public source the reference data can cite, so each
        is named as it names itself, in English."""
        return self.name


class Inspection(models.Model):
    """A graded inspection of the forces: the areas it grades and the grades it gives."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200, validators=[PlainText("the title")])
    scale = models.JSONField(
        default=list, help_text="The grades this inspection gives, best first (Grade's values)."
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    def grade_labels(self) -> list[tuple[str, str]]:
        """(grade, label) in the inspection's own order, best first."""
        return [(grade, Grade(grade).label) for grade in self.scale]


class InspectionArea(models.Model):
    """One area an inspection grades (vulnerability, crime prevention, overall…)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="areas")
    slug = models.CharField(max_length=30)
    name = models.CharField(max_length=100, validators=[PlainText("the name")])
    position = models.PositiveSmallIntegerField(help_text="Its place in the report's table.")

    class Meta:
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "slug"], name="one_area_slug_in_an_inspection"
            ),
            models.UniqueConstraint(
                fields=["inspection", "position"], name="one_area_a_place_in_an_inspection"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection}: {self.name}"


class JudgmentQuerySet(models.QuerySet["Judgment"]):
    def of_inspection(self, inspection: Inspection | int) -> JudgmentQuerySet:
        pk = inspection if isinstance(inspection, int) else inspection.pk
        return self.filter(area__inspection_id=pk)


class Judgment(models.Model):
    """One force's grade in one area of one inspection, as it stands now."""

    area = models.ForeignKey(InspectionArea, on_delete=models.PROTECT, related_name="judgments")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="judgments")
    grade = models.CharField(max_length=24, choices=Grade)

    objects = JudgmentQuerySet.as_manager()

    class Meta:
        ordering = ["area__inspection", "force__name", "area__position"]
        constraints = [
            models.UniqueConstraint(fields=["area", "force"], name="one_judgment_a_force_and_area"),
            models.CheckConstraint(
                condition=Q(grade__in=list(Grade.values)), name="judgment_grade_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force} · {self.area.name}: {self.get_grade_display()}"
