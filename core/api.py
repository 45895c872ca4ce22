"""Shared API plumbing named in settings: strict filtering, pagination, error docs.

(Nothing here may import DRF's views: DRF imports this module while building them.)
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, pagination
from rest_framework.exceptions import ValidationError

from .dates import end_of_day
from .forms import StrictDateField

ALWAYS_ALLOWED = {"page", "page_size", "ordering", "format"}


def query_names(filterset_class) -> set[str]:
    """The query parameters a filterset reads, e.g. effective_on_after for a range."""
    names = set()
    for name, field in filterset_class().form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        if suffixes and getattr(field.widget, "widgets", None):
            names |= {f"{name}_{suffix}" if suffix else name for suffix in suffixes}
        else:
            names.add(name)
    return names


def refuse_unknown(params, known: set[str]) -> None:
    """An unknown query parameter is a 400 that lists the ones this endpoint reads."""
    unknown = sorted(set(params) - known)
    if unknown:
        allowed = ", ".join(sorted(known))
        raise ValidationError(
            {name: [f"Unknown filter. Use one of: {allowed}."] for name in unknown}
        )


class KnownOnFilter(django_filters.Filter):
    """?known_on=YYYY-MM-DD: only what had been entered by the end of that UK day."""

    field_class = StrictDateField

    def __init__(self, field_name: str, **kwargs):
        kwargs.setdefault("what", "the known-on date")
        kwargs.setdefault("label", "As known on (end of that UK day)")
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(**{f"{self.field_name}__lt": end_of_day(value)})


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, but an unknown query parameter is a 400, never an empty list."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(ALWAYS_ALLOWED) | set(getattr(view, "extra_query_params", ()))
        if filterset_class is not None:
            known |= query_names(filterset_class)
        refuse_unknown(request.query_params, known)
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """Ordering by a field that cannot be ordered on is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            valid = {
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            }
            bad = [f for f in fields if f.lstrip("-") not in valid]
            if bad:
                raise ValidationError(
                    {
                        "ordering": [
                            f"Cannot order by {', '.join(bad)}. Use one of: "
                            f"{', '.join(sorted(valid))}."
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for a single message; field names with lists of messages for "
    "validation errors; `errors` with every reason a service refused the change.",
    "additionalProperties": True,
}
ERRORS = {
    "400": "The request or a filter is not valid; the body says which field and why.",
    "401": "No valid token or session.",
    "403": "Your role may not do this.",
    "404": "Not found, or belongs to a force you cannot see.",
}


def document_error_responses(result, generator, request, public):
    """Every operation can answer with the documented error shapes."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERRORS.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
            if method in {"post", "patch", "put"}:
                operation["responses"].setdefault(
                    "409",
                    {
                        "description": "The change clashes with the record as it now stands "
                        "(someone saved first, or it has already been done); nothing was saved.",
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return result
