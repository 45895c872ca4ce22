import io
from itertools import groupby

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import access, progress
from ..activity import force_activity
from ..exports import overdue_csv, overdue_xlsx
from .common import read_filters, render_bad_query, selection_or_none

TEMPLATE = "recommendations/overdue.html"
FORMATS = {"", "html", "csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
def overdue_report(request):
    """Forces and national bodies overdue as of a date, grouped by due month."""
    filterset = read_filters(request)
    export = request.GET.get("format", "")
    selection = selection_or_none(filterset)
    if selection is None or export not in FORMATS:
        return render_bad_query(
            request,
            TEMPLATE,
            {"filterset": filterset, "bad_format": export if export not in FORMATS else None},
        )
    rows = selection.overdue()
    filename = f"overdue-{selection.as_of.isoformat()}"
    if export == "csv":
        buffer = io.StringIO()
        overdue_csv(rows, buffer)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if export == "xlsx":
        response = HttpResponse(overdue_xlsx(rows, as_of=selection.as_of), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response

    groups = [
        (month, list(items))
        for month, items in groupby(rows, key=lambda s: s.milestone.due_on.replace(day=1))
    ]
    return render(
        request,
        TEMPLATE,
        {
            "filterset": filterset,
            "as_of": selection.as_of,
            "groups": groups,
            "count": len(rows),
        },
    )


@require_safe
def activity(request):
    """When each force last updated its plans, and which have gone quiet."""
    access.require(access.sees_all_forces(request.user))
    try:
        days = int(request.GET.get("days", settings.PEELTRACK_QUIET_DAYS))
        if days < 1:
            raise ValueError
    except ValueError:
        return render(
            request,
            "recommendations/activity.html",
            {"bad_days": request.GET.get("days")},
            status=400,
        )
    rows = force_activity(today=progress.today(), quiet_after_days=days)
    return render(
        request,
        "recommendations/activity.html",
        {"rows": rows, "days": days, "quiet_count": sum(r.quiet for r in rows)},
    )
