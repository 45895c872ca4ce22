"""The staff pages of the 56-day responses: every report asking for responses, each
force's body with its deadline and status, and the forms that set a report's day and
record a response (through policing_bodies.services)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core import access
from core.dates import today
from core.spreadsheets import write_csv
from core.views import submit
from forces.models import Force
from recommendations.models import Report

from . import obligations
from .forms import PublicationDayForm, ResponseForm
from .models import PublicationDay, Response
from .services import record_response, set_publication_day


def _reports() -> list[Report]:
    return list(Report.objects.filter(responses_required=True))


def _shown_report(request: HttpRequest, reports: list[Report]) -> Report | None:
    slug = request.GET.get("report", "")
    if not slug:
        return reports[0] if reports else None
    for report in reports:
        if report.slug == slug:
            return report
    raise Http404(gettext("No report asking for responses has that name."))


FILTERS = {
    "status": tuple(obligations.STATUSES),
    "country": tuple(Force.Country.values),
    "format": ("csv",),
}


def _problems(request: HttpRequest) -> list[str]:
    """What is wrong with the page's filters, in words: each names its parameter."""
    return [
        gettext("Choose the %(name)s as one of %(values)s, not “%(given)s”")
        % {"name": name, "values": ", ".join(allowed), "given": request.GET[name]}
        for name, allowed in FILTERS.items()
        if request.GET.get(name, "") not in ("", *allowed)
    ]


def _query(**chosen: str) -> str:
    """The filters chosen, as a query string for the page's links and its CSV."""
    return urlencode({name: value for name, value in chosen.items() if value})


def _download(report: Report, rows: list[obligations.Obligation]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="peeltrack-responses-{report.slug}-{today():%Y-%m-%d}.csv"'
    )
    write_csv(
        response,
        [
            obligations.DATA_COLUMNS,
            *(
                [data[column] for column in obligations.DATA_COLUMNS]
                for data in map(obligations.as_data, rows)
            ),
        ],
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """Every force's body (the liaison's own only) against a report: by status and
    country, on the page or as CSV; and, for an inspector, the day of publication."""
    reports = _reports()
    report = _shown_report(request, reports)
    problems = _problems(request)
    status = "" if problems else request.GET.get("status", "")
    country = "" if problems else request.GET.get("country", "")
    form = PublicationDayForm(request.POST or None)
    if request.method == "POST":
        if report is None:
            raise Http404
        access.SET_PUBLICATION_DAY.require(request.user)
        outcome = submit(
            request,
            form,
            lambda data: set_publication_day(
                report=report,
                published_on=data["published_on"],
                reason=data["reason"],
                by=request.user,
            ),
        )
        if outcome.saved:
            entry = outcome.result
            messages.success(
                request,
                f"Recorded {report.title} as published on {entry.published_on:%-d %B %Y}: "
                f"responses are due by {obligations.due_on(entry.published_on):%-d %B %Y}",
            )
            return redirect(f"{reverse('responses:index')}?report={report.slug}")
        status_code = outcome.status
    else:
        status_code = 400 if problems else 200
    rows = (
        obligations.obligations(
            today(), reports=[report], forces=obligations.forces_seen_by(request.user, country)
        )
        if report is not None
        else []
    )
    counts = obligations.count(rows)
    shown = [r for r in rows if r.status == status] if status else rows
    slug = report.slug if report is not None else ""
    if request.GET.get("format") == "csv" and report is not None and not problems:
        return _download(report, shown)
    days = (
        list(
            PublicationDay.objects.filter(report=report)
            .select_related("recorded_by")
            .order_by("recorded_at", "id")
        )
        if report is not None
        else []
    )
    published = obligations.publication_day(report, days) if report is not None else None
    return render(
        request,
        "policing_bodies/index.html",
        {
            "reports": reports,
            "report": report,
            "rows": shown,
            "counts": [(key, label, counts[key]) for key, label in obligations.STATUSES.items()],
            "statuses": obligations.STATUSES,
            "status": status,
            "status_label": obligations.STATUSES.get(status, ""),
            "country": country,
            "countries": Force.Country.choices,
            "problems": problems,
            "query": _query(report=slug, country=country, status=status),
            "base_query": _query(report=slug, country=country),
            "published": published,
            "due": obligations.due_on(published) if published else None,
            "days": days,
            "form": form,
            "may_set_day": access.SET_PUBLICATION_DAY(request.user)
            and report is not None
            and report.published_precision != "day",
            "period_days": obligations.PERIOD_DAYS,
        },
        status=status_code,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def obligation(request: HttpRequest, report_slug: str, force_slug: str) -> HttpResponse:
    report = get_object_or_404(Report, slug=report_slug, responses_required=True)
    force = get_object_or_404(Force, slug=force_slug)
    if not access.may_see_force(request.user, force):
        raise Http404
    found = obligations.obligations(today(), reports=[report], forces=[force])
    if not found:
        raise Http404(f"{report.title} addresses no recommendation to {force.name}.")
    shown = found[0]
    may_record = access.may_record_response(request.user, force)
    form = ResponseForm(request.POST or None)
    if request.method == "POST":
        if not may_record:
            access.check_may_record_response(request.user, force)
        outcome = submit(
            request,
            form,
            lambda data: record_response(
                report=report,
                force=force,
                published_on=data["published_on"],
                url=data["url"],
                answers_every_recommendation=data["answers_every_recommendation"],
                note=data["note"],
                by=request.user,
            ),
        )
        if outcome.saved:
            messages.success(
                request,
                f"Recorded the response of {shown.body_name} to {report.title}, published "
                f"{outcome.result.published_on:%-d %B %Y}",
            )
            return redirect("responses:obligation", report_slug=report.slug, force_slug=force.slug)
        status_code = outcome.status
    else:
        status_code = 200
    history = list(
        Response.objects.filter(report=report, force=force)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-id")
    )
    return render(
        request,
        "policing_bodies/obligation.html",
        {
            "report": report,
            "force": force,
            "obligation": shown,
            "history": history,
            "form": form,
            "may_record": may_record,
        },
        status=status_code,
    )
