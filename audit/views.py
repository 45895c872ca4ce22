from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import access
from core.dates import today

from .activity import force_activity
from .forms import ActivityForm


@require_safe
def activity(request):
    """Which forces have gone quiet as of a date, longest silent first."""
    access.require(access.sees_every_force(request.user))
    form = ActivityForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/activity.html", {"form": form}, status=400)
    as_of = form.cleaned_data["as_of"] or today()
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
