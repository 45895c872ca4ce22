import django_filters

from core.api import KnownOnFilter
from forces.filters import force_filterset
from forces.models import Force, NationalBody

from ..models import Milestone, ProgressRecord, Recommendation, ScopeChange
from ..selection import MonthFilter


def force_filter(field="force"):
    return django_filters.ModelChoiceFilter(
        field_name=field, queryset=Force.objects.all(), to_field_name="slug"
    )


def milestone_filter(field="milestone"):
    return django_filters.ModelChoiceFilter(
        field_name=field, queryset=Milestone.objects.all(), to_field_name="code"
    )


class RecommendationFilter(django_filters.FilterSet):
    report = django_filters.CharFilter(field_name="report__slug")

    class Meta:
        model = Recommendation
        fields = ["number"]


class MilestoneFilter(django_filters.FilterSet):
    report = django_filters.CharFilter(field_name="recommendation__report__slug")
    recommendation = django_filters.NumberFilter(field_name="recommendation__number")
    national_body = django_filters.ModelChoiceFilter(
        queryset=NationalBody.objects.all(), to_field_name="slug"
    )
    due_on = django_filters.DateFromToRangeFilter()
    due = MonthFilter(method="filter_due", label="Due month (YYYY-MM)")

    class Meta:
        model = Milestone
        fields = ["owner", "default_scope"]

    def filter_due(self, queryset, name, value):
        return queryset.due_in(value.year, value.month)


class ScopeChangeFilter(force_filterset("force")):
    force = force_filter()
    known_on = KnownOnFilter("recorded_at")
    milestone = milestone_filter()
    effective_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = ScopeChange
        fields = ["in_scope"]


class ProgressRecordFilter(force_filterset("force")):
    force = force_filter()
    national_body = django_filters.ModelChoiceFilter(
        queryset=NationalBody.objects.all(), to_field_name="slug"
    )
    milestone = milestone_filter()
    recommendation = django_filters.NumberFilter(field_name="milestone__recommendation__number")
    effective_on = django_filters.DateFromToRangeFilter()
    recorded_at = django_filters.DateFromToRangeFilter()
    known_on = KnownOnFilter("recorded_at")

    class Meta:
        model = ProgressRecord
        fields = ["status", "source"]
