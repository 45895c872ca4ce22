"""The inspectors' side of publishing: the publications so far, and the form that makes
a new one (through publishing.services, as the command does)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core import access, written
from core.views import submit

from .forms import PublishForm
from .models import Publication
from .services import publish


@require_http_methods(["GET", "HEAD", "POST"])
def publications(request: HttpRequest) -> HttpResponse:
    access.PUBLISH.require(request.user)
    form = PublishForm(request.POST or None)
    outcome = submit(
        request,
        form,
        lambda data: publish(known_on=data["known_on"], reason=data["reason"], by=request.user),
    )
    if outcome.saved:
        messages.success(
            request,
            gettext("Published the record as known on %(day)s: the public pages show it now")
            % {"day": written.long_day(outcome.result.known_on)},
        )
        return redirect("publishing")
    return render(
        request,
        "publishing/staff_publications.html",
        {
            "form": form,
            "publications": Publication.objects.select_related("published_by").newest_first(),
        },
        status=outcome.status,
    )
