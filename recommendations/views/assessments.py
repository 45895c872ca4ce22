"""The inspectors' side: the assessment queue, decisions, direct records and scope."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from forces.models import Force

from .. import access
from ..action_plans import NotAllowed, accept_submission, return_submission
from ..forms import DecisionForm, RecordProgressForm, ScopeForm
from ..models import ProgressRecord, Submission
from ..services import ProgressRejected, change_scope, record_progress


@require_safe
def queue(request):
    """Submissions awaiting assessment, oldest first, with what they are due against."""
    access.require(access.sees_all_forces(request.user))
    awaiting = Submission.objects.filter(state=Submission.State.AWAITING).select_related(
        "force", "action_plan__recommendation", "milestone", "submitted_by"
    )
    return render(request, "recommendations/queue.html", {"submissions": awaiting})


@require_http_methods(["GET", "POST"])
def submission_detail(request, pk):
    submission = access.get_submission_for_user(request.user, pk)
    can_assess = access.can_assess(request.user) and submission.state == Submission.State.AWAITING
    form = None
    if can_assess:
        form = DecisionForm(request.POST or None, submission=submission)
    elif request.method == "POST":
        access.require(False)
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.ACCEPT:
                accept_submission(
                    submission=submission,
                    by=request.user,
                    milestone=data["milestone"],
                    status=data["status"] or None,
                    effective_on=data["effective_on"],
                    note=data["note"],
                )
                messages.success(request, "Submission accepted")
            else:
                return_submission(submission=submission, by=request.user, reason=data["reason"])
                messages.success(request, "Submission returned to the force")
        except ProgressRejected as rejected:
            for error in rejected.errors:
                form.add_error(None, error)
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            return redirect("recommendations:queue")
    plan = submission.action_plan
    return render(
        request,
        "recommendations/submission_detail.html",
        {
            "submission": submission,
            "plan": plan,
            "force": submission.force,
            "actions": plan.actions.all(),
            "evidence": submission.evidence.select_related("uploaded_by"),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def record(request):
    """Record progress directly, or correct an earlier record (?corrects=ID)."""
    access.require(access.can_record_progress(request.user))
    initial = {}
    corrects = None
    if request.method == "GET" and request.GET.get("corrects", "").isdigit():
        corrects = (
            ProgressRecord.objects.filter(pk=request.GET["corrects"])
            .select_related("force", "national_body", "milestone")
            .first()
        )
        if corrects is not None:
            owner = corrects.force or corrects.national_body
            kind = "force" if corrects.force else "body"
            initial = {
                "owner": f"{kind}:{owner.slug}",
                "milestone": corrects.milestone.code,
                "corrects": corrects.pk,
                "effective_on": corrects.effective_on,
            }
    elif request.method == "GET" and request.GET.get("force"):
        initial = {"owner": f"force:{request.GET['force']}"}
    form = RecordProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = data["owner"]
        is_force = isinstance(owner, Force)
        try:
            saved = record_progress(
                milestone=data["milestone"],
                force=owner if is_force else None,
                national_body=None if is_force else owner,
                status=data["status"],
                effective_on=data["effective_on"],
                note=data["note"],
                corrects=data["corrects"],
                by=request.user,
            )
        except ProgressRejected as rejected:
            for error in rejected.errors:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Recorded {saved.milestone.code} for {owner} as "
                f"{saved.get_status_display().lower()} from {saved.effective_on:%-d %B %Y}",
            )
            if is_force:
                return redirect(reverse("forces:detail", args=[owner.slug]) + "#history")
            return redirect("recommendations:dashboard")
    return render(
        request,
        "recommendations/record_progress.html",
        {"form": form, "corrects": corrects},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def scope(request, slug):
    access.require(access.can_change_scope(request.user))
    force = access.get_force_for_user(request.user, slug)
    form = ScopeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change_scope(
            milestone=data["milestone"],
            force=force,
            in_scope=data["in_scope"],
            effective_on=data["effective_on"],
            reason=data["reason"],
            by=request.user,
        )
        messages.success(request, f"Scope of {data['milestone'].code} changed for {force}")
        return redirect("forces:detail", slug=force.slug)
    return render(
        request,
        "recommendations/scope_form.html",
        {"form": form, "force": force},
        status=400 if form.errors else 200,
    )
