"""Query filters the API's filtersets share, each described exactly in the schema:
what the server accepts is what the schema allows, no more and no less."""

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema_field

from .dates import end_of_day
from .forms import StrictDateField
from .text import TEXT_PATTERN, PlainText

# YYYY-MM-DD from 1 January 2017 (the record begins) to 1 January 9999 (core.dates).
RECORD_YEAR = (
    r"(201[7-9]|20[2-9][0-9]|2[1-9][0-9]{2}|[3-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
)
RECORD_DATE = {
    "type": "string",
    "format": "date",
    "pattern": rf"^({RECORD_YEAR}-[0-9]{{2}}-[0-9]{{2}}|9999-01-01)$",
    "example": "2018-10-01",
}
# The two dates every as-of read takes (the rule's `as_of` and `known_on`).
AS_OF_PARAMETERS = [
    OpenApiParameter("as_of", RECORD_DATE, description="Default: today in the UK."),
    OpenApiParameter(
        "known_on",
        RECORD_DATE,
        description="The record as it stood at the end of this UK day. Default: now.",
    ),
]
# YYYY-MM, any year but 0000 (which no calendar has).
MONTH = {
    "type": "string",
    "pattern": r"^([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)-(0[1-9]|1[0-2])$",
    "example": "2018-09",
}


@extend_schema_field(RECORD_DATE)
class KnownOnFilter(django_filters.Filter):
    """?known_on=YYYY-MM-DD: only what had been entered by the end of that UK day."""

    field_class = StrictDateField

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.setdefault("what", "the known-on date")
        kwargs.setdefault("label", "As known on (end of that UK day)")
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, queryset: QuerySet[Any], value: datetime.date | None) -> QuerySet[Any]:
        if value in (None, ""):
            return queryset
        return queryset.filter(**{f"{self.field_name}__lt": end_of_day(value)})


@extend_schema_field({"type": "string", "minLength": 1, "pattern": TEXT_PATTERN, "example": "durh"})
class TextFilter(django_filters.CharFilter):
    """Words to search for, by core.text's rules: a control or invisible character is a
    400 that names the parameter, never a database error."""

    def __init__(self, *args: Any, what: str = "the text to find", **kwargs: Any) -> None:
        kwargs.setdefault("validators", []).append(PlainText(what))
        kwargs.setdefault("strip", True)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer"})
class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number (a recommendation's number): 1.5 is a 400, not a filter that
    matches nothing."""

    # django-filter takes any form field here; its stubs name the default's type.
    field_class = forms.IntegerField  # type: ignore[assignment]


class TrueOrFalseField(forms.Field):
    """`true` or `false`, exactly (Django's NullBooleanField reads anything else as
    "not given", so `withdrawn=yes please` would silently not filter)."""

    def to_python(self, value: object) -> bool | None:
        if value in self.empty_values:
            return None
        if value not in ("true", "false"):
            raise forms.ValidationError("Give true or false.", code="invalid")
        return value == "true"


@extend_schema_field({"type": "boolean"})
class TrueOrFalseFilter(django_filters.BooleanFilter):
    # As above: any form field.
    field_class = TrueOrFalseField  # type: ignore[assignment]
