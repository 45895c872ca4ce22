"""Who may call each API write, as DRF permission classes over core.access's duties.

DRF checks a view's permissions in ``initial()``, after authentication and before the
handler runs, so a role that may not write is refused (403) before its body is read,
in the words the service would use. Viewsets name the duty each write action needs in
``write_permissions`` (core.viewsets.ReadOnlyViewSet); the services still check the
same duty, so no other door can skip it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rest_framework.permissions import BasePermission

from . import access

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from .viewsets import ReadOnlyViewSet


class Requires(BasePermission):
    """The signed-in person must have `duty` (a core.access.Duty)."""

    duty: access.Duty

    @property
    def message(self) -> str:
        return self.duty.refusal

    def has_permission(self, request: Request, view: APIView) -> bool:
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

    def has_object_permission(self, request: Request, view: APIView, obj: object) -> bool:
        # Set only on peeltrack's viewsets, which say which force an object belongs to.
        viewset = cast("ReadOnlyViewSet[Any]", view)
        return access.may_edit_force(request.user, viewset.force_of(obj))


class SeesEveryForce(Requires):
    duty = access.SEE_EVERY_FORCE


class IsRecordingResponses(Requires):
    """An inspector, or a force liaison (for their own force: the service checks which)."""

    duty = access.RECORD_RESPONSE


class IsSettingPublicationDays(Requires):
    duty = access.SET_PUBLICATION_DAY
