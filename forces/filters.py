"""The one set of force filters: country, and grades in any inspection.

Pages and the API both filter forces, or things belonging to forces, by these;
`force_filters(path)` reaches them through a relation such as "plan__force".

Grades are one repeatable filter, `graded=INSPECTION:AREA:GRADE` (for example
`graded=peel-effectiveness-2017:vulnerability:inadequate`): several grades in one area
are alternatives, and grades in different areas must all hold.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.filters import TextFilter

from .models import Force, Grade, Inspection, InspectionArea, Judgment, NationalBody

GRADED_PATTERN = (
    r"^[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+([_-][a-z0-9]+)*:(" + "|".join(Grade.values) + r")$"
)


def graded_choices() -> list[tuple[str, str]]:
    """Every (inspection, area, grade) there is to filter by, as the filter's values."""
    return [
        (f"{area.inspection.slug}:{area.slug}:{grade}", f"{area.name}: {label}")
        for area in InspectionArea.objects.select_related("inspection")
        for grade, label in area.inspection.grade_labels()
    ]


def graded_areas(values: Iterable[str]) -> dict[InspectionArea, set[str]]:
    """The chosen grades, by area (values already checked against graded_choices)."""
    wanted: dict[tuple[str, str], set[str]] = {}
    for value in values:
        inspection, area, grade = value.split(":")
        wanted.setdefault((inspection, area), set()).add(grade)
    if not wanted:
        return {}
    areas = InspectionArea.objects.select_related("inspection").filter(
        Q(*[Q(inspection__slug=i, slug=a) for i, a in wanted], _connector=Q.OR)
    )
    return {area: wanted[(area.inspection.slug, area.slug)] for area in areas}


class GradedField(django_filters.fields.MultipleChoiceField):
    """The grades chosen, leaving out the empty value an unchosen select sends."""

    def to_python(self, value: Any) -> list[str]:
        return [item for item in super().to_python(value) if item]


@extend_schema_field(
    {
        "type": "string",
        "pattern": GRADED_PATTERN,
        "example": "peel-effectiveness-2017:vulnerability:requires_improvement",
        "description": "Forces graded so: INSPECTION:AREA:GRADE. Repeat for several: grades "
        "in one area are alternatives, grades in different areas must all hold.",
    }
)
class GradedFilter(django_filters.MultipleChoiceFilter):
    """Forces with the given grades (see the module's rule), through `field_name`."""

    field_class = GradedField

    def __init__(self, field_name: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("choices", graded_choices)
        kwargs.setdefault("label", "Grades")
        self.path = field_name
        super().__init__(field_name=field_name or "pk", **kwargs)

    def filter(self, qs: QuerySet[Any], value: list[str]) -> QuerySet[Any]:
        prefix = f"{self.path}__" if self.path else ""
        for area, grades in graded_areas(value or []).items():
            forces = Judgment.objects.filter(area=area, grade__in=grades).values("force_id")
            qs = qs.filter(**{f"{prefix}pk__in": forces})
        return qs


def force_filters(
    path: str = "", *, empty_labels: bool = False
) -> dict[str, django_filters.Filter]:
    """Filters named country and graded, on the force reached through `path`."""
    prefix = f"{path}__" if path else ""
    extra: dict[str, Any] = {"empty_label": _("Any country")} if empty_labels else {}
    return {
        "country": django_filters.ChoiceFilter(
            field_name=f"{prefix}country",
            choices=Force.Country.choices,
            label=_("Country"),
            widget=forms.Select,
            **extra,
        ),
        "graded": GradedFilter(path),
    }


FORCE_FILTER_NAMES = ["country", "graded"]


def latest_inspection() -> Inspection | None:
    """The inspection whose grades pages show when none is chosen: the newest loaded."""
    return Inspection.objects.order_by("-id").first()


def force_filterset(
    path: str = "", *, empty_labels: bool = False
) -> type[django_filters.FilterSet]:
    """A FilterSet base class carrying the force filters reached through `path`."""
    return type(
        "ForceFilters", (django_filters.FilterSet,), force_filters(path, empty_labels=empty_labels)
    )


if TYPE_CHECKING:
    # FilterSets made at run time with the force filters, which mypy cannot follow.
    _ForceFilters = django_filters.FilterSet
else:
    _ForceFilters = force_filterset()


class ForceFilter(_ForceFilters):
    q = TextFilter(
        method="by_name",
        label="Find a force by name",
        what="the name to find",
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Force
        fields: list[str] = []

    def by_name(self, queryset: QuerySet[Force], name: str, value: str) -> QuerySet[Force]:
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value))


# The API's filters by a force's or national body's slug: one that does not exist is a
# 400 that says so. The schema's example is one that does.
@extend_schema_field({"type": "string", "minLength": 1, "example": "durham"})
class ForceSlugFilter(django_filters.ModelChoiceFilter):
    def __init__(self, field_name: str = "force", **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Force.objects.all())
        super().__init__(field_name=field_name, to_field_name="slug", **kwargs)


@extend_schema_field({"type": "string", "minLength": 1, "example": "college-of-policing"})
class NationalBodySlugFilter(django_filters.ModelChoiceFilter):
    def __init__(self, field_name: str = "national_body", **kwargs: Any) -> None:
        kwargs.setdefault("queryset", NationalBody.objects.all())
        super().__init__(field_name=field_name, to_field_name="slug", **kwargs)
