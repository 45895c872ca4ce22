from typing import Self

from django.db import models


class Grade(models.TextChoices):
    """The four PEEL grades, best first."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# The graded areas of the 2017 effectiveness inspection, in Annex B's column order.
GRADED_AREAS = {
    "crime_prevention": "Crime prevention",
    "investigation": "Investigation",
    "vulnerability": "Vulnerability",
    "serious_organised_crime": "Serious and organised crime",
    "overall": "Overall",
}


# Recommendation 3's first peer reviews are for forces graded below good for vulnerability.
BELOW_GOOD = frozenset({Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE})


class ForceQuerySet(models.QuerySet["Force"]):
    def graded_below_good_for_vulnerability(self) -> Self:
        """The 20 forces Recommendation 3's peer review is aimed at (as graded now)."""
        return self.filter(grade_vulnerability__in=BELOW_GOOD)


class Force(models.Model):
    """A territorial police force of England or Wales."""

    class Country(models.TextChoices):
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True, help_text="As Annex B prints it.")
    country = models.CharField(max_length=10, choices=Country)
    grade_crime_prevention = models.CharField(
        "crime prevention (2017)", max_length=24, choices=Grade
    )
    grade_investigation = models.CharField("investigation (2017)", max_length=24, choices=Grade)
    grade_vulnerability = models.CharField("vulnerability (2017)", max_length=24, choices=Grade)
    grade_serious_organised_crime = models.CharField(
        "serious and organised crime (2017)", max_length=24, choices=Grade
    )
    grade_overall = models.CharField("overall (2017)", max_length=24, choices=Grade)

    objects = ForceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def grade(self, area: str) -> str:
        grade: str = getattr(self, f"grade_{area}")
        return grade

    def grades(self) -> list[tuple[str, str, str]]:
        """(area label, grade code, grade label) in Annex B's order."""
        return [
            (label, getattr(self, f"grade_{area}"), getattr(self, f"get_grade_{area}_display")())
            for area, label in GRADED_AREAS.items()
        ]


class NationalBody(models.Model):
    """A national policing body that owns milestones of its own (NPCC leads, the College)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "national bodies"

    def __str__(self) -> str:
        return self.name
