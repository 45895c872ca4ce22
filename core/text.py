"""The rules for text people give us, whichever door it comes through.

One place says what text may hold and how long it may be:

* no control characters other than tab and line breaks (never typed, often a sign of a
  corrupt file, and PostgreSQL refuses NUL outright);
* no invisible formatting characters: bidirectional overrides and isolates (U+202A–E,
  U+2066–9), which make a note or a file name read differently from what it holds, and
  zero-width characters (U+200B–F, U+2060–4, U+FEFF), which make two names that look the
  same differ;
* a length limit, declared once on the model field (``max_length``) and read from there
  by services (:func:`limit_of`), forms and serializers.

Services call :func:`clean` (raising :class:`core.refusals.Refused` naming the field);
forms, serializers and model fields carry :class:`PlainText`, which raises Django's
``ValidationError`` with the same words.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise
from django.utils.translation import gettext

from .refusals import Refused

# Inclusive ranges of code points, from which both the checks below and the API
# schema's pattern for free-text parameters (TEXT_PATTERN) are made.
CONTROL_RANGES = [(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F)]
INVISIBLE_RANGES = [
    (0x200B, 0x200F),  # zero-width space, joiners, left-to-right and right-to-left marks
    (0x2028, 0x2029),  # line and paragraph separators
    (0x202A, 0x202E),  # bidirectional embeddings and overrides
    (0x2060, 0x2064),  # word joiner and invisible operators
    (0x2066, 0x2069),  # bidirectional isolates
    (0xFEFF, 0xFEFF),  # zero-width no-break space (a byte order mark inside text)
]


def _character_class(ranges: list[tuple[int, int]], *, negate: bool = False) -> str:
    parts = "".join(
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges
    )
    return f"[{'^' if negate else ''}{parts}]"


CONTROL = re.compile(_character_class(CONTROL_RANGES))
INVISIBLE = re.compile(_character_class(INVISIBLE_RANGES))
# What an API text parameter may hold, for the schema (ECMA-262, as OpenAPI uses).
TEXT_PATTERN = f"^{_character_class(CONTROL_RANGES + INVISIBLE_RANGES, negate=True)}*$"


def _capital(said: str) -> str:
    return f"{said[0].upper()}{said[1:]}" if said else said


def forbidden_character(text: str) -> str | None:
    """The first character `text` must not hold, described; None when it holds none."""
    found = CONTROL.search(text)
    if found:
        return gettext("a control character (U+%(code)s)") % {"code": f"{ord(found.group()):04X}"}
    found = INVISIBLE.search(text)
    if found:
        char = found.group()
        # The character's Unicode name is English in every language: it is its name.
        name = unicodedata.name(char, "formatting character").lower()
        return gettext(
            "an invisible character (%(name)s, U+%(code)s) that can make it read "
            "differently from what it holds"
        ) % {"name": name, "code": f"{ord(char):04X}"}
    return None


def character_problem(text: str, *, what: str | Promise) -> str | None:
    """Why `text` holds a character it must not, in words (in the page's language); None
    when it holds none."""
    found = forbidden_character(text)
    if not found:
        return None
    return _capital(
        gettext("%(what)s contains %(found)s; remove it") % {"what": what, "found": found}
    )


def problems(
    text: str, *, what: str | Promise, limit: int | None = None, required: bool = False
) -> list[str]:
    """Everything wrong with `text`, in words a person can act on."""
    found = []
    if required and not text.strip():
        found.append(gettext("Enter %(what)s") % {"what": what})
    if limit is not None and len(text) > limit:
        found.append(
            _capital(
                gettext("%(what)s must be %(limit)s characters or fewer (it has %(count)s)")
                % {"what": what, "limit": f"{limit:,}", "count": f"{len(text):,}"}
            )
        )
    character = character_problem(text, what=what)
    if character:
        found.append(character)
    return found


def clean(
    value: str | None,
    *,
    what: str,
    limit: int | None = None,
    required: bool = False,
    field: str | None = None,
) -> str:
    """The text without surrounding spaces, or Refused (400, naming `field`)."""
    value = (value or "").strip()
    found = problems(value, what=what, limit=limit, required=required)
    if found:
        raise Refused(found, field=field)
    return value


def limit_of(model: type[models.Model], field_name: str) -> int:
    """The length limit declared on a model's field: the one place each limit is set."""
    field = model._meta.get_field(field_name)
    # A relation (no column of its own) declares no limit either.
    limit = field.max_length if isinstance(field, models.Field) else None
    if limit is None:
        raise LookupError(f"{model.__name__}.{field_name} declares no max_length")
    return limit


@deconstructible
class PlainText:
    """A validator for model, form and serializer fields: the character rules above."""

    def __init__(self, what: str = "the text") -> None:
        self.what = what

    def __call__(self, value: object) -> None:
        if not isinstance(value, str):
            return
        problem = character_problem(value, what=self.what)
        if problem:
            raise ValidationError(problem, code="invisible_or_control_character")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainText) and other.what == self.what


plain_text = PlainText()
