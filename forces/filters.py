"""The one set of force filters: country and the five 2017 grades.

Pages and the API both filter forces, or things belonging to forces, by these;
`force_filters(path)` reaches them through a relation such as "plan__force".
"""

from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field

from core.filters import TextFilter

from .models import GRADED_AREAS, Force, Grade, NationalBody


def force_filters(
    path: str = "", *, empty_labels: bool = False
) -> dict[str, django_filters.Filter]:
    """Filters named country and grade_<area>, on the force reached through `path`."""
    prefix = f"{path}__" if path else ""
    extra: dict[str, Any] = {"empty_label": "Any country"} if empty_labels else {}
    found: dict[str, django_filters.Filter] = {
        "country": django_filters.ChoiceFilter(
            field_name=f"{prefix}country",
            choices=Force.Country.choices,
            label="Country",
            widget=forms.Select,
            **extra,
        )
    }
    for area, area_label in GRADED_AREAS.items():
        extra = {"empty_label": "Any grade"} if empty_labels else {}
        found[f"grade_{area}"] = django_filters.ChoiceFilter(
            field_name=f"{prefix}grade_{area}",
            choices=Grade.choices,
            label=f"2017 grade: {area_label.lower()}",
            **extra,
        )
    return found


FORCE_FILTER_NAMES = ["country", *(f"grade_{area}" for area in GRADED_AREAS)]


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
