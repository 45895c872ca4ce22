"""The public pages and their data: anyone may read them, without signing in. Each is
rendered without the request's context (no session, no person, no cookie), so the same
answer serves everyone and shared caches may keep it (publishing.caching)."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy, gettext_noop, pgettext_lazy

from core.refusals import Refused
from core.spreadsheets import write_csv
from forces.models import Force
from policing_bodies import obligations
from recommendations import charts, follow_ups
from recommendations.models import Recommendation

from .caching import public_page
from .published import (
    CATEGORIES,
    FORCE_STATUSES,
    ForceRow,
    PublishedRecord,
    chosen,
    matches,
)

# The licence in the page's language: the National Archives publishes it in Welsh too
# ("Trwydded Llywodraeth Agored", the name Welsh Government's BydTermCymru uses). Data
# files always name it in English.
LICENCE = gettext_lazy("Open Government Licence v3.0")
LICENCE_URL = pgettext_lazy(
    "the licence's address in the page's language",
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)
# The parameters each public page takes; anything else is a 400, saying so.
PARAMETERS = {"published"}
# The longest search anyone types: words in an item's theme or text.
SEARCH_LIMIT = 200


def _page(template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(
        render_to_string(template, {"licence": LICENCE, "licence_url": LICENCE_URL, **context}),
        status=status,
    )


def _refused(problem: str) -> HttpResponse:
    return _page("publishing/bad_query.html", {"problem": problem}, status=400)


def _choices(request: HttpRequest, **allowed: Iterable[str]) -> HttpResponse | None:
    """A 400 naming the first parameter whose value is not one of those it takes."""
    for name, values in allowed.items():
        values = list(values)
        given = request.GET.get(name, "")
        if given and given not in values:
            return _refused(
                gettext("Choose the %(name)s as one of %(values)s.")
                % {"name": name, "values": ", ".join(values)}
            )
    return None


def _too_long(request: HttpRequest) -> HttpResponse | None:
    """A 400 when the words searched for (?q=) are too many."""
    if len(request.GET.get("q", "").strip()) > SEARCH_LIMIT:
        return _refused(
            gettext("Search for at most %(limit)s characters.") % {"limit": SEARCH_LIMIT}
        )
    return None


def _record(
    request: HttpRequest, also: frozenset[str] = frozenset()
) -> PublishedRecord | HttpResponse | None:
    """The record the query asks for, a 400 for a query that is not one, or None when
    nothing is published yet. A page takes ?published= and the parameters `also` names."""
    unknown = sorted(set(request.GET) - PARAMETERS - also)
    if unknown:
        takes = gettext(" and ").join(f"?{name}=" for name in sorted(PARAMETERS | also))
        return _refused(
            gettext("This page takes no %(name)s: it takes only %(takes)s.")
            % {"name": unknown[0], "takes": takes}
        )
    values = request.GET.getlist("published")
    if len(values) > 1:
        return _refused(gettext("Give one publication date (?published=YYYY-MM-DD), not several."))
    try:
        publication = chosen(values[0] if values else None)
    except Refused as refusal:
        return _refused(str(refusal))
    return PublishedRecord(publication) if publication is not None else None


def _published(
    request: HttpRequest,
    answer: Callable[[PublishedRecord], HttpResponse],
    *,
    file: bool = False,
    also: frozenset[str] = frozenset(),
) -> HttpResponse:
    """The page (or data `file`) `answer` makes of the record the query asks for; the
    public page's own 400 or 404 when there is none. Before anything is published a page
    says so, and a data file is not there (404)."""
    try:
        found = _record(request, also)
        if isinstance(found, HttpResponse):
            return found
        if found is None:
            return _page("publishing/nothing_published.html", {}, status=404 if file else 200)
        return answer(found)
    except Http404 as missing:
        return _page("publishing/not_found.html", {"problem": str(missing)}, status=404)


def _context(record: PublishedRecord, request: HttpRequest) -> dict[str, Any]:
    pinned = "published" in request.GET
    return {
        "record": record,
        "publication": record.publication,
        "query": f"?published={record.publication.published_on:%Y-%m-%d}" if pinned else "",
        "categories": CATEGORIES,
    }


def _data_query(request: HttpRequest, **chosen: str) -> str:
    """The query a page's data files are asked with: its publication, if one was asked
    for, and the page's own choices."""
    kept = {"published": request.GET.get("published", ""), **chosen}
    given = {name: value for name, value in kept.items() if value}
    return f"?{urlencode(given)}" if given else ""


def _with_counts(rows: list[dict[str, object]]) -> list[tuple[dict[str, object], list]]:
    """Each row with its counts by status, in the order the tables' headings give."""
    return [(row, [(key, row[key]) for key in CATEGORIES]) for row in rows]


def _csv(rows: Iterable[dict[str, object]], headings: list[str], name: str) -> HttpResponse:
    out = io.StringIO()
    write_csv(out, [headings, *([row[h] for h in headings] for row in rows)])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _metadata(record: PublishedRecord, what: str) -> dict[str, str]:
    publication = record.publication
    return {
        "title": what,
        "publisher": "peeltrack",
        "published_on": publication.published_on.isoformat(),
        "known_on": publication.known_on.isoformat(),
        "licence": str(LICENCE),
        "licence_url": str(LICENCE_URL),
    }


def _json(record: PublishedRecord, rows: list[dict[str, object]], what: str) -> HttpResponse:
    body = {"metadata": _metadata(record, what), "rows": rows}
    return HttpResponse(json.dumps(body, indent=1), content_type="application/json")


# Every column of every public data file: its name, type and meaning (the data
# dictionary page shows these, and the files' headings are read from here).
COUNTS = [
    (
        "overdue",
        gettext_noop("whole number"),
        gettext_noop(
            "Owners in scope whose milestone is overdue: its due date has passed and it is "
            "neither met nor not applicable"
        ),
    ),
    (
        "met",
        gettext_noop("whole number"),
        gettext_noop(
            "Owners in scope who met the milestone by its due date (or whose milestone has "
            "no due date)"
        ),
    ),
    (
        "met_late",
        gettext_noop("whole number"),
        gettext_noop("Owners in scope who met the milestone after its due date"),
    ),
    (
        "in_progress",
        gettext_noop("whole number"),
        gettext_noop("Owners in scope in progress, not overdue"),
    ),
    (
        "not_started",
        gettext_noop("whole number"),
        gettext_noop("Owners in scope not started, not overdue"),
    ),
    (
        "not_applicable",
        gettext_noop("whole number"),
        gettext_noop("Owners in scope for whom an inspector found the milestone does not apply"),
    ),
]
DICTIONARY: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "reports": (
        gettext_noop("Every published report (/public/reports/data.csv)"),
        [
            (
                "report",
                gettext_noop("text"),
                gettext_noop("The report's short name, as in its address"),
            ),
            ("title", gettext_noop("text"), gettext_noop("The report's title")),
            (
                "published",
                gettext_noop("text"),
                gettext_noop("When the inspectorate published it, as far as that is known"),
            ),
            (
                "milestones",
                gettext_noop("whole number"),
                gettext_noop("How many milestones its items have"),
            ),
            *COUNTS,
        ],
    ),
    "milestones": (
        gettext_noop(
            "Each milestone of one report (/public/reports/<report>/data.csv; ?kind=, ?status=, "
            "?country=, ?q=)"
        ),
        [
            ("report", gettext_noop("text"), gettext_noop("The report's short name")),
            (
                "item",
                gettext_noop("text"),
                gettext_noop("The recommendation, cause of concern or area for improvement"),
            ),
            ("milestone", gettext_noop("text"), gettext_noop("The milestone's code")),
            (
                "milestone_name",
                gettext_noop("text"),
                gettext_noop("The milestone in words, its item first, its code last"),
            ),
            (
                "due_date",
                gettext_noop("date (YYYY-MM-DD)"),
                gettext_noop("When it is due; empty when the report gives none"),
            ),
            (
                "owner",
                gettext_noop("text"),
                gettext_noop("Who must meet it: police forces, or the national body named"),
            ),
            (
                "in_scope",
                gettext_noop("whole number"),
                gettext_noop("How many owners it applies to on the day"),
            ),
            *COUNTS,
            (
                "public_summary",
                gettext_noop("text"),
                gettext_noop(
                    "For a national body's milestone: what the inspectorate says publicly of its "
                    "standing; empty when nothing is said, and for force milestones (see each "
                    "force's file)"
                ),
            ),
        ],
    ),
    "force": (
        gettext_noop(
            "One force's standing against each milestone (/public/forces/<force>/data.csv; "
            "?report=, ?status=, ?kind=, ?q=)"
        ),
        [
            (
                "force",
                gettext_noop("text"),
                gettext_noop("The force's short name, as in its address"),
            ),
            ("force_name", gettext_noop("text"), gettext_noop("The force's name")),
            ("report", gettext_noop("text"), gettext_noop("The report's short name")),
            (
                "item",
                gettext_noop("text"),
                gettext_noop("The recommendation, cause of concern or area for improvement"),
            ),
            ("milestone", gettext_noop("text"), gettext_noop("The milestone's code")),
            (
                "milestone_name",
                gettext_noop("text"),
                gettext_noop("The milestone in words, its item first, its code last"),
            ),
            (
                "due_date",
                gettext_noop("date (YYYY-MM-DD)"),
                gettext_noop("When it is due; empty when the report gives none"),
            ),
            (
                "status",
                gettext_noop("text"),
                gettext_noop(
                    "overdue, met, met_late, in_progress, not_started, not_applicable or "
                    "not_in_scope (the milestone is not the force's to meet on the day)"
                ),
            ),
            ("status_label", gettext_noop("text"), gettext_noop("The status in words")),
            (
                "met_on",
                gettext_noop("date (YYYY-MM-DD)"),
                gettext_noop("When the force met it; empty unless met"),
            ),
            (
                "days_overdue",
                gettext_noop("whole number"),
                gettext_noop("Days past the due date, when overdue; else 0"),
            ),
            (
                "public_summary",
                gettext_noop("text"),
                gettext_noop(
                    "What the inspectorate says publicly of the force's standing, written with "
                    "the assessment it rests on; empty when nothing is said"
                ),
            ),
        ],
    ),
}
DICTIONARY["forces"] = (
    gettext_noop(
        "Every force's milestones by status (/public/forces/data.csv; ?country=england or wales)"
    ),
    [
        ("force", gettext_noop("text"), gettext_noop("The force's short name, as in its address")),
        ("force_name", gettext_noop("text"), gettext_noop("The force's name")),
        ("country", gettext_noop("text"), gettext_noop("england or wales")),
        (
            "in_scope",
            gettext_noop("whole number"),
            gettext_noop("How many published milestones are the force's to meet"),
        ),
        *COUNTS,
    ],
)
DICTIONARY["items"] = (
    gettext_noop(
        "Every published item, or those a search finds (/public/items/data.csv; ?report=, ?kind=, "
        "?status=, ?q=)"
    ),
    [
        ("report", gettext_noop("text"), gettext_noop("The report's short name")),
        (
            "item",
            gettext_noop("text"),
            gettext_noop("The recommendation, cause of concern or area for improvement"),
        ),
        (
            "kind",
            gettext_noop("text"),
            gettext_noop("recommendation, cause_of_concern or area_for_improvement"),
        ),
        ("theme", gettext_noop("text"), gettext_noop("What the item is about, in a few words")),
        (
            "text_is",
            gettext_noop("text"),
            gettext_noop(
                "verbatim (the report's own words) or summary (known only from a later "
                "report's account)"
            ),
        ),
        ("text", gettext_noop("text"), gettext_noop("The item's text")),
        (
            "milestones",
            gettext_noop("whole number"),
            gettext_noop("How many milestones the item has"),
        ),
        *COUNTS,
    ],
)
DICTIONARY["responses"] = (
    gettext_noop(
        "Each local policing body's response to each report that asks for them "
        "(/public/responses/data.csv; ?report=, ?status=, ?country=)"
    ),
    [
        ("report", gettext_noop("text"), gettext_noop("The report's short name")),
        ("force", gettext_noop("text"), gettext_noop("The force's short name, as in its address")),
        ("force_name", gettext_noop("text"), gettext_noop("The force's name")),
        (
            "body",
            gettext_noop("text"),
            gettext_noop(
                "The force's local policing body on the day the report was published; "
                '"Not known: …" where the sources leave it open'
            ),
        ),
        (
            "report_published_on",
            gettext_noop("date (YYYY-MM-DD)"),
            gettext_noop("The day the report was published; empty while only its month is known"),
        ),
        (
            "due_date",
            gettext_noop("date (YYYY-MM-DD)"),
            gettext_noop(
                "The last day of the 56 days beginning with the day of publication (that day + "
                "55); empty while the day of publication is not known"
            ),
        ),
        (
            "status",
            gettext_noop("text"),
            gettext_noop(
                "overdue, due (not yet due), unknown (the deadline is not known), met_late or met"
            ),
        ),
        ("status_label", gettext_noop("text"), gettext_noop("The status in words")),
        (
            "response_published_on",
            gettext_noop("date (YYYY-MM-DD)"),
            gettext_noop("The day the body published its comments; empty when none is recorded"),
        ),
        ("response_url", gettext_noop("text"), gettext_noop("Where the comments are published")),
        (
            "answers_every_recommendation",
            gettext_noop("text"),
            gettext_noop(
                "yes or no: the comments say, for every recommendation addressed to the force, "
                "what has been or will be done, or why nothing (Police Act 1996 s55(5B)); empty "
                "when none is recorded"
            ),
        ),
        (
            "days_overdue",
            gettext_noop("whole number"),
            gettext_noop("Days past the due date with no response; else 0"),
        ),
        (
            "days_late",
            gettext_noop("whole number"),
            gettext_noop("Days after the due date the response came; else 0"),
        ),
    ],
)
DICTIONARY["repeated"] = (
    gettext_noop(
        "Recommendations made again while an earlier one is not met (/public/repeated/data.csv; "
        "?force=)"
    ),
    [
        ("report", gettext_noop("text"), gettext_noop("The report that makes the item again")),
        ("item", gettext_noop("text"), gettext_noop("The item made again")),
        ("theme", gettext_noop("text"), gettext_noop("What it is about, in a few words")),
        ("earlier_report", gettext_noop("text"), gettext_noop("The report that made it first")),
        ("earlier_item", gettext_noop("text"), gettext_noop("The earlier item")),
        ("earlier_theme", gettext_noop("text"), gettext_noop("What the earlier item is about")),
        (
            "inspections",
            gettext_noop("whole number"),
            gettext_noop(
                "How many inspections the item has run through: 2 when made once before, 3 "
                "when twice, and so on"
            ),
        ),
        (
            "progress_known",
            gettext_noop("text"),
            gettext_noop(
                "yes, or no when the earlier report named no one it was for (then nothing is "
                "known of who met it)"
            ),
        ),
        (
            "not_met_by",
            gettext_noop("text"),
            gettext_noop(
                "Who had not met the earlier item's milestones on the day: each force or "
                "national body, the milestone's code and its status; separated by semicolons"
            ),
        ),
    ],
)
REPEAT_COLUMNS = [name for name, _type, _meaning in DICTIONARY["repeated"][1]]
RESPONSE_COLUMNS = [name for name, _type, _meaning in DICTIONARY["responses"][1]]
ITEM_COLUMNS = [name for name, _type, _meaning in DICTIONARY["items"][1]]
FORCES_COLUMNS = [name for name, _type, _meaning in DICTIONARY["forces"][1]]
REPORT_COLUMNS = [name for name, _type, _meaning in DICTIONARY["reports"][1]]
MILESTONE_COLUMNS = [name for name, _type, _meaning in DICTIONARY["milestones"][1]]
FORCE_COLUMNS = [name for name, _type, _meaning in DICTIONARY["force"][1]]


def _report_rows(record: PublishedRecord) -> list[dict[str, object]]:
    return [
        {
            "report": report.slug,
            "title": report.title,
            "published": report.published,
            "milestones": milestones,
            **{key: counts[key] for key in CATEGORIES},
        }
        for report, milestones, counts in record.report_counts()
    ]


@public_page
def index(request: HttpRequest) -> HttpResponse:
    return _published(
        request,
        lambda record: _page("publishing/index.html", _context(record, request)),
    )


@public_page
def reports(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    def answer(record: PublishedRecord) -> HttpResponse:
        rows = _report_rows(record)
        if fmt == "csv":
            return _csv(rows, REPORT_COLUMNS, "peeltrack-reports")
        if fmt == "json":
            return _json(record, rows, "Reports and their milestones' standing")
        table = _with_counts(rows)
        return _page("publishing/reports.html", {**_context(record, request), "rows": table})

    return _published(request, answer, file=fmt != "html")


@public_page
def report(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """A report's items and their milestones' counts: of one kind, with some words, with
    an owner at a status, or counting one country's forces, if asked."""
    refused = _choices(
        request, status=CATEGORIES, kind=Recommendation.Kind.values, country=Force.Country.values
    ) or _too_long(request)
    if refused:
        return refused
    words = request.GET.get("q", "").strip()
    chosen = {name: request.GET.get(name, "") for name in ("kind", "status", "country")}

    def answer(record: PublishedRecord) -> HttpResponse:
        shown = record.report(slug)
        items = record.items(shown, words=words, **chosen)
        rows = [row.as_data() for _item, found in items for row in found]
        if fmt == "csv":
            return _csv(rows, MILESTONE_COLUMNS, f"peeltrack-{shown.slug}")
        if fmt == "json":
            return _json(record, rows, f"{shown.title}: each milestone's standing")
        milestones, chart = record.met_over_time(shown)
        totals = charts.totals(chart)
        return _page(
            "publishing/report.html",
            {
                **_context(record, request),
                "report": shown,
                "items": items,
                "chart_milestones": milestones,
                "chart": [
                    (day, points, total) for (day, points), total in zip(chart, totals, strict=True)
                ],
                "chart_totals": totals,
                "chart_svg": charts.total_bars(totals),
                "kinds": Recommendation.Kind.choices,
                "countries": Force.Country.choices,
                "chosen": {**chosen, "q": words},
                "filtered": any(chosen.values()) or bool(words),
                "data_query": _data_query(request, q=words, **chosen),
            },
        )

    return _published(
        request,
        answer,
        file=fmt != "html",
        also=frozenset({"kind", "status", "country", "q"}),
    )


def _force_totals(record: PublishedRecord, country: str) -> list[dict[str, object]]:
    """Each force (of the country, if given) with its milestones counted by status,
    across every published report."""
    shown = list(Force.objects.order_by("name"))
    if country:
        shown = [f for f in shown if f.country == country]
    by_force = record.forces_rows(shown)
    rows = []
    for force in shown:
        counted = Counter(row.status for _report, found in by_force[force.pk] for row in found)
        rows.append(
            {
                "force": force.slug,
                "force_name": force.name,
                "country": force.country,
                "in_scope": sum(n for status, n in counted.items() if status != "not_in_scope"),
                **{key: counted[key] for key in CATEGORIES},
            }
        )
    return rows


@public_page
def items(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """The items of the published reports, found by report, kind and words."""
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    slug = request.GET.get("report", "")
    refused = _choices(request, kind=Recommendation.Kind.values, status=CATEGORIES) or _too_long(
        request
    )
    if refused:
        return refused
    words = request.GET.get("q", "").strip()

    def answer(record: PublishedRecord) -> HttpResponse:
        report = record.report(slug) if slug else None
        rows = record.item_rows(report=report, kind=kind, words=words, status=status)
        if fmt == "csv":
            return _csv(rows, ITEM_COLUMNS, "peeltrack-items")
        if fmt == "json":
            return _json(record, rows, "Items of the published reports")
        context = _context(record, request)
        return _page(
            "publishing/items.html",
            {
                **context,
                "rows": _with_counts(rows),
                "reports": record.reports,
                "kinds": Recommendation.Kind.choices,
                "statuses": CATEGORIES,
                "chosen": {"report": slug, "kind": kind, "q": words, "status": status},
                "data_query": _data_query(request, report=slug, kind=kind, q=words, status=status),
            },
        )

    return _published(
        request, answer, file=fmt != "html", also=frozenset({"report", "kind", "q", "status"})
    )


@public_page
def forces(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    country = request.GET.get("country", "")
    if country and country not in Force.Country.values:
        return _refused(gettext("Choose the country as england or wales."))

    def answer(record: PublishedRecord) -> HttpResponse:
        rows = _force_totals(record, country)
        if fmt == "csv":
            return _csv(rows, FORCES_COLUMNS, f"peeltrack-forces{'-' + country if country else ''}")
        if fmt == "json":
            return _json(record, rows, "Each force's milestones by status")
        table = _with_counts(rows)
        context = _context(record, request)
        return _page(
            "publishing/forces.html",
            {
                **context,
                "rows": table,
                "country": country,
                "countries": Force.Country.choices,
                "data_query": _data_query(request, country=country),
            },
        )

    return _published(request, answer, file=fmt != "html", also=frozenset({"country"}))


@public_page
def force(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """A force's standing against every published milestone: of one report, at one
    status, of one kind of item, with some words in the item, if asked."""
    refused = _choices(
        request, status=FORCE_STATUSES, kind=Recommendation.Kind.values
    ) or _too_long(request)
    if refused:
        return refused
    words = request.GET.get("q", "").strip()
    chosen = {name: request.GET.get(name, "") for name in ("report", "status", "kind")}
    wanted = [word.casefold() for word in words.split()]

    def wanted_row(row: ForceRow) -> bool:
        return (not chosen["status"] or row.status == chosen["status"]) and matches(
            row.milestone.recommendation, chosen["kind"], wanted
        )

    def answer(record: PublishedRecord) -> HttpResponse:
        shown = Force.objects.filter(slug=slug).first()
        if shown is None:
            raise Http404(gettext("There is no force of that name."))
        if chosen["report"]:
            record.report(chosen["report"])  # a report not published is not found
        every = record.force_rows(shown)
        groups = [
            (report, [row for row in found if wanted_row(row)])
            for report, found in every
            if not chosen["report"] or report.slug == chosen["report"]
        ]
        groups = [(report, found) for report, found in groups if found]
        rows = [row.as_data(shown) for _report, found in groups for row in found]
        if fmt == "csv":
            return _csv(rows, FORCE_COLUMNS, f"peeltrack-{shown.slug}")
        if fmt == "json":
            return _json(record, rows, f"{shown.name}: its standing against each milestone")
        return _page(
            "publishing/force.html",
            {
                **_context(record, request),
                "force": shown,
                "groups": groups,
                "reports": [report for report, _found in every],
                "statuses": FORCE_STATUSES,
                "kinds": Recommendation.Kind.choices,
                "chosen": {**chosen, "q": words},
                "filtered": any(chosen.values()) or bool(words),
                "data_query": _data_query(request, q=words, **chosen),
            },
        )

    return _published(
        request,
        answer,
        file=fmt != "html",
        also=frozenset({"report", "status", "kind", "q"}),
    )


def _repeat_row(repeat: follow_ups.Repeat) -> dict[str, object]:
    item, earlier = repeat.item, repeat.earlier
    return {
        "report": item.report.slug,
        "item": item.label,
        "theme": item.theme,
        "earlier_report": earlier.report.slug,
        "earlier_item": earlier.label,
        "earlier_theme": earlier.theme,
        "inspections": repeat.inspections,
        "progress_known": "yes" if repeat.progress_known else "no",
        "not_met_by": "; ".join(
            f"{s.owner.name} ({s.milestone.code}: {s.category_label.lower()})"
            for s in repeat.not_met
        ),
    }


@public_page
def repeated(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """Items made again while an earlier item is not met, as published; for one force,
    if asked."""
    slug = request.GET.get("force", "")

    def answer(record: PublishedRecord) -> HttpResponse:
        every_force = list(Force.objects.order_by("name"))
        chosen = [f for f in every_force if f.slug == slug]
        if slug and not chosen:
            raise Http404(gettext("There is no force of that name."))
        repeats = record.repeated(chosen or None)
        rows = [_repeat_row(repeat) for repeat in repeats]
        if fmt == "csv":
            return _csv(rows, REPEAT_COLUMNS, "peeltrack-repeated")
        if fmt == "json":
            return _json(record, rows, "Recommendations made again")
        return _page(
            "publishing/repeated.html",
            {
                **_context(record, request),
                "rows": list(zip(repeats, rows, strict=True)),
                "forces": every_force,
                "chosen": {"force": slug},
                "force": chosen[0] if chosen else None,
                "data_query": _data_query(request, force=slug),
            },
        )

    return _published(request, answer, file=fmt != "html", also=frozenset({"force"}))


@public_page
def responses(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """The local policing bodies' 56-day responses, by report, status and country."""
    slug = request.GET.get("report", "")
    status = request.GET.get("status", "")
    country = request.GET.get("country", "")
    if status and status not in obligations.STATUSES:
        return _refused(
            gettext("Choose the %(name)s as one of %(values)s.")
            % {"name": "status", "values": ", ".join(obligations.STATUSES)}
        )
    if country and country not in Force.Country.values:
        return _refused(gettext("Choose the country as england or wales."))

    def answer(record: PublishedRecord) -> HttpResponse:
        report = record.report(slug) if slug else None
        # The rule is read once: the counts are of every status, the rows of the chosen.
        every = record.responses(report=report, country=country)
        shown = [o for o in every if o.status == status] if status else every
        rows = [obligations.as_data(o) for o in shown]
        if fmt == "csv":
            return _csv(rows, RESPONSE_COLUMNS, "peeltrack-responses")
        if fmt == "json":
            return _json(record, rows, "Local policing bodies' 56-day responses")
        asking = [r for r in record.reports if r.responses_required]
        return _page(
            "publishing/responses.html",
            {
                **_context(record, request),
                "rows": shown,
                "counts": obligations.count(every),
                "statuses": obligations.STATUSES,
                "reports": asking,
                "countries": Force.Country.choices,
                "chosen": {"report": slug, "status": status, "country": country},
                "data_query": _data_query(request, report=slug, status=status, country=country),
            },
        )

    return _published(
        request, answer, file=fmt != "html", also=frozenset({"report", "status", "country"})
    )


@public_page
def everything(request: HttpRequest) -> HttpResponse:
    """One file of everything a publication holds: each table of the data dictionary."""

    def answer(record: PublishedRecord) -> HttpResponse:
        every_force = list(Force.objects.order_by("name"))
        by_force = record.forces_rows(every_force)
        tables = {
            "reports": _report_rows(record),
            "forces": _force_totals(record, ""),
            "items": record.item_rows(),
            "milestones": [
                row.as_data()
                for report in record.reports
                for _item, found in record.items(report)
                for row in found
            ],
            "force": [
                row.as_data(force)
                for force in every_force
                for _report, found in by_force[force.pk]
                for row in found
            ],
            "responses": [obligations.as_data(o) for o in record.responses()],
            "repeated": [_repeat_row(repeat) for repeat in record.repeated()],
        }
        body = {"metadata": _metadata(record, "Everything published"), "tables": tables}
        response = HttpResponse(json.dumps(body, indent=1), content_type="application/json")
        response["Content-Disposition"] = (
            f'attachment; filename="peeltrack-published-{record.publication.published_on:%Y-%m-%d}'
            '.json"'
        )
        return response

    return _published(request, answer, file=True)


@public_page
def deadlines(request: HttpRequest) -> HttpResponse:
    """The public deadlines, for a calendar program."""
    from .feed import public_deadlines

    def answer(record: PublishedRecord) -> HttpResponse:
        response = HttpResponse(
            public_deadlines(record).to_ical(), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="peeltrack-deadlines.ics"'
        return response

    return _published(request, answer, file=True)


@public_page
def data_dictionary(request: HttpRequest) -> HttpResponse:
    if request.GET:
        return _refused(gettext("This page takes no parameters."))
    # Column names stay as the files have them; what they mean is in the page's language.
    dictionary = [
        (
            gettext(title),
            [(name, gettext(kind), gettext(meaning)) for name, kind, meaning in columns],
        )
        for title, columns in DICTIONARY.values()
    ]
    return _page("publishing/data.html", {"dictionary": dictionary})


@public_page
def publications(request: HttpRequest) -> HttpResponse:
    from .models import Publication

    if request.GET:
        return _refused(gettext("This page takes no parameters."))
    return _page(
        "publishing/publications.html",
        {"publications": Publication.objects.newest_first()},
    )


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(
        "publishing/accessibility.html", {"contact": settings.PEELTRACK_ACCESSIBILITY_CONTACT}
    )


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    contact = settings.PEELTRACK_ACCESSIBILITY_CONTACT
    return _page("publishing/privacy.html", {"contact": contact})
