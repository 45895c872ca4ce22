"""Shared API views and the one exception handler that turns refusals into answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .refusals import Refused

# Primary keys as the URL gives them: digits that fit a 64-bit integer, else 404.
ID_PATTERN = "[0-9]{1,18}"


def exception_handler(exc, context):
    """Refusals from the services become 400/403/409 with the service's own words."""
    if isinstance(exc, Refused):
        body = {"detail": exc.messages[0], "errors": exc.messages}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response(
            {"detail": exc.messages[0], "errors": exc.messages},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ID_PATTERN
