"""Inspectors' own writes — progress records, corrections, scope — and a milestone's history."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from core import access
from core.dates import end_of_day, today
from core.forms import KnownOnForm
from core.views import submit
from core.written import short_day
from forces.models import Force, NationalBody

from ..forms import RecordProgressForm, ScopeForm
from ..models import Milestone, ProgressRecord
from ..services import change_scope, record_progress

HISTORY_PAGE_SIZE = 50


def _record_to_correct(request: HttpRequest) -> ProgressRecord | None:
    value = request.GET.get("corrects", "")
    if not value:
        return None
    pk = access.parse_id(value)
    if pk is None:
        raise Http404
    return get_object_or_404(
        ProgressRecord.objects.select_related("force", "national_body", "milestone"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """Record progress directly, or correct an earlier record (?corrects=ID)."""
    access.RECORD_PROGRESS.require(request.user)
    correcting = _record_to_correct(request)
    initial: dict[str, object] = {}
    if correcting is not None:
        # Start from what the record said: a correction usually changes one thing.
        initial = {
            "status": correcting.status,
            "effective_on": correcting.effective_on,
            "note": correcting.note,
        }
    elif request.GET.get("force"):
        initial = {"owner": f"force:{request.GET['force']}"}
    form = RecordProgressForm(request.POST or None, initial=initial, correcting=correcting)

    def save(data: dict[str, Any]) -> ProgressRecord:
        owner, milestone = form.owner_and_milestone()
        return record_progress(
            milestone=milestone,
            force=owner if isinstance(owner, Force) else None,
            national_body=owner if isinstance(owner, NationalBody) else None,
            status=data["status"],
            effective_on=data["effective_on"],
            note=data["note"],
            public_summary=data["public_summary"],
            corrects=correcting,
            by=request.user,
        )

    outcome = submit(request, form, save)
    if outcome.saved:
        saved = outcome.result
        said = {
            "milestone": saved.milestone.full_name,
            "owner": saved.owner,
            "status": saved.get_status_display().lower(),
            "day": short_day(saved.effective_on),
        }
        if saved.corrects is not None:
            message = gettext(
                "Corrected the record of %(milestone)s for %(owner)s dated %(earlier)s: now "
                "%(status)s from %(day)s. The earlier record is kept and no longer counts."
            ) % {**said, "earlier": short_day(saved.corrects.effective_on)}
        else:
            message = gettext("Recorded %(milestone)s for %(owner)s as %(status)s from %(day)s")
            message %= said
        messages.success(request, message)
        if saved.force is not None:
            return redirect(reverse("plans:force", args=[saved.force.slug]) + "#history")
        return redirect("recommendations:dashboard")
    return render(
        request,
        "recommendations/record_progress.html",
        {"form": form, "corrects": correcting},
        status=outcome.status,
    )


@require_http_methods(["GET", "POST"])
def scope(request: HttpRequest, slug: str) -> HttpResponse:
    access.CHANGE_SCOPE.require(request.user)
    force = get_object_or_404(Force, slug=slug)
    form = ScopeForm(request.POST or None)
    outcome = submit(
        request,
        form,
        lambda data: change_scope(
            milestone=data["milestone"],
            force=force,
            in_scope=data["in_scope"],
            effective_on=data["effective_on"],
            reason=data["reason"],
            by=request.user,
        ),
    )
    if outcome.saved:
        messages.success(
            request,
            gettext("Scope of %(milestone)s changed for %(force)s")
            % {"milestone": outcome.result.milestone.full_name, "force": force},
        )
        return redirect("plans:force", slug=force.slug)
    return render(
        request,
        "recommendations/scope_form.html",
        {"form": form, "force": force},
        status=outcome.status,
    )


@require_safe
def milestone_history(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Every progress record of one force against one milestone, newest first, by pages."""
    force = get_object_or_404(Force, slug=slug)
    if not access.may_see_force(request.user, force):
        raise Http404
    milestone = get_object_or_404(Milestone.objects.for_forces(), code=code)
    asked = KnownOnForm(request.GET)
    if not asked.is_valid():
        raise BadRequest(asked.errors["known_on"][0])
    known_on = asked.cleaned_data["known_on"]
    records = Paginator(
        ProgressRecord.objects.filter(force=force, milestone=milestone)
        .known_on(end_of_day(known_on) if known_on else None)
        .select_related("recorded_by", "corrects", "corrected_by")
        .order_by("-effective_on", "-id"),
        HISTORY_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/milestone_history.html",
        {
            "force": force,
            "milestone": milestone,
            "records": records,
            "as_of": today(),
            "known_on": known_on,
            "can_record": access.may_record_progress(request.user),
        },
    )
