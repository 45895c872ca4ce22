"""What every API request body shares: fields read strictly, text by core.text's rules.

A body may hold only the fields its serializer declares: an unknown field is a 400
naming it, never silently dropped (a misspelt `national_bdy` must not record progress
against nobody in particular). Text fields take their limit and character rules from
the model field they fill (`text_field`), so a limit is written once, on the model.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from rest_framework import serializers

from .text import PlainText, limit_of


def text_field(model: type[models.Model], name: str, **kwargs: Any) -> serializers.CharField:
    """A serializer field for text that fills `model.name`: its limit and its rules."""
    model_field = model._meta.get_field(name)
    validators = model_field.validators if isinstance(model_field, models.Field) else []
    rules = [v for v in validators if isinstance(v, PlainText)]
    return serializers.CharField(
        max_length=limit_of(model, name), validators=rules or [PlainText()], **kwargs
    )


class StrictFields:
    """Mixed into a serializer: fields it does not declare (or declares read-only) are a
    400 listing what it takes."""

    # DRF's own signature: a body is whatever the parser made of it.
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            fields = self.fields  # type: ignore[attr-defined]
            writable = {name for name, field in fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                allowed = ", ".join(sorted(writable)) or "none"
                raise serializers.ValidationError(
                    {name: [f"Unknown field. Use only: {allowed}."] for name in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]


_Model = TypeVar("_Model", bound=models.Model)


class InputSerializer(StrictFields, serializers.Serializer[Any]):
    """A request body that is not a model's own fields."""


class ModelSerializer(StrictFields, serializers.ModelSerializer[_Model]):
    """A model's serializer whose writes are strict too; read-only fields are left out of
    what a client may send."""


def validated(
    serializer_class: type[serializers.Serializer[Any]], data: object, **context: object
) -> dict[str, Any]:
    """The body checked by `serializer_class`, or a 400 naming every field at fault."""
    serializer = serializer_class(data=data, context=context)
    serializer.is_valid(raise_exception=True)
    checked: dict[str, Any] = serializer.validated_data
    return checked
