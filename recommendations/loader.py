"""Loading a report from its file (docs/report-format.md): the one way a report, its
items, milestones, inspection and findings come in, for the upload page and
`manage.py load_report` alike.

All or nothing. Every problem is named by its place in the file and nothing is written.
A file whose report is already loaded changes nothing: if it says what is loaded, the
answer says so; if it differs, it is refused with the differences listed, since a
loaded report changes only by reasoned changes (due dates, grades, scope), which keep
the history. The comparison is with the report as it was loaded: a due date or grade
changed since by a reasoned change is compared at the value it had before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from audit.history import Subject, log, write_transaction
from core import access, text
from core.dates import check_in_range, today
from forces.models import Force, Inspection, InspectionArea, Judgment, NationalBody

from . import report_files
from .models import (
    RECORD_BEGINS,
    DueDateChange,
    GradeCorrection,
    Milestone,
    Precision,
    ProgressRecord,
    Recommendation,
    Report,
)
from .report_files import FileRefused
from .services import ProgressEntry, RecordRules

if TYPE_CHECKING:
    from accounts.models import User

# Addresses under /reports/ that a report's slug may not take.
RESERVED_SLUGS = frozenset({"load", "overdue", "by-force", "activity"})


@dataclass
class Loaded:
    """What loading a file did (or, in a dry run, would do)."""

    report_slug: str
    title: str
    written: bool
    already_loaded: bool
    summary: list[str] = field(default_factory=list)


def load_report(data: bytes, *, name: str = "", by: User | None, dry_run: bool = False) -> Loaded:
    """Check a report file and, unless this is a dry run, load it (an inspector's act)."""
    access.LOAD_REPORTS.check(by)
    document = report_files.read(data, name=name)
    return _load(document, by=by, dry_run=dry_run)


def check_report(data: bytes, *, name: str = "") -> Loaded:
    """What loading the file would do, or FileRefused with every problem: it writes
    nothing, so anyone may ask (the command's --dry-run)."""
    return _load(report_files.read(data, name=name), by=None, dry_run=True)


def load_shipped(*, dry_run: bool = False) -> list[Loaded]:
    """The reports peeltrack ships (recommendations/reports/), loaded by nobody in
    particular and known from the start of the record: for an empty database after the
    test run's flush. Migrations load them in a real database."""
    return [
        _load(report_files.shipped(path), by=None, dry_run=dry_run, loaded_at=RECORD_BEGINS)
        for path in report_files.SHIPPED
    ]


# ---------------------------------------------------------------------------
# Checking a file against what is already known


class Problems:
    """Problems found so far, each with its path in the file."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}")

    def text(self, where: str, value: str | None, *, what: str, limit: int) -> None:
        for problem in text.problems(value or "", what=what, limit=limit):
            self.add(where, problem)

    def raise_any(self) -> None:
        if self.found:
            raise FileRefused(self.found)


@dataclass
class Plan:
    """A checked file, resolved against the database: what loading it would write."""

    document: dict[str, Any]
    report: dict[str, Any]
    bodies: dict[str, NationalBody | dict[str, str]]
    forces: dict[str, Force]
    inspection: dict[str, Any] | None
    items: list[dict[str, Any]]
    findings: list[dict[str, Any]]


def _day(value: str, *, where: str, problems: Problems) -> tuple[datetime.date, str] | None:
    try:
        found = report_files.date_of(value, where=where)
        check_in_range(found[0], what=gettext("the date"))
    except (FileRefused, ValueError) as error:
        message = error.messages[0] if isinstance(error, FileRefused) else f"{where}: {error}"
        problems.found.append(message)
        return None
    return found


def plan(document: dict[str, Any]) -> Plan:
    """Everything the file would write, or FileRefused listing every problem."""
    problems = Problems()
    slug = document["slug"]
    if slug in RESERVED_SLUGS:
        problems.add(
            "slug",
            gettext("%(slug)s is the name of a page here: choose another slug")
            % {"slug": repr(slug)},
        )
    problems.text("title", document["title"], what=gettext("the title"), limit=200)
    problems.text("title_cy", document.get("title_cy"), what=gettext("the Welsh title"), limit=200)

    published = document.get("published_on")
    published_on, precision = None, str(Precision.DAY)
    if published is not None:
        found = _day(published, where="published_on", problems=problems)
        if found:
            published_on, precision = found[0], found[1]
    report = {
        "slug": slug,
        "title": document["title"],
        "title_cy": (document.get("title_cy") or "").strip(),
        "inspectorate": document.get("inspectorate", "HMICFRS"),
        "published_on": published_on,
        "published_precision": precision,
        "published_label": document.get("published_label", ""),
        "responses_required": document.get("responses_required", False),
        "source": (document.get("source") or "").strip(),
    }
    forces = {force.slug: force for force in Force.objects.all()}
    bodies: dict[str, NationalBody | dict[str, str]] = {
        body.slug: body for body in NationalBody.objects.all()
    }
    for index, body in enumerate(document.get("national_bodies", [])):
        where = f"national_bodies[{index}]"
        problems.text(f"{where}.name", body["name"], what=gettext("the name"), limit=150)
        known = bodies.get(body["slug"])
        if isinstance(known, NationalBody) and known.name != body["name"]:
            problems.add(
                f"{where}.name",
                gettext("%(slug)s is already known as %(known)s, not %(name)s")
                % {"slug": body["slug"], "known": repr(known.name), "name": repr(body["name"])},
            )
        elif known is None:
            if NationalBody.objects.filter(name=body["name"]).exists():
                problems.add(
                    f"{where}.name",
                    gettext("another national body is called %(name)s")
                    % {"name": repr(body["name"])},
                )
            bodies[body["slug"]] = {"slug": body["slug"], "name": body["name"]}

    inspection = _plan_inspection(document, forces, problems)
    items = _plan_items(document, slug, forces, bodies, inspection, problems)
    findings = _plan_findings(document, forces, bodies, items, problems)
    problems.raise_any()
    return Plan(document, report, bodies, forces, inspection, items, findings)


def _plan_inspection(
    document: dict[str, Any], forces: dict[str, Force], problems: Problems
) -> dict[str, Any] | None:
    described = document.get("inspection")
    if described is None:
        return None
    scale = described["scale"]
    areas = [area["slug"] for area in described["areas"]]
    for index, slug in enumerate(areas):
        if areas.index(slug) != index:
            problems.add(
                f"inspection.areas[{index}].slug",
                gettext("%(slug)s is named twice") % {"slug": repr(slug)},
            )
    for force_slug, grades in described["judgments"].items():
        where = f"inspection.judgments.{force_slug}"
        if force_slug not in forces:
            problems.add(
                where,
                gettext("there is no force with the slug %(slug)s") % {"slug": repr(force_slug)},
            )
        for area, grade in grades.items():
            if area not in areas:
                problems.add(
                    f"{where}.{area}",
                    gettext("the inspection has no area %(area)s") % {"area": repr(area)},
                )
            elif grade not in scale:
                problems.add(
                    f"{where}.{area}",
                    gettext("%(grade)s is not in the inspection's scale (%(scale)s)")
                    % {"grade": repr(grade), "scale": ", ".join(scale)},
                )
    return {
        "slug": described["slug"],
        "title": described["title"],
        "areas": described["areas"],
        "scale": scale,
        "judgments": described["judgments"],
    }


def _plan_items(
    document: dict[str, Any],
    report_slug: str,
    forces: dict[str, Force],
    bodies: dict[str, NationalBody | dict[str, str]],
    inspection: dict[str, Any] | None,
    problems: Problems,
) -> list[dict[str, Any]]:
    seen_items: dict[tuple[str, int], str] = {}
    seen_codes: dict[str, str] = {}
    taken = dict(
        Milestone.objects.exclude(recommendation__report__slug=report_slug).values_list(
            "code", "recommendation__report__slug"
        )
    )
    taken_lower = {code.lower(): report for code, report in taken.items()}
    items = []
    for index, item in enumerate(document["items"]):
        where = f"items[{index}]"
        key = (item["kind"], item["number"])
        if key in seen_items:
            problems.add(
                where,
                gettext("%(kind)s %(number)s is also %(other)s")
                % {"kind": item["kind"], "number": item["number"], "other": seen_items[key]},
            )
        seen_items[key] = where
        problems.text(f"{where}.text", item["text"], what=gettext("the text"), limit=10_000)
        problems.text(
            f"{where}.text_cy", item.get("text_cy"), what=gettext("the Welsh text"), limit=10_000
        )
        problems.text(f"{where}.theme", item["theme"], what=gettext("the theme"), limit=100)
        problems.text(f"{where}.source", item["source"], what=gettext("the source"), limit=300)
        problems.text(
            f"{where}.also_asks", item.get("also_asks"), what=gettext("the text"), limit=2_000
        )
        force = item.get("force")
        if force is not None and force not in forces:
            problems.add(
                f"{where}.force",
                gettext("there is no force with the slug %(slug)s") % {"slug": repr(force)},
            )
        for ref_index, ref in enumerate(item.get("follows_up", [])):
            ref_where = f"{where}.follows_up[{ref_index}]"
            _check_reference(ref, report_slug, document, ref_where, problems)
        milestones = []
        for m_index, milestone in enumerate(item.get("milestones", [])):
            m_where = f"{where}.milestones[{m_index}]"
            code = milestone["code"]
            if code.lower() in {c.lower() for c in seen_codes}:
                problems.add(
                    f"{m_where}.code",
                    gettext("%(code)s is also %(other)s")
                    % {"code": code, "other": seen_codes[code]},
                )
            elif code.lower() in taken_lower:
                problems.add(
                    f"{m_where}.code",
                    gettext(
                        "%(code)s is already a milestone of the report %(report)s: codes are "
                        "unique across every report"
                    )
                    % {"code": code, "report": taken_lower[code.lower()]},
                )
            seen_codes[code] = f"{m_where}.code"
            milestones.append(
                _plan_milestone(milestone, m_where, force, forces, bodies, inspection, problems)
            )
        items.append({**item, "where": where, "milestones": milestones})
    return items


def _check_reference(
    ref: dict[str, Any], report_slug: str, document: dict[str, Any], where: str, problems: Problems
) -> None:
    kind = ref.get("kind", Recommendation.Kind.RECOMMENDATION)
    if ref["report"] == report_slug:
        if not any(i["kind"] == kind and i["number"] == ref["number"] for i in document["items"]):
            problems.add(
                where,
                gettext("this report has no %(kind)s %(number)s")
                % {"kind": kind, "number": ref["number"]},
            )
        return
    if not Report.objects.filter(slug=ref["report"]).exists():
        problems.add(
            where,
            gettext("the report %(report)s is not loaded: load it first")
            % {"report": repr(ref["report"])},
        )
    elif not Recommendation.objects.filter(
        report__slug=ref["report"], kind=kind, number=ref["number"]
    ).exists():
        problems.add(
            where,
            gettext("the report %(report)s has no %(kind)s %(number)s")
            % {"report": ref["report"], "kind": kind, "number": ref["number"]},
        )


def _plan_milestone(
    milestone: dict[str, Any],
    where: str,
    item_force: str | None,
    forces: dict[str, Force],
    bodies: dict[str, NationalBody | dict[str, str]],
    inspection: dict[str, Any] | None,
    problems: Problems,
) -> dict[str, Any]:
    problems.text(
        f"{where}.description", milestone["description"], what=gettext("the description"), limit=250
    )
    problems.text(
        f"{where}.description_cy",
        milestone.get("description_cy"),
        what=gettext("the Welsh description"),
        limit=250,
    )
    due_on = None
    if milestone["due_on"] is not None:
        found = _day(milestone["due_on"], where=f"{where}.due_on", problems=problems)
        due_on = found[0] if found else None
    planned: dict[str, Any] = {
        "code": milestone["code"],
        "description": milestone["description"],
        "description_cy": (milestone.get("description_cy") or "").strip(),
        "due_on": due_on,
        "due_label": milestone.get("due_label", ""),
        "partners": milestone.get("partners", ""),
        "scope_forces": [],
        "scope_area": None,
        "scope_grades": [],
    }
    owner = milestone["owner"]
    scope = milestone.get("scope")
    if owner != "forces":
        if owner not in bodies:
            problems.add(
                f"{where}.owner",
                gettext("there is no national body %(owner)s: add it under national_bodies")
                % {"owner": repr(owner)},
            )
        if scope is not None:
            problems.add(
                f"{where}.scope", gettext("a national body's milestone has no force scope")
            )
        return {**planned, "owner": Milestone.Owner.NATIONAL_BODY, "body": owner, "scope": "none"}
    planned["owner"] = Milestone.Owner.FORCES
    planned["body"] = None
    if item_force is not None:
        # An item addressed to one force is that force's alone.
        return {**planned, "scope": Milestone.Scope.LISTED, "scope_forces": [item_force]}
    if scope is None:
        problems.add(f"{where}.scope", gettext("a forces milestone needs its scope"))
        return {**planned, "scope": Milestone.Scope.ALL_FORCES}
    if scope == "all_forces":
        return {**planned, "scope": Milestone.Scope.ALL_FORCES}
    if "forces" in scope:
        for f_index, slug in enumerate(scope["forces"]):
            if slug not in forces:
                problems.add(
                    f"{where}.scope.forces[{f_index}]",
                    gettext("there is no force %(slug)s") % {"slug": repr(slug)},
                )
        return {**planned, "scope": Milestone.Scope.LISTED, "scope_forces": scope["forces"]}
    graded = scope["graded"]
    area = _graded_area(graded, inspection, f"{where}.scope.graded", problems)
    return {
        **planned,
        "scope": Milestone.Scope.GRADED,
        "scope_area": area,
        "scope_grades": graded["grades"],
    }


def _graded_area(
    graded: dict[str, Any], inspection: dict[str, Any] | None, where: str, problems: Problems
) -> tuple[str, str] | None:
    """(inspection slug, area slug) of a graded scope, checked against this file's
    inspection or one already loaded."""
    if inspection is not None and graded["inspection"] == inspection["slug"]:
        areas = {a["slug"] for a in inspection["areas"]}
        scale = inspection["scale"]
    else:
        known = Inspection.objects.filter(slug=graded["inspection"]).first()
        if known is None:
            problems.add(
                f"{where}.inspection",
                gettext("there is no inspection %(inspection)s")
                % {"inspection": repr(graded["inspection"])},
            )
            return None
        areas = set(known.areas.values_list("slug", flat=True))
        scale = known.scale
    if graded["area"] not in areas:
        problems.add(
            f"{where}.area",
            gettext("%(inspection)s has no area %(area)s")
            % {"inspection": graded["inspection"], "area": repr(graded["area"])},
        )
        return None
    for g_index, grade in enumerate(graded["grades"]):
        if grade not in scale:
            problems.add(
                f"{where}.grades[{g_index}]",
                gettext("%(grade)s is not in the scale of %(inspection)s")
                % {"grade": repr(grade), "inspection": graded["inspection"]},
            )
    return (graded["inspection"], graded["area"])


def _plan_findings(
    document: dict[str, Any],
    forces: dict[str, Force],
    bodies: dict[str, NationalBody | dict[str, str]],
    items: list[dict[str, Any]],
    problems: Problems,
) -> list[dict[str, Any]]:
    in_file = {m["code"]: m for item in items for m in item["milestones"]}
    held = {
        m.code: m
        for m in Milestone.objects.filter(
            code__in=[f["milestone"] for f in document.get("findings", [])]
        ).select_related("national_body")
    }
    findings = []
    for index, finding in enumerate(document.get("findings", [])):
        where = f"findings[{index}]"
        code = finding["milestone"]
        problems.text(f"{where}.text", finding["text"], what=gettext("the text"), limit=10_000)
        problems.text(f"{where}.source", finding["source"], what=gettext("the source"), limit=300)
        owner = finding.get("owner")
        if code in in_file:
            planned = in_file[code]
            is_for_forces = planned["owner"] == Milestone.Owner.FORCES
            body = planned["body"]
        elif code in held:
            is_for_forces = held[code].is_for_forces
            national_body = held[code].national_body
            body = national_body.slug if national_body is not None else None
        else:
            problems.add(
                f"{where}.milestone",
                gettext("there is no milestone %(code)s") % {"code": repr(code)},
            )
            continue
        if is_for_forces:
            if owner is None or owner not in forces:
                problems.add(
                    f"{where}.owner",
                    gettext("%(code)s is a forces milestone: name the force the finding is about")
                    % {"code": code}
                    if owner is None
                    else gettext("there is no force %(slug)s") % {"slug": repr(owner)},
                )
                continue
        else:
            owner = owner or body
            if owner != body:
                problems.add(
                    f"{where}.owner",
                    gettext("%(code)s is owned by %(body)s, not %(owner)s")
                    % {"code": code, "body": body, "owner": owner},
                )
                continue
        found = _day(finding["effective_on"], where=f"{where}.effective_on", problems=problems)
        if found is None:
            continue
        if found[0] > today():
            problems.add(
                f"{where}.effective_on", gettext("a finding cannot take effect in the future")
            )
            continue
        findings.append(
            {
                "where": where,
                "milestone": code,
                "owner": owner,
                "is_for_forces": is_for_forces,
                "status": finding["status"],
                "effective_on": found[0],
                "effective_precision": found[1],
                "text": finding["text"].strip(),
                "citation": finding["source"].strip(),
            }
        )
    return findings


# ---------------------------------------------------------------------------
# What is loaded, as the file would say it


def as_loaded(report: Report) -> dict[str, Any]:
    """The loaded report, in the shape of its file's plan (values as first loaded)."""
    first_due: dict[int, datetime.date | None] = {}
    for change in DueDateChange.objects.filter(milestone__recommendation__report=report).order_by(
        "recorded_at", "id"
    ):
        first_due.setdefault(change.milestone_id, change.old_due_on)
    loaded: dict[str, Any] = {
        "report": {
            name: getattr(report, name)
            for name in (
                "slug",
                "title",
                "title_cy",
                "inspectorate",
                "published_on",
                "published_precision",
                "published_label",
                "responses_required",
                "source",
            )
        },
        "items": {},
        "inspection": None,
        "findings": set(),
    }
    items = report.recommendations.select_related("force").prefetch_related(
        "follows_up__report",
        Prefetch("milestones", queryset=Milestone.objects.for_the_rule()),
    )
    for item in items:
        loaded["items"][(item.kind, item.number)] = {
            "theme": item.theme,
            "text": item.text,
            "text_cy": item.text_cy,
            "text_is": item.text_is,
            "source": item.source,
            "also_asks": item.also_asks,
            "force": item.force.slug if item.force else None,
            "follows_up": sorted(
                (ref.report.slug, ref.kind, ref.number) for ref in item.follows_up.all()
            ),
            "milestones": [
                {
                    "code": m.code,
                    "description": m.description,
                    "description_cy": m.description_cy,
                    "due_on": first_due.get(m.pk, m.due_on),
                    "due_label": m.due_label,
                    "partners": m.partners,
                    "owner": m.owner,
                    "body": m.national_body.slug if m.national_body else None,
                    "scope": m.scope,
                    "scope_forces": sorted(f.slug for f in m.named_forces()),
                    "scope_area": (
                        (m.scope_area.inspection.slug, m.scope_area.slug) if m.scope_area else None
                    ),
                    "scope_grades": list(m.scope_grades),
                }
                for m in sorted(item.milestones.all(), key=lambda m: m.pk)
            ],
        }
    if report.inspection is not None:
        loaded["inspection"] = _inspection_as_loaded(report.inspection)
    for record in ProgressRecord.objects.filter(
        source=ProgressRecord.Source.REPORT, citation__startswith=f"{report.title}, "
    ).select_related("milestone", "force", "national_body"):
        loaded["findings"].add(_finding_key(record))
    return loaded


def _inspection_as_loaded(inspection: Inspection) -> dict[str, Any]:
    first_grade: dict[tuple[int, int], str] = {}
    for correction in GradeCorrection.objects.filter(area__inspection=inspection).order_by(
        "recorded_at", "id"
    ):
        first_grade.setdefault((correction.force_id, correction.area_id), correction.old_grade)
    judgments: dict[str, dict[str, str]] = {}
    for judgment in Judgment.objects.of_inspection(inspection).select_related("force", "area"):
        grade = first_grade.get((judgment.force_id, judgment.area_id), judgment.grade)
        judgments.setdefault(judgment.force.slug, {})[judgment.area.slug] = grade
    return {
        "slug": inspection.slug,
        "title": inspection.title,
        "areas": [{"slug": a.slug, "name": a.name} for a in inspection.areas.all()],
        "scale": list(inspection.scale),
        "judgments": judgments,
    }


def _finding_key(record: ProgressRecord) -> tuple[Any, ...]:
    owner = record.force or record.national_body
    return (
        record.milestone.code,
        owner.slug if owner else None,
        record.status,
        record.effective_on,
        record.effective_precision,
        record.note,
        record.citation,
    )


def _citation(report_title: str, source: str) -> str:
    return f"{report_title}, {source}"[:300]


def as_planned(planned: Plan) -> dict[str, Any]:
    """The plan, in the shape as_loaded gives."""
    title = planned.report["title"]
    return {
        "report": planned.report,
        "items": {
            (item["kind"], item["number"]): {
                "theme": item["theme"],
                "text": item["text"],
                "text_cy": (item.get("text_cy") or "").strip(),
                "text_is": item["text_is"],
                "source": item["source"],
                "also_asks": item.get("also_asks", ""),
                "force": item.get("force"),
                "follows_up": sorted(
                    (ref["report"], ref.get("kind", "recommendation"), ref["number"])
                    for ref in item.get("follows_up", [])
                ),
                "milestones": [
                    {
                        **{
                            k: m[k]
                            for k in (
                                "code",
                                "description",
                                "description_cy",
                                "due_on",
                                "due_label",
                                "partners",
                                "owner",
                                "body",
                                "scope",
                                "scope_area",
                                "scope_grades",
                            )
                        },
                        "scope_forces": sorted(m["scope_forces"]),
                    }
                    for m in item["milestones"]
                ],
            }
            for item in planned.items
        },
        "inspection": planned.inspection,
        "findings": {
            (
                f["milestone"],
                f["owner"],
                f["status"],
                f["effective_on"],
                f["effective_precision"],
                f["text"],
                _citation(title, f["citation"]),
            )
            for f in planned.findings
        },
    }


def differences(loaded: dict[str, Any], planned: dict[str, Any]) -> list[str]:
    """Where the file differs from the loaded report, field by field."""
    found = []
    for name, value in planned["report"].items():
        if loaded["report"][name] != value:
            found.append(f"{name}: loaded {loaded['report'][name]!r}, the file says {value!r}")
    for key in sorted(set(loaded["items"]) | set(planned["items"])):
        label = f"{key[0].replace('_', ' ')} {key[1]}"
        mine, theirs = loaded["items"].get(key), planned["items"].get(key)
        if mine is None:
            found.append(f"{label}: in the file, not loaded")
            continue
        if theirs is None:
            found.append(f"{label}: loaded, not in the file")
            continue
        for name in theirs:
            if name == "milestones":
                found += _milestone_differences(label, mine["milestones"], theirs["milestones"])
            elif mine[name] != theirs[name]:
                found.append(
                    f"{label}, {name}: loaded {mine[name]!r}, the file says {theirs[name]!r}"
                )
    if loaded["inspection"] != planned["inspection"]:
        found += _inspection_differences(loaded["inspection"], planned["inspection"])
    for finding in sorted(planned["findings"] - loaded["findings"], key=str):
        found.append(
            f"finding on {finding[0]} ({finding[1]}, {finding[3]}): in the file, not loaded"
        )
    for finding in sorted(loaded["findings"] - planned["findings"], key=str):
        found.append(
            f"finding on {finding[0]} ({finding[1]}, {finding[3]}): loaded, not in the file"
        )
    return found


def _milestone_differences(
    label: str, mine: list[dict[str, Any]], theirs: list[dict[str, Any]]
) -> list[str]:
    found = []
    by_code = {m["code"]: m for m in mine}
    for planned in theirs:
        held = by_code.pop(planned["code"], None)
        if held is None:
            found.append(f"{label}: milestone {planned['code']} is in the file, not loaded")
            continue
        for name, value in planned.items():
            if held[name] != value:
                found.append(
                    f"{planned['code']}, {name}: loaded {held[name]!r}, the file says {value!r}"
                )
    for code in by_code:
        found.append(f"{label}: milestone {code} is loaded, not in the file")
    return found


def _inspection_differences(
    mine: dict[str, Any] | None, theirs: dict[str, Any] | None
) -> list[str]:
    if mine is None or theirs is None:
        return [
            "inspection: "
            + ("in the file, not loaded" if mine is None else "loaded, not in the file")
        ]
    found = []
    for name in ("slug", "title", "areas", "scale"):
        if mine[name] != theirs[name]:
            found.append(
                f"inspection.{name}: loaded {mine[name]!r}, the file says {theirs[name]!r}"
            )
    for force in sorted(set(mine["judgments"]) | set(theirs["judgments"])):
        held, planned = mine["judgments"].get(force, {}), theirs["judgments"].get(force, {})
        for area in sorted(set(held) | set(planned)):
            if held.get(area) != planned.get(area):
                found.append(
                    f"inspection.judgments.{force}.{area}: loaded {held.get(area)!r}, the file "
                    f"says {planned.get(area)!r}"
                )
    return found


# ---------------------------------------------------------------------------
# Writing


def _load(
    document: dict[str, Any],
    *,
    by: User | None,
    dry_run: bool,
    loaded_at: datetime.datetime | None = None,
) -> Loaded:
    planned = plan(document)
    slug = planned.report["slug"]
    existing = Report.objects.select_related("inspection").filter(slug=slug).first()
    counts = _counts(planned)
    if existing is not None:
        found = differences(as_loaded(existing), as_planned(planned))
        if found:
            raise FileRefused(
                [
                    f"The report {slug} is already loaded and the file differs from it. A loaded "
                    "report changes only by reasoned changes (due dates, grades, scope). "
                    "The differences:",
                    *found,
                ]
            )
        return Loaded(
            slug,
            planned.report["title"],
            written=False,
            already_loaded=True,
            summary=[
                f"The report {slug} is already loaded as the file describes it: nothing to change."
            ],
        )
    _check_inspection_is_new(planned)
    summary = [f"{'Would load' if dry_run else 'Loaded'} {planned.report['title']}: {counts}."]
    if dry_run:
        return Loaded(
            slug, planned.report["title"], written=False, already_loaded=False, summary=summary
        )
    with write_transaction():
        report = _write(planned, by=by, loaded_at=loaded_at or timezone.now())
        log(
            by=by,
            subject=Subject.REPORT,
            subject_id=report.pk,
            summary=f"Loaded the report {report.title} from its file: {counts}",
            changes={"report": slug},
        )
    return Loaded(
        slug, planned.report["title"], written=True, already_loaded=False, summary=summary
    )


def _check_inspection_is_new(planned: Plan) -> None:
    if (
        planned.inspection is not None
        and Inspection.objects.filter(slug=planned.inspection["slug"]).exists()
    ):
        raise FileRefused(
            f"inspection.slug: the inspection {planned.inspection['slug']} is already loaded "
            "with another report"
        )


def _counts(planned: Plan) -> str:
    items = len(planned.items)
    milestones = sum(len(i["milestones"]) for i in planned.items)
    parts = [
        f"{items} item{'s' * (items != 1)}",
        f"{milestones} milestone{'s' * (milestones != 1)}",
    ]
    if planned.inspection is not None:
        judgments = sum(len(g) for g in planned.inspection["judgments"].values())
        parts.append(f"{judgments} grade{'s' * (judgments != 1)}")
    if planned.findings:
        parts.append(f"{len(planned.findings)} finding{'s' * (len(planned.findings) != 1)}")
    return ", ".join(parts)


def _write(planned: Plan, *, by: User | None, loaded_at: datetime.datetime) -> Report:
    bodies: dict[str, NationalBody] = {}
    for slug, body in planned.bodies.items():
        bodies[slug] = (
            body if isinstance(body, NationalBody) else NationalBody.objects.create(**body)
        )
    inspection = None
    areas: dict[tuple[str, str], InspectionArea] = {}
    if planned.inspection is not None:
        described = planned.inspection
        inspection = Inspection.objects.create(
            slug=described["slug"], title=described["title"], scale=described["scale"]
        )
        for position, area in enumerate(described["areas"], start=1):
            areas[(inspection.slug, area["slug"])] = InspectionArea.objects.create(
                inspection=inspection, slug=area["slug"], name=area["name"], position=position
            )
        Judgment.objects.bulk_create(
            Judgment(force=planned.forces[force], area=areas[(inspection.slug, area)], grade=grade)
            for force, grades in described["judgments"].items()
            for area, grade in grades.items()
        )
    report = Report.objects.create(**planned.report, inspection=inspection, loaded_at=loaded_at)
    made: dict[tuple[str, int], Recommendation] = {}
    for item in planned.items:
        made[(item["kind"], item["number"])] = Recommendation.objects.create(
            report=report,
            kind=item["kind"],
            number=item["number"],
            theme=item["theme"],
            text=item["text"],
            text_cy=(item.get("text_cy") or "").strip(),
            text_is=item["text_is"],
            source=item["source"],
            also_asks=item.get("also_asks", ""),
            force=planned.forces[item["force"]] if item.get("force") else None,
        )
    for item in planned.items:
        follows = []
        for ref in item.get("follows_up", []):
            kind = ref.get("kind", Recommendation.Kind.RECOMMENDATION)
            if ref["report"] == report.slug:
                follows.append(made[(kind, ref["number"])])
            else:
                follows.append(
                    Recommendation.objects.get(
                        report__slug=ref["report"], kind=kind, number=ref["number"]
                    )
                )
        made[(item["kind"], item["number"])].follows_up.set(follows)
        for m in item["milestones"]:
            area = None
            if m["scope_area"] is not None:
                area = areas.get(m["scope_area"]) or InspectionArea.objects.get(
                    inspection__slug=m["scope_area"][0], slug=m["scope_area"][1]
                )
            milestone = Milestone.objects.create(
                recommendation=made[(item["kind"], item["number"])],
                code=m["code"],
                description=m["description"],
                description_cy=m["description_cy"],
                due_on=m["due_on"],
                due_label=m["due_label"],
                owner=m["owner"],
                national_body=bodies[m["body"]] if m["body"] else None,
                partners=m["partners"],
                scope=m["scope"],
                scope_area=area,
                scope_grades=m["scope_grades"],
            )
            if m["scope_forces"]:
                milestone.scope_forces.set([planned.forces[slug] for slug in m["scope_forces"]])
    _write_findings(planned, report, bodies, by=by)
    return report


def _write_findings(
    planned: Plan, report: Report, bodies: dict[str, NationalBody], *, by: User | None
) -> None:
    if not planned.findings:
        return
    milestones = {
        m.code: m
        for m in Milestone.objects.filter(
            code__in=[f["milestone"] for f in planned.findings]
        ).select_related("national_body")
    }
    rules = RecordRules()
    problems = []
    records = []
    for finding in planned.findings:
        milestone = milestones[finding["milestone"]]
        force = planned.forces[finding["owner"]] if finding["is_for_forces"] else None
        body = None if finding["is_for_forces"] else bodies[finding["owner"]]
        entry = ProgressEntry(
            milestone=milestone,
            status=finding["status"],
            effective_on=finding["effective_on"],
            note=finding["text"],
            force=force,
            national_body=body,
        )
        for problem in rules.problems(entry):
            problems.append(f"{finding['where']}: {problem}")
        records.append(
            ProgressRecord(
                milestone=milestone,
                force=force,
                national_body=body,
                status=finding["status"],
                effective_on=finding["effective_on"],
                effective_precision=finding["effective_precision"],
                note=finding["text"],
                recorded_by=by,
                source=ProgressRecord.Source.REPORT,
                citation=_citation(report.title, finding["citation"]),
            )
        )
    if problems:
        raise FileRefused(problems)
    for record in records:
        record.save()
        log(
            by=by,
            force=record.force,
            subject=Subject.PROGRESS_RECORD,
            subject_id=record.pk,
            summary=f"Recorded {record.milestone.full_name} for {record.owner} as "
            f"{record.get_status_display().lower()} from {record.effective}, from "
            f"{report.title}'s own account",
            changes={"note": record.note, "citation": record.citation},
        )
