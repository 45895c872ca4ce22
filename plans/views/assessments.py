"""The inspectors' side: the assessment queue and decisions on submissions."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from core import access, written
from core.dates import today
from core.views import submit
from recommendations.models import ProgressRecord
from recommendations.progress import force_standings

from ..forms import DecisionForm
from ..models import Submission
from ..services import accept_submission, return_submission


@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions awaiting assessment, oldest first, with what they are due against."""
    access.SEE_EVERY_FORCE.require(request.user)
    awaiting = list(
        Submission.objects.visible_to(request.user)
        .awaiting()
        .select_related("force", "action_plan__recommendation", "milestone", "submitted_by")
    )
    oldest = min((s.submitted_at for s in awaiting), default=None)
    waited = (today() - timezone.localdate(oldest)).days if oldest else None
    return render(
        request,
        "plans/queue.html",
        {"submissions": awaiting, "today": today(), "oldest": oldest, "waited": waited},
    )


@require_http_methods(["GET", "POST"])
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = access.get_visible_or_404(
        Submission.objects.select_related(
            "force",
            "action_plan__recommendation",
            "milestone",
            "submitted_by",
            "decided_by",
            "progress_record",
        ),
        request.user,
        pk=pk,
    )
    awaiting = submission.state == Submission.State.AWAITING
    own = submission.submitted_by_id == request.user.pk
    may_assess = access.may_assess(request.user) and not own
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        access.require(may_assess)
        if not awaiting:
            # Someone decided first: say who and when, and change nothing.
            decider = submission.decided_by
            assert decider is not None, "A decided submission has the inspector who decided it."
            decided_at = timezone.localtime(submission.decided_at)
            problems = [
                gettext(
                    "This submission has already been %(state)s by %(person)s on %(day)s at "
                    "%(time)s: nothing was changed"
                )
                % {
                    "state": submission.get_state_display().lower(),
                    "person": decider.get_full_name() or decider.username,
                    "day": written.long_day(decided_at),
                    "time": f"{decided_at:%H:%M}",
                }
            ]
            status = 409
    form = None
    if may_assess and awaiting:
        form = DecisionForm(request.POST or None, submission=submission)

    def decide(data: dict[str, Any]) -> str:
        if data["decision"] == DecisionForm.ACCEPT:
            accept_submission(
                submission=submission,
                by=request.user,
                milestone=data["milestone"],
                status=data["status"] or None,
                effective_on=data["effective_on"],
                note=data["note"],
                public_summary=data["public_summary"],
            )
            return gettext("Submission accepted")
        return_submission(submission=submission, by=request.user, reason=data["reason"])
        return gettext("Submission returned to the force")

    outcome = submit(request, form, decide) if form is not None else None
    if outcome is not None and outcome.saved:
        messages.success(request, outcome.result)
        return redirect("plans:queue")
    plan = submission.action_plan
    standing = None
    history: QuerySet[ProgressRecord] | list[ProgressRecord] = []
    if submission.milestone_id:
        standing = force_standings(submission.force, today()).get(submission.milestone_id)
        history = (
            ProgressRecord.objects.filter(force=submission.force, milestone=submission.milestone)
            .select_related("recorded_by", "corrected_by")
            .order_by("-effective_on", "-id")[:10]
        )
    return render(
        request,
        "plans/submission_detail.html",
        {
            "submission": submission,
            "plan": plan,
            "force": submission.force,
            "actions": plan.actions.all(),
            "evidence": submission.evidence.select_related("uploaded_by"),
            "form": form,
            "standing": standing,
            "history": history,
            "own_submission": own,
            "sees_queue": access.sees_every_force(request.user),
            "problems": problems,
        },
        status=outcome.status if outcome is not None else status,
    )
