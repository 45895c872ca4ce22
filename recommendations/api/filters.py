import django_filters

from forces.models import GRADED_AREAS, Force, Grade, NationalBody

from ..filters import MonthFilter
from ..models import (
    Action,
    ActionPlan,
    Evidence,
    HistoryEntry,
    Milestone,
    ProgressRecord,
    Recommendation,
    ScopeChange,
    Submission,
)


def with_force_filters(path: str) -> type[django_filters.FilterSet]:
    """A FilterSet base adding the force's country and 2017 grades, reached through `path`."""
    filters = {
        "country": django_filters.ChoiceFilter(
            field_name=f"{path}__country", choices=Force.Country.choices
        )
    }
    for area in GRADED_AREAS:
        filters[f"grade_{area}"] = django_filters.ChoiceFilter(
            field_name=f"{path}__grade_{area}", choices=Grade.choices
        )
    return type("ForceFilters", (django_filters.FilterSet,), filters)


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


class ScopeChangeFilter(with_force_filters("force")):
    force = force_filter()
    milestone = milestone_filter()
    effective_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = ScopeChange
        fields = ["in_scope"]


class ProgressRecordFilter(with_force_filters("force")):
    force = force_filter()
    national_body = django_filters.ModelChoiceFilter(
        queryset=NationalBody.objects.all(), to_field_name="slug"
    )
    milestone = milestone_filter()
    recommendation = django_filters.NumberFilter(field_name="milestone__recommendation__number")
    effective_on = django_filters.DateFromToRangeFilter()
    recorded_at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = ProgressRecord
        fields = ["status", "source"]


class ActionPlanFilter(with_force_filters("force")):
    force = force_filter()
    recommendation = django_filters.NumberFilter(field_name="recommendation__number")
    updated_at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = ActionPlan
        fields = ["status"]


class ActionFilter(with_force_filters("plan__force")):
    force = force_filter("plan__force")
    recommendation = django_filters.NumberFilter(field_name="plan__recommendation__number")
    target_date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Action
        fields = ["plan", "status", "horizon"]


class EvidenceFilter(with_force_filters("force")):
    force = force_filter()
    withdrawn = django_filters.BooleanFilter(
        field_name="withdrawn_at", lookup_expr="isnull", exclude=True
    )
    uploaded_at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Evidence
        fields = ["action_plan", "kind"]


class SubmissionFilter(with_force_filters("force")):
    force = force_filter()
    milestone = milestone_filter()
    recommendation = django_filters.NumberFilter(field_name="action_plan__recommendation__number")
    submitted_at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Submission
        fields = ["state", "action_plan"]


class HistoryFilter(with_force_filters("force")):
    force = force_filter()
    at = django_filters.DateFromToRangeFilter()

    class Meta:
        model = HistoryEntry
        fields = ["subject"]
