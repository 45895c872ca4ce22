import io
from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

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
        problems = (
            [f"Choose a download format of csv or xlsx, not “{export}”"]
            if export not in FORMATS
            else []
        )
        return render_bad_query(request, TEMPLATE, {"filterset": filterset}, problems)
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
            "known_on": selection.known_on,
            "groups": groups,
            "count": len(rows),
        },
    )
