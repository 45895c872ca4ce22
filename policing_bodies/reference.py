"""Reading the local policing bodies' reference file (reference/local-policing-bodies.yaml):
every entry checked against the forces and the file's own sources, and the whole file
refused, naming each problem, if any entry is wrong. The migration that loads it and the
test that checks the loaded rows both read it through here."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml

FILE = Path(__file__).resolve().parent / "reference" / "local-policing-bodies.yaml"
KINDS = {"pcc", "pfcc", "mopac", "common_council", "mayor"}
UNKNOWN = "unknown"


class BadReference(ValueError):
    pass


def _day(value: Any, where: str, problems: list[str]) -> datetime.date | None | str:
    if value is None or value == UNKNOWN:
        return value
    if isinstance(value, datetime.date):
        return value
    problems.append(f"{where}: {value!r} is not a date, null or unknown")
    return None


def _bounds(
    entry: dict[str, Any], end: str, where: str, sources: set[str], problems: list[str]
) -> tuple[datetime.date | None, datetime.date | None]:
    """(earliest, latest) for an end given as "unknown" with `<end>_between`; the exact
    day twice when known; (None, None) when open."""
    value = _day(entry.get(end), f"{where} {end}", problems)
    if value != UNKNOWN:
        if f"{end}_between" in entry:
            problems.append(f"{where}: {end}_between is only for an {end} that is unknown")
        return (None, value) if isinstance(value, datetime.date) else (None, None)
    between = entry.get(f"{end}_between")
    if (
        not isinstance(between, list)
        or len(between) != 2
        or not all(isinstance(d, datetime.date) for d in between)
        or between[0] > between[1]
    ):
        problems.append(
            f"{where}: an unknown {end} needs {end}_between: [earliest, latest], two dates in order"
        )
        return None, None
    for source in entry.get(f"{end}_between_sources") or [None]:
        if source not in sources:
            problems.append(f"{where}: {end}_between_sources names no source of the file: {source}")
    return between[0], between[1]


def read(path: Path = FILE, force_slugs: set[str] | None = None) -> list[dict[str, Any]]:
    """The bodies as rows for LocalPolicingBody, or BadReference naming every problem."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    if not isinstance(document, dict):
        raise BadReference(f"{path.name}: not a mapping with sources and bodies")
    sources = {s["id"]: s for s in document.get("sources") or [] if isinstance(s, dict)}
    rows = []
    for number, entry in enumerate(document.get("bodies") or [], start=1):
        where = f"bodies entry {number}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not a mapping")
            continue
        force = entry.get("force")
        where = f"{where} ({force})"
        if force_slugs is not None and force not in force_slugs:
            problems.append(f"{where}: no force has the slug {force!r}")
        if entry.get("kind") not in KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(sorted(KINDS))}")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: the name is missing")
        source = sources.get(entry.get("source"))
        if source is None:
            problems.append(f"{where}: source names no source of the file: {entry.get('source')}")
        since_earliest, since = _bounds(entry, "from", where, set(sources), problems)
        until_earliest, until = _bounds(entry, "until", where, set(sources), problems)
        if since and until and until <= since:
            problems.append(f"{where}: until must be later than from")
        rows.append(
            {
                "force": force,
                "kind": entry.get("kind"),
                "name": name,
                "since": since,
                "since_earliest": since_earliest,
                "until": until,
                "until_earliest": until_earliest,
                "source_title": source["title"] if source else "",
                "source_url": source["url"] if source else "",
                "website": entry.get("website") or "",
                "note": entry.get("note") or "",
            }
        )
    by_force: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_force.setdefault(str(row["force"]), []).append(row)
    for slug in sorted((force_slugs or set()) - set(by_force)):
        problems.append(f"no local policing body is given for the force {slug}")
    if problems:
        raise BadReference(f"{path.name}: " + "; ".join(problems))
    return rows
