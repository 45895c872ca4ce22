import datetime
from typing import TYPE_CHECKING, Any

import django_filters
from drf_spectacular.utils import extend_schema_field

from core.filters import KnownOnFilter, TrueOrFalseFilter, WholeNumberFilter
from forces.filters import ForceSlugFilter, NationalBodySlugFilter, force_filterset

from ..models import (
    Milestone,
    MilestoneQuerySet,
    ProgressRecord,
    Recommendation,
    Report,
    ScopeChange,
)
from ..selection import MonthFilter


@extend_schema_field({"type": "string", "minLength": 1, "example": "R2-plan"})
class MilestoneCodeFilter(django_filters.ModelChoiceFilter):
    """A milestone by its code: one that does not exist is a 400 that says so."""

    def __init__(self, field_name: str = "milestone", **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Milestone.objects.all())
        super().__init__(field_name=field_name, to_field_name="code", **kwargs)


@extend_schema_field({"type": "string", "minLength": 1, "example": "peel-effectiveness-2017"})
class ReportFilter(django_filters.ModelChoiceFilter):
    """A report by its slug: one that is not loaded is a 400 that says so."""

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Report.objects.all())
        super().__init__(field_name=field_name, to_field_name="slug", **kwargs)


class RecommendationFilter(django_filters.FilterSet):
    report = ReportFilter("report")
    number = WholeNumberFilter()

    class Meta:
        model = Recommendation
        fields = ["kind", "number", "text_is"]


class MilestoneFilter(django_filters.FilterSet):
    report = ReportFilter("recommendation__report")
    recommendation = WholeNumberFilter(field_name="recommendation__number")
    national_body = NationalBodySlugFilter()
    due_on = django_filters.DateFromToRangeFilter()
    due = MonthFilter(method="filter_due", label="Due month (YYYY-MM)")

    class Meta:
        model = Milestone
        fields = ["owner", "scope"]

    def filter_due(
        self, queryset: MilestoneQuerySet, name: str, value: datetime.date
    ) -> MilestoneQuerySet:
        return queryset.due_in(value.year, value.month)


if TYPE_CHECKING:
    # FilterSets made at run time with the force filters, which mypy cannot follow.
    _ForceFilters = django_filters.FilterSet
else:
    _ForceFilters = force_filterset("force")


class ScopeChangeFilter(_ForceFilters):
    force = ForceSlugFilter()
    in_scope = TrueOrFalseFilter()
    known_on = KnownOnFilter("recorded_at")
    milestone = MilestoneCodeFilter()
    effective_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = ScopeChange
        fields: list[str] = []


class ProgressRecordFilter(_ForceFilters):
    report = ReportFilter("milestone__recommendation__report")
    force = ForceSlugFilter()
    national_body = NationalBodySlugFilter()
    milestone = MilestoneCodeFilter()
    recommendation = WholeNumberFilter(field_name="milestone__recommendation__number")
    effective_on = django_filters.DateFromToRangeFilter()
    recorded_at = django_filters.DateFromToRangeFilter()
    known_on = KnownOnFilter("recorded_at")

    class Meta:
        model = ProgressRecord
        fields = ["status", "source"]
