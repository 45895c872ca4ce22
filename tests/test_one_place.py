"""Each rule is written once, where docs/architecture.md says it is: these tests fail when
a copy appears somewhere else."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

APPS = ["accounts", "audit", "core", "forces", "notices", "plans", "recommendations", "peeltrack"]


def modules(*apps: str):
    for app in apps:
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# Raw SQL that reads no records: the reference-data triggers, installed as DDL.
TRIGGER_INSTALLERS = {"audit/reference.py"}


def test_progress_records_are_queried_with_raw_sql_only_inside_recommendations():
    found = [
        str(path)
        for path in modules(*[app for app in APPS if app not in ("recommendations", "core")])
        if "cursor(" in source(path)
        and str(path.relative_to(settings.BASE_DIR)) not in TRIGGER_INSTALLERS
    ]
    assert found == []


@pytest.mark.parametrize(
    "path", [p for p in modules(*APPS) if p.name == "api.py" or p.parent.name == "api"], ids=str
)
def test_api_modules_check_no_role_by_hand(path):
    """Roles are checked by core.permissions classes (and the services), not in views."""
    text = source(path)
    assert "PermissionDenied(" not in text
    assert not re.search(r"access\.(may_|is_inspector|is_manager|sees_every|own_force)", text)


def test_text_limits_are_not_written_as_numbers_in_forms_or_serializers():
    """A limit is declared on its model field (core.text.limit_of reads it there)."""
    offenders = []
    for path in modules(*APPS):
        if path.name not in ("forms.py", "api.py", "serializers.py"):
            continue
        for node in ast.walk(ast.parse(source(path))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "max_length"
                and isinstance(node.value, ast.Constant)
            ):
                offenders.append(f"{path}:{node.value.lineno}")
    # The email box of the password reset form follows Django's own EmailField (254).
    assert offenders == [
        f"{Path(settings.BASE_DIR) / 'accounts' / 'forms.py'}:{line}"
        for line in lines_of("accounts/forms.py", "max_length=254")
    ]


def lines_of(relative: str, text: str) -> list[int]:
    found = source(Path(settings.BASE_DIR) / relative).splitlines()
    return [number for number, line in enumerate(found, start=1) if text in line]


def test_validated_is_defined_once():
    found = [
        str(path)
        for path in modules(*APPS)
        if re.search(r"^def validated\(", source(path), re.MULTILINE)
    ]
    assert found == [str(Path(settings.BASE_DIR) / "core" / "serializers.py")]


def test_the_character_rules_are_written_once():
    """Control and invisible characters are named only in core.text."""
    found = [
        str(path)
        for path in modules(*APPS)
        if re.search(r"\\x00-\\x08|\\u202e|\\u200b", source(path), re.IGNORECASE)
        and path.name != "text.py"
    ]
    assert found == []
