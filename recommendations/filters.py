"""What a page, export or command is asked to show: an as-of date and filters.

The same Selection feeds the dashboard, the overdue report and its downloads, and the
overdue_report command, so they always agree on the rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from forces.models import GRADED_AREAS, Force, Grade

from . import progress
from .models import Milestone


class MonthField(forms.DateField):
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": "Enter the due month as YYYY-MM, for example 2018-09."}


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2018-09"})
class MonthFilter(django_filters.Filter):
    field_class = MonthField


def _grade_filter(label: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(choices=Grade.choices, label=label, empty_label="Any grade")


class StandingFilter(django_filters.FilterSet):
    """Query-string filters shared by the compliance pages and their exports."""

    as_of = django_filters.DateFilter(
        label="As of",
        method="keep",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the as-of date as YYYY-MM-DD, for example 2018-10-01."},
    )
    country = django_filters.ChoiceFilter(choices=Force.Country.choices, empty_label="Any country")
    milestone = django_filters.ModelMultipleChoiceFilter(
        queryset=Milestone.objects.all(),
        to_field_name="code",
        method="keep",
        error_messages={"invalid_choice": "There is no milestone with the code %(value)s."},
    )
    due = MonthFilter(label="Due month", method="keep")
    status = django_filters.MultipleChoiceFilter(
        choices=list(progress.CATEGORIES.items()), method="keep", label="Status"
    )
    grade_crime_prevention = _grade_filter("2017 grade: crime prevention")
    grade_investigation = _grade_filter("2017 grade: investigation")
    grade_vulnerability = _grade_filter("2017 grade: vulnerability")
    grade_serious_organised_crime = _grade_filter("2017 grade: serious and organised crime")
    grade_overall = _grade_filter("2017 grade: overall")

    class Meta:
        model = Force
        fields = ["country"] + [f"grade_{area}" for area in GRADED_AREAS]

    def keep(self, queryset, name, value):
        # Not a filter on forces: read by Selection once the form is valid.
        return queryset

    @property
    def filters_forces(self) -> bool:
        data = self.form.cleaned_data
        return any(data.get(name) for name in self.Meta.fields)


def matches_status(standing: progress.Standing, statuses: set[str]) -> bool:
    return not statuses or standing.category in statuses or standing.status in statuses


@dataclass
class Selection:
    as_of: datetime.date
    milestones: list[Milestone]
    forces: list[Force] | None = None
    include_national: bool = True
    statuses: set[str] = field(default_factory=set)

    @classmethod
    def from_filterset(cls, filterset: StandingFilter, *, force_milestones_only=False) -> Selection:
        """Build from a *valid* filterset."""
        data = filterset.form.cleaned_data
        milestones = Milestone.objects.select_related("recommendation", "national_body")
        if data.get("milestone"):
            milestones = milestones.filter(pk__in=[m.pk for m in data["milestone"]])
        if data.get("due"):
            milestones = milestones.due_in(data["due"].year, data["due"].month)
        if force_milestones_only:
            milestones = milestones.for_forces()
        return cls(
            as_of=data.get("as_of") or progress.today(),
            milestones=list(milestones),
            forces=list(filterset.qs),
            include_national=not force_milestones_only and not filterset.filters_forces,
            statuses=set(data.get("status") or []),
        )

    def standings(self, *, apply_status: bool = True) -> list[progress.Standing]:
        rows = progress.standings(
            self.as_of,
            milestones=self.milestones,
            forces=self.forces,
            include_national=self.include_national,
        )
        if not apply_status:
            return rows
        return [s for s in rows if matches_status(s, self.statuses)]

    def overdue(self) -> list[progress.Standing]:
        rows = progress.overdue(
            self.as_of,
            milestones=self.milestones,
            forces=self.forces,
            include_national=self.include_national,
        )
        return [s for s in rows if matches_status(s, self.statuses)]
