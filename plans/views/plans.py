"""A force's action plans: actions, target-date slips, evidence and submissions."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import access, written
from core.dates import today
from core.refusals import Refused
from core.views import submit
from forces.models import Force
from recommendations.models import Recommendation
from recommendations.progress import force_standings

from ..evidence_files import mime_type
from ..forms import (
    AddActionForm,
    ChangeActionForm,
    EvidenceForm,
    PlanSummaryForm,
    ReasonForm,
    SubmitForm,
)
from ..models import Action, ActionPlan, Evidence, TargetDateSlip
from ..services import (
    StaleEdit,
    add_action,
    attach_evidence,
    change_action,
    start_action_plan,
    submit_for_assessment,
    update_plan_summary,
    withdraw_evidence,
)


def get_plan(user, pk: int) -> ActionPlan:
    return access.get_visible_or_404(
        ActionPlan.objects.select_related("force", "recommendation__report", "updated_by"),
        user,
        pk=pk,
    )


def get_plan_to_edit(user, pk: int) -> ActionPlan:
    plan = get_plan(user, pk)
    access.require(access.may_edit_force(user, plan.force))
    return plan


@require_POST
def start_plan(request, slug):
    force = get_object_or_404(Force, slug=slug)
    if not access.may_see_force(request.user, force):
        raise Http404
    access.require(access.may_edit_force(request.user, force))
    pk = access.parse_id(request.POST.get("recommendation", ""))
    if pk is None:
        raise Http404
    recommendation = get_object_or_404(Recommendation.objects.select_related("report"), pk=pk)
    try:
        plan = start_action_plan(force=force, recommendation=recommendation, by=request.user)
    except Refused as refused:
        if refused.status != 400:
            raise
        for message in refused.messages:
            messages.error(request, message)
        return redirect("plans:force", slug=force.slug)
    return redirect("plans:plan", pk=plan.pk)


def plan_context(request, plan: ActionPlan) -> dict:
    """Everything the plan page shows, so that a failed summary save can re-show it."""
    actions = plan.actions.annotate(slip_count=Count("slips")).prefetch_related(
        Prefetch("slips", queryset=TargetDateSlip.objects.select_related("changed_by"))
    )
    standings = force_standings(plan.force, today())
    milestones = [
        (milestone, standings.get(milestone.pk))
        for milestone in plan.recommendation.milestones.for_forces()
    ]
    return {
        "plan": plan,
        "force": plan.force,
        "actions": actions,
        "slip_total": sum(a.slip_count for a in actions),
        "milestones": milestones,
        "evidence": plan.evidence.select_related("uploaded_by", "withdrawn_by"),
        "submissions": plan.submissions.select_related("milestone", "submitted_by", "decided_by"),
        "can_edit": access.may_edit_force(request.user, plan.force),
    }


@require_safe
def plan_detail(request, pk):
    plan = get_plan(request.user, pk)
    form = PlanSummaryForm(initial={"summary": plan.summary, "version": plan.version})
    return render(
        request, "plans/plan_detail.html", {**plan_context(request, plan), "summary_form": form}
    )


def clashed(request, form, outcome) -> ActionPlan | None:
    """The plan as it now stands, if this save clashed with someone else's (or did before)."""
    if isinstance(outcome.refused, StaleEdit):
        return outcome.refused.current
    if request.method == "POST" and form.data.get("clash") and not outcome.saved:
        return ActionPlan.objects.select_related("updated_by").get(pk=form.plan_pk)
    return None


def show_clash(form, plan: ActionPlan, context: dict, theirs: list[tuple[str, str]]) -> None:
    """After a stale edit: keep what was typed, show theirs beside it, ask for a tick."""
    form.data = form.data.copy()
    form.data["version"] = plan.version
    form.data["clash"] = "on"
    context["clash"] = {"plan": plan, "theirs": theirs}


@require_POST
def edit_summary(request, pk):
    plan = get_plan_to_edit(request.user, pk)
    form = PlanSummaryForm(request.POST)
    outcome = submit(
        request,
        form,
        lambda data: update_plan_summary(
            plan=plan, expected_version=data["version"], summary=data["summary"], by=request.user
        ),
    )
    if outcome.saved:
        messages.success(request, gettext("Plan summary saved"))
        return redirect("plans:plan", pk=plan.pk)
    context = {**plan_context(request, plan), "summary_form": form}
    form.plan_pk = plan.pk
    if current := clashed(request, form, outcome):
        show_clash(form, current, context, [(gettext("Summary"), current.summary)])
    # The plan page again, with what was typed kept and the problem said.
    return render(request, "plans/plan_detail.html", context, status=outcome.status)


def plan_change(request, *, plan, form, template, context, save, done, theirs=list):
    """A plan-changing form: saved through the service, or shown again with the problem."""
    outcome = submit(
        request,
        form,
        lambda data: save(
            expected_version=data["version"],
            by=request.user,
            **{k: v for k, v in data.items() if k not in {"version", "clash", "overwrite"}},
        ),
    )
    if outcome.saved:
        messages.success(request, done)
        return redirect("plans:plan", pk=plan.pk)
    context = {**context, "plan": plan, "force": plan.force, "form": form}
    form.plan_pk = plan.pk
    if current := clashed(request, form, outcome):
        show_clash(form, current, context, theirs())
    return render(request, template, context, status=outcome.status)


@require_http_methods(["GET", "POST"])
def action_add(request, pk):
    plan = get_plan_to_edit(request.user, pk)
    return plan_change(
        request,
        plan=plan,
        form=AddActionForm(request.POST or None, initial={"version": plan.version}),
        template="plans/action_form.html",
        context={"adding": True},
        save=lambda **fields: add_action(plan=plan, **fields),
        done=gettext("Action added"),
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk, action_pk):
    plan = get_plan_to_edit(request.user, pk)
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

    def theirs():
        now = Action.objects.get(pk=action.pk)
        return [
            (gettext("What the force will do"), now.description),
            (gettext("Horizon"), now.get_horizon_display()),
            (gettext("Owner"), now.owner),
            (
                gettext("Target date"),
                written.long_day(now.target_date)
                if now.target_date
                else gettext("As soon as possible"),
            ),
            (gettext("Status"), now.get_status_display()),
        ]

    return plan_change(
        request,
        plan=plan,
        form=ChangeActionForm(request.POST or None, initial=initial, action=action),
        template="plans/action_form.html",
        context={"action": action},
        save=lambda **fields: change_action(action=action, **fields),
        done=gettext("Action saved"),
        theirs=theirs,
    )


@require_http_methods(["GET", "POST"])
def plan_submit(request, pk):
    plan = get_plan_to_edit(request.user, pk)

    def save(*, evidence, **fields):
        return submit_for_assessment(plan=plan, evidence=list(evidence), **fields)

    return plan_change(
        request,
        plan=plan,
        form=SubmitForm(request.POST or None, initial={"version": plan.version}, plan=plan),
        template="plans/plan_submit.html",
        context={},
        save=save,
        done=gettext("Submitted for assessment. An inspector will assess it."),
        theirs=lambda: [
            (gettext("Plan status"), ActionPlan.objects.get(pk=plan.pk).get_status_display())
        ],
    )


def get_evidence(user, pk: int, *, write: bool = False) -> Evidence:
    evidence = access.get_visible_or_404(
        Evidence.objects.select_related("force", "action_plan__recommendation", "uploaded_by"),
        user,
        pk=pk,
    )
    if write:
        access.require(access.may_edit_force(user, evidence.force))
    return evidence


@require_http_methods(["GET", "POST"])
def evidence_add(request, pk):
    plan = get_plan_to_edit(request.user, pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    outcome = submit(
        request,
        form,
        lambda data: attach_evidence(
            plan=plan, upload=data["file"], title=data["title"], by=request.user
        ),
    )
    if outcome.saved:
        messages.success(request, gettext("Evidence attached"))
        return redirect("plans:plan", pk=plan.pk)
    return render(
        request,
        "plans/evidence_form.html",
        {"plan": plan, "force": plan.force, "form": form},
        status=outcome.status,
    )


@require_safe
def evidence_download(request, pk):
    evidence = get_evidence(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        # The row is kept for ever; a lost file is reported, not a server error.
        return render(
            request,
            "plans/evidence_missing.html",
            {"evidence": evidence, "plan": evidence.action_plan, "force": evidence.force},
            status=404,
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=mime_type(evidence.kind),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def evidence_withdraw(request, pk):
    evidence = get_evidence(request.user, pk, write=True)
    form = ReasonForm(request.POST or None)
    outcome = submit(
        request,
        form,
        lambda data: withdraw_evidence(evidence=evidence, reason=data["reason"], by=request.user),
    )
    if outcome.saved:
        messages.success(request, gettext("Evidence withdrawn. It stays in the plan's history."))
        return redirect("plans:plan", pk=evidence.action_plan_id)
    return render(
        request,
        "plans/evidence_withdraw.html",
        {"evidence": evidence, "plan": evidence.action_plan, "force": evidence.force, "form": form},
        status=outcome.status,
    )
