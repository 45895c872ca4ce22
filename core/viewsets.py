"""Shared API views and the one exception handler that turns refusals into answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from rest_framework import status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .refusals import Refused

if TYPE_CHECKING:
    from rest_framework.permissions import _SupportsHasPermission
    from rest_framework.request import Request
    from rest_framework.views import APIView

    # A mixin for DRF's views: checked as one.
    _ViewBase = APIView
else:
    _ViewBase = object

# Covariant, as DRF's stubs declare a viewset's model.
_Model = TypeVar("_Model", bound=Model, covariant=True)

# Primary keys as the URL gives them: digits that fit a 64-bit integer, else 404.
ID_PATTERN = "[0-9]{1,18}"

# Cache-Control for the API's answers (set by peeltrack's conditional-GET middleware from
# the view's `cache_control`). A force's own work may be kept by no cache at all; the
# rest may be kept by the reader's own client, which checks it with If-None-Match first.
PERSONAL_DATA = "private, no-store"
SHARED_DATA = "private, no-cache"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Refusals from the services become 400/403/409 with the service's own words."""
    if isinstance(exc, Refused):
        body: dict[str, object] = {"detail": exc.messages[0], "errors": exc.messages}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response(
            {"detail": exc.messages[0], "errors": exc.messages},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet[_Model]):
    lookup_value_regex = ID_PATTERN
    cache_control = SHARED_DATA
    # The 4xx statuses each write can answer, by action, for the schema (core.schema).
    error_statuses: dict[str, set[int]] = {}
    # Who may do each write, by action (core.permissions): checked before the body is read.
    write_permissions: dict[str, list[type[BasePermission]]] = {}

    def get_permissions(self) -> list[_SupportsHasPermission]:
        needed = self.write_permissions.get(getattr(self, "action", None) or "", [])
        return [*super().get_permissions(), *(permission() for permission in needed)]

    def force_of(self, obj: Any) -> Model | None:
        """The force an object of this viewset belongs to, for object-level checks."""
        force: Model | None = obj.force
        return force

    def get_success_headers(self, data: Any) -> dict[str, str]:
        """Where a created object now is (the list's address and its id)."""
        return {"Location": f"{self.request.path}{data['id']}/"} if "id" in data else {}

    def created(self, data: Any) -> Response:
        return Response(
            data, status=status.HTTP_201_CREATED, headers=self.get_success_headers(data)
        )


class ErrorsAsJSON(_ViewBase):
    """An API view whose errors, and answers to OPTIONS, are JSON, whatever format was
    asked for or offered.

    A spreadsheet or a YAML schema cannot carry the error component (nor OPTIONS's
    description of the endpoint), and when `?format=` names no format at all DRF renders
    the error in the view's first format.
    """

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        renderer = getattr(request, "accepted_renderer", None)
        if (
            isinstance(response, Response)
            and (response.status_code >= 400 or request.method == "OPTIONS")
            and not isinstance(renderer, JSONRenderer | BrowsableAPIRenderer)
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
