import io

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import access, spreadsheets
from core.dates import end_of_day, opening_day, today
from core.forms import KnownOnForm
from core.templatetags.govuk import person
from forces.models import Force

from .activity import force_activity
from .forms import ActivityForm
from .models import HistoryEntry


@require_safe
def activity(request):
    """Which forces have gone quiet as of a date, longest silent first."""
    access.SEE_EVERY_FORCE.require(request.user)
    form = ActivityForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/activity.html", {"form": form}, status=400)
    as_of = form.cleaned_data["as_of"] or opening_day()
    days = form.cleaned_data["days"]
    rows = force_activity(
        as_of=as_of, quiet_after_days=days, known_on=form.cleaned_data["known_on"]
    )
    return render(
        request,
        "audit/activity.html",
        {
            "form": form,
            "rows": rows,
            "days": days,
            "as_of": as_of,
            "known_on": form.cleaned_data["known_on"],
            "quiet_count": sum(r.quiet for r in rows),
        },
    )


@require_safe
def history_csv(request, slug):
    """A force's whole change history as CSV, newest first (as known on a day, if asked)."""
    force = get_object_or_404(Force, slug=slug)
    if not access.may_see_force(request.user, force):
        raise Http404
    form = KnownOnForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.errors["known_on"][0])
    known_on = form.cleaned_data["known_on"]
    entries = (
        HistoryEntry.objects.visible_to(request.user)
        .for_force(force)
        .known_on(end_of_day(known_on) if known_on else None)
        .select_related("by")
        .order_by("-at", "-id")
    )

    def rows():
        yield ["when", "who", "username", "kind_of_change", "what_happened", "force"]
        for entry in entries.iterator(chunk_size=2000):
            yield [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                person(entry.by),
                entry.by.username if entry.by else "",
                entry.get_subject_display(),
                entry.summary,
                force.name,
            ]

    buffer = io.StringIO()
    spreadsheets.write_csv(buffer, rows())
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    day = (known_on or today()).isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="change-history-{force.slug}-{day}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
