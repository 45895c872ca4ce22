"""Shared API plumbing named in settings: strict query parameters, ordering, pagination.

One rule for every query parameter of the API, lists and reports alike:
- a parameter the endpoint does not read is a 400 that lists the ones it does;
- a parameter given twice is a 400, unless it is documented as repeatable (a list of
  values, e.g. `milestone=R2-plan&milestone=R4-review`);
- an empty value (`force=`) is a 400: leave a parameter out not to filter by it.
  (The web pages' GET forms send empty fields for "any"; the API is used by programs,
  which can leave them out, and an empty value there is more often a bug than a wish.)

(Nothing here may import DRF's views: DRF imports this module while building them.)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence, Set
from typing import TYPE_CHECKING, Any

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, negotiation, pagination
from rest_framework.exceptions import ValidationError

if TYPE_CHECKING:
    # Types only: DRF imports this module as it builds its views.
    from django.core.paginator import Paginator
    from django.db.models import QuerySet
    from django.http import QueryDict
    from django_filters import FilterSet
    from rest_framework.renderers import BaseRenderer
    from rest_framework.request import Request
    from rest_framework.views import APIView

# Read by DRF itself: `?format=json` (or csv/xlsx where offered) instead of Accept.
FORMAT = "format"
LIST_PARAMETERS = {"page", "page_size", "ordering"}


@functools.cache
def query_names(filterset_class: type[FilterSet]) -> frozenset[str]:
    """The query parameters a filterset reads, e.g. effective_on_after for a range.
    (Fixed by the class: worked out once, not by making a filterset each request.)"""
    names: set[str] = set()
    for name, field in filterset_class().form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        if suffixes and getattr(field.widget, "widgets", None):
            names |= {f"{name}_{suffix}" if suffix else name for suffix in suffixes}
        else:
            names.add(name)
    return frozenset(names)


@functools.cache
def repeatable_names(filterset_class: type[FilterSet]) -> frozenset[str]:
    """The filters that take a list of values, given by repeating the parameter."""
    return frozenset(
        name
        for name, field in filterset_class().form.fields.items()
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    )


def check_query(
    params: QueryDict,
    known: set[str],
    repeatable: Set[str] = frozenset(),
    *,
    allow_empty: bool = False,
) -> None:
    """Every query parameter read strictly: unknown, repeated or empty is a 400 that says
    which parameter and why (and, for an unknown one, which this endpoint reads)."""
    problems: dict[str, list[str]] = {}
    allowed = ", ".join(sorted(known)) or "none"
    for name in params:
        values = params.getlist(name)
        if name not in known:
            problems[name] = [f"Unknown parameter. Use one of: {allowed}."]
        elif len(values) > 1 and name not in repeatable:
            problems[name] = [f"Give {name} once: it takes one value."]
        elif not allow_empty and any(value == "" for value in values):
            problems[name] = [f"{name} is empty: give a value, or leave the parameter out."]
    if problems:
        raise ValidationError(problems)


def refuse_unknown(params: QueryDict, known: Set[str], repeatable: Set[str] = frozenset()) -> None:
    """For views without a filterset: the same rule, with `format` always allowed."""
    check_query(params, set(known) | {FORMAT}, repeatable)


class Negotiation(negotiation.DefaultContentNegotiation):
    """`?format=` names one of the endpoint's formats, or it is a 400 that lists them
    (DRF's own answer is a bare 404, as if the address were wrong)."""

    def filter_renderers(
        self, renderers: Iterable[BaseRenderer], format: str
    ) -> list[BaseRenderer]:
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            offered = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise ValidationError({FORMAT: [f"Use one of: {offered}."]})
        return found


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, read strictly (see the module's rule). A list takes its filters,
    `page`, `page_size` and `ordering`; one object (and a change to it) takes none."""

    # DRF calls it with its Request, whose query_params it reads; django-filter's stubs
    # name Django's HttpRequest.
    def filter_queryset(  # type: ignore[override]
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> QuerySet[Any]:
        known: set[str] = {FORMAT}
        repeatable: Set[str] = frozenset()
        if getattr(view, "action", "list") == "list":
            known |= LIST_PARAMETERS
            filterset_class = self.get_filterset_class(view, queryset)
            if filterset_class is not None:
                known |= query_names(filterset_class)
                repeatable = repeatable_names(filterset_class)
        # The browsable API's filter form, like the web pages' forms, sends an empty field
        # for "any": for a person at that page (format=api) an empty value is left out.
        renderer = getattr(request, "accepted_renderer", None)
        for_a_person = getattr(renderer, "format", None) == "api"
        check_query(request.query_params, known, repeatable, allow_empty=for_a_person)
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """One field to order by, from the view's ordering_fields, with `-` for descending;
    anything else is a 400. The schema lists the values as an enum."""

    def get_ordering(
        self, request: Request, queryset: QuerySet[Any], view: APIView
    ) -> Sequence[str] | None:
        param = request.query_params.get(self.ordering_param)
        if param:
            allowed = self.allowed(view)
            if param not in allowed:
                raise ValidationError(
                    {"ordering": [f"Cannot order by {param}. Use one of: {', '.join(allowed)}."]}
                )
        return super().get_ordering(request, queryset, view)

    @staticmethod
    def allowed(view: APIView) -> list[str]:
        fields = list(getattr(view, "ordering_fields", None) or [])
        return [value for field in fields for value in (field, f"-{field}")]

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        allowed = self.allowed(view)
        if not allowed:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Which field to order by; `-` first for descending.",
                "schema": {"type": "string", "enum": allowed},
            }
        ]


class Pagination(pagination.PageNumberPagination):
    """Pages of 50 by default; `page_size` from 1 to 500, `page` from 1. A value out of
    range or not a whole number is a 400; a page past the last is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    max_page = 999_999_999

    def get_page_size(self, request: Request) -> int | None:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return self.whole_number(raw, self.page_size_query_param, self.max_page_size)

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> int | str:
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return self.whole_number(raw, self.page_query_param, self.max_page)

    @staticmethod
    def whole_number(raw: str, name: str, maximum: int) -> int:
        if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= maximum:
            raise ValidationError({name: [f"Give {name} as a whole number from 1 to {maximum}."]})
        return int(raw)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Which page, from 1. A page past the last is a 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"How many results a page holds (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
