"""Who may call each API write, as DRF permission classes over core.access's duties.

DRF checks a view's permissions in ``initial()``, after authentication and before the
handler runs, so a role that may not write is refused (403) before its body is read,
in the words the service would use. Viewsets name the duty each write action needs in
``write_permissions`` (core.viewsets.ReadOnlyViewSet); the services still check the
same duty, so no other door can skip it.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from . import access


class Requires(BasePermission):
    """The signed-in person must have `duty` (a core.access.Duty)."""

    duty: access.Duty

    @property
    def message(self) -> str:  # type: ignore[override]
        return self.duty.refusal

    def has_permission(self, request, view) -> bool:
        return self.duty(request.user)


class IsInspectorRecordingProgress(Requires):
    duty = access.RECORD_PROGRESS


class IsInspectorAssessing(Requires):
    duty = access.ASSESS


class IsInspectorChangingScope(Requires):
    duty = access.CHANGE_SCOPE


class IsLiaisonOfTheForce(Requires):
    """A force liaison, and (for an object) the liaison of the force it belongs to."""

    duty = access.CHANGE_PLANS

    def has_object_permission(self, request, view, obj) -> bool:
        return access.may_edit_force(request.user, view.force_of(obj))


class SeesEveryForce(Requires):
    duty = access.SEE_EVERY_FORCE
