"""The one set of force filters: country and the five 2017 grades.

Pages and the API both filter forces, or things belonging to forces, by these;
`force_filters(path)` reaches them through a relation such as "plan__force".
"""

import django_filters
from django import forms

from .models import GRADED_AREAS, Force, Grade


def force_filters(
    path: str = "", *, empty_labels: bool = False
) -> dict[str, django_filters.Filter]:
    """Filters named country and grade_<area>, on the force reached through `path`."""
    prefix = f"{path}__" if path else ""
    extra = {"empty_label": "Any country"} if empty_labels else {}
    found = {
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


def force_filterset(path: str = "", *, empty_labels: bool = False) -> type:
    """A FilterSet base class carrying the force filters reached through `path`."""
    return type(
        "ForceFilters", (django_filters.FilterSet,), force_filters(path, empty_labels=empty_labels)
    )


class ForceFilter(force_filterset()):
    class Meta:
        model = Force
        fields = []
