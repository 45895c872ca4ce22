"""The grade filter drawn as one select per area of an inspection (GOV.UK markup).

Each select is named `graded` and offers INSPECTION:AREA:GRADE values, so the form
sends exactly what forces.filters.GradedFilter reads (an empty select sends nothing
the filter keeps)."""

from typing import Any

from django import template
from django.forms import BoundField

from ..filters import latest_inspection
from ..models import Inspection

register = template.Library()


@register.inclusion_tag("forces/graded_selects.html")
def graded_selects(field: BoundField, inspection: Inspection | None = None) -> dict[str, Any]:
    inspection = inspection or latest_inspection()
    chosen = set(field.value() or [])
    areas = []
    if inspection is not None:
        for area in inspection.areas.all():
            options = [
                (f"{inspection.slug}:{area.slug}:{grade}", label)
                for grade, label in inspection.grade_labels()
            ]
            areas.append(
                {
                    "id": f"{field.auto_id}_{area.slug}",
                    "name": area.name,
                    "options": [(value, label, value in chosen) for value, label in options],
                }
            )
    return {"field": field, "inspection": inspection, "areas": areas}
