"""Who may see and change what. Every view that touches a force's work calls these first.

* Inspectors and managers see every force's plans, evidence and submissions; only
  inspectors record progress, assess submissions and change scope.
* A force liaison sees and changes only their own force's work. Another force's object
  is a 404 (its existence is not confirmed); a role that may read but not write gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from forces.models import Force

from .models import ActionPlan, Evidence, Submission

RECORD_PROGRESS = "recommendations.record_progress"
ASSESS = "recommendations.assess_submissions"
EDIT_OWN_PLANS = "recommendations.edit_own_force_plans"
VIEW_ALL = "recommendations.view_all_forces"
CHANGE_SCOPE = "recommendations.add_scopechange"


def liaison_force(user) -> Force | None:
    """The force a liaison works for, or None for anyone else."""
    if not user.is_authenticated or not user.has_perm(EDIT_OWN_PLANS):
        return None
    if not hasattr(user, "_liaison_force"):
        from accounts.models import Liaison

        assignment = Liaison.objects.select_related("force").filter(user=user).first()
        user._liaison_force = assignment.force if assignment else None
    return user._liaison_force


def sees_all_forces(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_ALL)


def can_see_force_work(user, force: Force) -> bool:
    if sees_all_forces(user):
        return True
    own = liaison_force(user)
    return own is not None and own.pk == force.pk


def can_edit_force_plans(user, force: Force) -> bool:
    own = liaison_force(user)
    return own is not None and own.pk == force.pk


def can_record_progress(user) -> bool:
    return user.is_authenticated and user.has_perm(RECORD_PROGRESS)


def can_assess(user) -> bool:
    return user.is_authenticated and user.has_perm(ASSESS)


def can_change_scope(user) -> bool:
    return user.is_authenticated and user.has_perm(CHANGE_SCOPE)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_force_for_user(user, slug: str) -> Force:
    force = get_object_or_404(Force, slug=slug)
    if not can_see_force_work(user, force):
        raise Http404
    return force


def get_action_plan_for_user(user, pk: int, *, write: bool = False) -> ActionPlan:
    plan = get_object_or_404(ActionPlan.objects.select_related("force", "recommendation"), pk=pk)
    if not can_see_force_work(user, plan.force):
        raise Http404
    if write:
        require(can_edit_force_plans(user, plan.force))
    return plan


def get_evidence_for_user(user, pk: int, *, write: bool = False) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("force", "action_plan__recommendation", "uploaded_by"),
        pk=pk,
    )
    if not can_see_force_work(user, evidence.force):
        raise Http404
    if write:
        require(can_edit_force_plans(user, evidence.force))
    return evidence


def get_submission_for_user(user, pk: int, *, assess: bool = False) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related(
            "force", "action_plan__recommendation", "milestone", "submitted_by", "decided_by"
        ),
        pk=pk,
    )
    if not can_see_force_work(user, submission.force):
        raise Http404
    if assess:
        require(can_assess(user))
    return submission


def role_label(user) -> str:
    if not user.is_authenticated:
        return ""
    if user.has_perm(ASSESS):
        return "Inspector"
    if liaison_force(user):
        return f"Force liaison, {liaison_force(user).name}"
    if user.has_perm(VIEW_ALL):
        return "Manager"
    return "No role"
