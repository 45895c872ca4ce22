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
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read): save it as UTF-8."
        ) from None
    if not text.strip():
        raise FileRefused("The file is empty.")
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise FileRefused(
                f"line {error.lineno}, column {error.colno}: the file is not valid JSON "
                f"({error.msg})."
            ) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise FileRefused(
            f"{where}the file is not valid YAML ({error.problem or error.context})."
        ) from None
    except yaml.YAMLError as error:
        raise FileRefused(f"The file is not valid YAML ({error}).") from None


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
    return text or "the file"


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
        return f"{where}: missing {', '.join(missing)}"
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        listed = ", ".join(unknown) or "a field"
        return f"{where}: unknown field {listed} (use only {', '.join(allowed)})"
    if error.validator in ("oneOf", "anyOf") and error.context:
        # The alternative that got furthest says most about what was meant.
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _describe(deepest)
        return f"{where}: {value!r} is not {_expected(schema)}"
    if error.validator == "pattern":
        return f"{where}: {value!r} is not {_expected(schema)}"
    if error.validator == "enum":
        return f"{where}: {value!r} is not one of {', '.join(map(str, expected))}"
    if error.validator == "type":
        return f"{where}: expected {expected}, found {type(value).__name__}"
    return f"{where}: {error.message}"


EXPECTED = {
    "slug": "a slug (lower-case letters, digits and single hyphens)",
    "date": "a date written YYYY-MM-DD",
    "partial_date": "a date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)",
    "milestone_code": "a milestone code (letters, digits and single hyphens)",
    "code": "a code (lower-case letters, digits, hyphens and underscores)",
    "line": "one line of text",
    "scope": "all_forces, {forces: [...]} or {graded: {inspection, area, grades}}",
}


def _expected(schema: dict[str, Any]) -> str:
    reference = schema.get("$ref", "")
    name = reference.rsplit("/", 1)[-1]
    if name in EXPECTED:
        return EXPECTED[name]
    for option in schema.get("oneOf", []) + schema.get("anyOf", []):
        option_name = option.get("$ref", "").rsplit("/", 1)[-1]
        if option_name in EXPECTED:
            return EXPECTED[option_name] + (
                " or null" if {"type": "null"} in schema.get("oneOf", []) else ""
            )
    root = validator().schema
    defs: dict[str, Any] = root["$defs"] if isinstance(root, Mapping) else {}
    for def_name, definition in defs.items():
        if "pattern" in schema and definition.get("pattern") == schema["pattern"]:
            return EXPECTED.get(def_name, f"in the form {schema['pattern']}")
    if "pattern" in schema:
        return f"in the form {schema['pattern']}"
    return "allowed here"


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
        raise FileRefused(f"{where}: {text!r} is not a real date") from None


def shipped(path: Path) -> dict[str, Any]:
    """One of the report files peeltrack ships, read and checked."""
    return read(path.read_bytes(), name=path.name)
