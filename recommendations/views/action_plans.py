"""A force's action plans: actions, target-date slips, evidence and submissions."""

from functools import partial

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import access
from ..action_plans import (
    NotAllowed,
    StaleEdit,
    add_action,
    attach_evidence,
    change_action,
    start_action_plan,
    submit_for_assessment,
    update_plan_summary,
    withdraw_evidence,
)
from ..evidence_files import mime_type
from ..forms import (
    AddActionForm,
    ChangeActionForm,
    EvidenceForm,
    PlanSummaryForm,
    ReasonForm,
    SubmitForm,
)
from ..models import Action, Recommendation, TargetDateSlip


@require_POST
def start_plan(request, slug):
    force = access.get_force_for_user(request.user, slug)
    access.require(access.can_edit_force_plans(request.user, force))
    recommendation = get_object_or_404(Recommendation, pk=request.POST.get("recommendation"))
    plan = start_action_plan(force=force, recommendation=recommendation, by=request.user)
    return redirect("recommendations:plan", pk=plan.pk)


@require_safe
def plan_detail(request, pk):
    plan = access.get_action_plan_for_user(request.user, pk)
    actions = plan.actions.annotate(slip_count=Count("slips")).prefetch_related(
        Prefetch("slips", queryset=TargetDateSlip.objects.select_related("changed_by"))
    )
    return render(
        request,
        "recommendations/plan_detail.html",
        {
            "plan": plan,
            "force": plan.force,
            "actions": actions,
            "slip_total": sum(a.slip_count for a in actions),
            "evidence": plan.evidence.select_related("uploaded_by", "withdrawn_by"),
            "submissions": plan.submissions.select_related(
                "milestone", "submitted_by", "decided_by"
            ),
            "can_edit": access.can_edit_force_plans(request.user, plan.force),
            "summary_form": PlanSummaryForm(
                initial={"summary": plan.summary, "version": plan.version}
            ),
        },
    )


def _stale(request, error: StaleEdit, form, template, context):
    """Re-show the form with the other person's changes reloaded and the person's input kept."""
    form.data = form.data.copy()
    form.data["version"] = error.plan.version
    return render(
        request, template, {**context, "form": form, "extra_errors": [str(error)]}, status=409
    )


@require_POST
def edit_summary(request, pk):
    plan = access.get_action_plan_for_user(request.user, pk, write=True)
    form = PlanSummaryForm(request.POST)
    if form.is_valid():
        try:
            update_plan_summary(
                plan=plan,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                by=request.user,
            )
        except StaleEdit as error:
            messages.error(request, str(error))
            return redirect("recommendations:plan", pk=plan.pk)
        messages.success(request, "Plan summary saved")
    return redirect("recommendations:plan", pk=plan.pk)


def _plan_change(request, *, form, template, context, save, done: str):
    """Show a plan-changing form; on a valid post, save through the service.

    A stale version is a 409 with the person's input kept; a broken workflow rule is a
    form error; success goes back to the plan with a message.
    """
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            save(expected_version=form.cleaned_data["version"], by=request.user, **fields)
        except StaleEdit as error:
            return _stale(request, error, form, template, context)
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("recommendations:plan", pk=context["plan"].pk)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def action_add(request, pk):
    plan = access.get_action_plan_for_user(request.user, pk, write=True)
    return _plan_change(
        request,
        form=AddActionForm(request.POST or None, initial={"version": plan.version}),
        template="recommendations/action_form.html",
        context={"plan": plan, "force": plan.force, "adding": True},
        save=partial(add_action, plan=plan),
        done="Action added",
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk, action_pk):
    plan = access.get_action_plan_for_user(request.user, pk, write=True)
    action = get_object_or_404(Action, pk=action_pk, plan=plan)
    initial = {
        "version": plan.version,
        "description": action.description,
        "horizon": action.horizon,
        "owner": action.owner,
        "target_date": action.target_date,
        "status": action.status,
        "completed_on": action.completed_on,
    }
    return _plan_change(
        request,
        form=ChangeActionForm(request.POST or None, initial=initial, action=action),
        template="recommendations/action_form.html",
        context={"plan": plan, "force": plan.force, "action": action},
        save=partial(change_action, action=action),
        done="Action saved",
    )


@require_http_methods(["GET", "POST"])
def evidence_add(request, pk):
    plan = access.get_action_plan_for_user(request.user, pk, write=True)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attach_evidence(
            plan=plan,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
        messages.success(request, "Evidence attached")
        return redirect("recommendations:plan", pk=plan.pk)
    return render(
        request,
        "recommendations/evidence_form.html",
        {"plan": plan, "force": plan.force, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def evidence_download(request, pk):
    evidence = access.get_evidence_for_user(request.user, pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=mime_type(evidence.kind),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def evidence_withdraw(request, pk):
    evidence = access.get_evidence_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_evidence(
                evidence=evidence, reason=form.cleaned_data["reason"], by=request.user
            )
        except NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Evidence withdrawn. It stays in the plan's history.")
            return redirect("recommendations:plan", pk=evidence.action_plan_id)
    return render(
        request,
        "recommendations/evidence_withdraw.html",
        {"evidence": evidence, "plan": evidence.action_plan, "force": evidence.force, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_submit(request, pk):
    plan = access.get_action_plan_for_user(request.user, pk, write=True)

    def submit(*, evidence, **fields):
        submit_for_assessment(plan=plan, evidence=list(evidence), **fields)

    return _plan_change(
        request,
        form=SubmitForm(request.POST or None, initial={"version": plan.version}, plan=plan),
        template="recommendations/plan_submit.html",
        context={"plan": plan, "force": plan.force},
        save=submit,
        done="Submitted for assessment. An inspector will assess it.",
    )
