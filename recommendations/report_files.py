"""Reading a report file (docs/report-format.md): YAML or JSON, checked against the JSON
Schema in recommendations/reports/schema.json, every problem named by its path.

This module only reads and checks the file's shape; what needs the database (that forces
exist, that codes are free) is checked by the loader (recommendations.reports), with
paths written the same way.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext, gettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from core.refusals import Refused

FOLDER = Path(__file__).with_name("reports")
SCHEMA = FOLDER / "schema.json"
# The reports peeltrack ships, in the order they must be loaded (later ones follow up
# earlier ones and record findings on their milestones).
SHIPPED = [
    FOLDER / "peel-effectiveness-2015.yaml",
    FOLDER / "peel-effectiveness-2016.yaml",
    FOLDER / "peel-effectiveness-2017.yaml",
]


class FileRefused(Refused):
    """Nothing was loaded; `messages` lists every problem with its place in the file."""


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, reading dates as the text they are written as, so that a YAML
    file and a JSON file are checked by the same schema and the same date rules."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(data: bytes, *, name: str = "") -> Any:
    """The file's content as plain data, or FileRefused saying where reading stopped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            gettext("The file is not UTF-8 text (byte %(byte)s cannot be read): save it as UTF-8.")
            % {"byte": error.start + 1}
        ) from None
    if not text.strip():
        raise FileRefused(gettext("The file is empty."))
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise FileRefused(
                gettext("line %(line)s, column %(column)s: the file is not valid JSON (%(why)s).")
                % {"line": error.lineno, "column": error.colno, "why": error.msg}
            ) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        why = error.problem or error.context
        if mark is None:
            raise FileRefused(
                gettext("The file is not valid YAML (%(why)s).") % {"why": why}
            ) from None
        raise FileRefused(
            gettext("line %(line)s, column %(column)s: the file is not valid YAML (%(why)s).")
            % {"line": mark.line + 1, "column": mark.column + 1, "why": why}
        ) from None
    except yaml.YAMLError as error:
        raise FileRefused(
            gettext("The file is not valid YAML (%(why)s).") % {"why": error}
        ) from None


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def path_of(parts: Iterable[str | int]) -> str:
    """items[0].milestones[1].due_on, from the parts of a place in the document."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or gettext("the file")


def shape_problems(document: Any) -> list[str]:
    """Every way the document's shape breaks the schema, each with its path."""
    problems = []
    for error in sorted(validator().iter_errors(document), key=lambda e: list(e.absolute_path)):
        problems.append(_describe(error))
    return list(dict.fromkeys(problems))


def _describe(error: ValidationError) -> str:
    """One schema error in words a person writing the file can act on."""
    where = path_of(error.absolute_path)
    value: Any = error.instance
    # jsonschema's types allow for errors made without a schema; the validator's have one.
    schema: dict[str, Any] = dict(error.schema) if isinstance(error.schema, Mapping) else {}
    expected: Any = error.validator_value
    if error.validator == "required":
        missing = [name for name in expected if name not in (value or {})]
        return gettext("%(where)s: missing %(fields)s") % {
            "where": where,
            "fields": ", ".join(missing),
        }
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        listed = ", ".join(unknown) or gettext("a field")
        return gettext("%(where)s: unknown field %(fields)s (use only %(allowed)s)") % {
            "where": where,
            "fields": listed,
            "allowed": ", ".join(allowed),
        }
    if error.validator in ("oneOf", "anyOf") and error.context:
        # The alternative that got furthest says most about what was meant.
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _describe(deepest)
        return _is_not(where, value, schema)
    if error.validator == "pattern":
        return _is_not(where, value, schema)
    if error.validator == "enum":
        return gettext("%(where)s: %(value)s is not one of %(allowed)s") % {
            "where": where,
            "value": repr(value),
            "allowed": ", ".join(map(str, expected)),
        }
    if error.validator == "type":
        return gettext("%(where)s: expected %(type)s, found %(found)s") % {
            "where": where,
            "type": expected,
            "found": type(value).__name__,
        }
    return f"{where}: {error.message}"  # the schema library's own words, in English


def _is_not(where: str, value: Any, schema: dict[str, Any]) -> str:
    return gettext("%(where)s: %(value)s is not %(expected)s") % {
        "where": where,
        "value": repr(value),
        "expected": _expected(schema),
    }


EXPECTED = {
    "slug": gettext_lazy("a slug (lower-case letters, digits and single hyphens)"),
    "date": gettext_lazy("a date written YYYY-MM-DD"),
    "partial_date": gettext_lazy("a date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)"),
    "milestone_code": gettext_lazy("a milestone code (letters, digits and single hyphens)"),
    "code": gettext_lazy("a code (lower-case letters, digits, hyphens and underscores)"),
    "line": gettext_lazy("one line of text"),
    "scope": gettext_lazy("all_forces, {forces: [...]} or {graded: {inspection, area, grades}}"),
}


def _expected(schema: dict[str, Any]) -> str:
    reference = schema.get("$ref", "")
    name = reference.rsplit("/", 1)[-1]
    if name in EXPECTED:
        return str(EXPECTED[name])
    for option in schema.get("oneOf", []) + schema.get("anyOf", []):
        option_name = option.get("$ref", "").rsplit("/", 1)[-1]
        if option_name in EXPECTED:
            if {"type": "null"} in schema.get("oneOf", []):
                return gettext("%(expected)s or null") % {"expected": EXPECTED[option_name]}
            return str(EXPECTED[option_name])
    root = validator().schema
    defs: dict[str, Any] = root["$defs"] if isinstance(root, Mapping) else {}
    for def_name, definition in defs.items():
        if "pattern" in schema and definition.get("pattern") == schema["pattern"]:
            if def_name in EXPECTED:
                return str(EXPECTED[def_name])
            return gettext("in the form %(pattern)s") % {"pattern": schema["pattern"]}
    if "pattern" in schema:
        return gettext("in the form %(pattern)s") % {"pattern": schema["pattern"]}
    return gettext("allowed here")


def read(data: bytes, *, name: str = "") -> dict[str, Any]:
    """A report file's content, checked against the schema; FileRefused otherwise."""
    document = parse(data, name=name)
    problems = shape_problems(document)
    if problems:
        raise FileRefused(problems)
    found: dict[str, Any] = document  # the schema says it is an object
    return found


# ---------------------------------------------------------------------------
# Dates as files write them


def date_of(text: str, *, where: str) -> tuple[datetime.date, str]:
    """A day, month or year as (its first day, its precision: day, month or year)."""
    try:
        if len(text) == 4:
            return datetime.date(int(text), 1, 1), "year"
        if len(text) == 7:
            return datetime.date.fromisoformat(f"{text}-01"), "month"
        return datetime.date.fromisoformat(text), "day"
    except ValueError:
        raise FileRefused(
            gettext("%(where)s: %(value)s is not a real date")
            % {"where": where, "value": repr(text)}
        ) from None


def shipped(path: Path) -> dict[str, Any]:
    """One of the report files peeltrack ships, read and checked."""
    return read(path.read_bytes(), name=path.name)
