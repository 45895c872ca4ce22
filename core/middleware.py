from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

type GetResponse = Callable[[HttpRequest], HttpResponseBase]

RETRY_AFTER_SECONDS = 30


class BusyDatabaseMiddleware:
    """SQLite allows one writer at a time. When a long write (a large import) holds the
    database past the wait, say so and when to try again, instead of failing with 500.
    Nothing was saved: the request's own transaction was rolled back."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and "locked" in str(exception)):
            return None
        message = (
            "The record is busy with a large change (such as an import). Nothing you sent "
            f"has been saved. Try again in {RETRY_AFTER_SECONDS} seconds."
        )
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class LongAddressMiddleware:
    """An address longer than PEELTRACK_MAX_ADDRESS_LENGTH is a 414 in the caller's
    language (JSON under /api/), before any other work: no page or filter needs one, and
    gunicorn's own answer to an overlong line is HTML (see gunicorn.conf.py)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit: int = settings.PEELTRACK_MAX_ADDRESS_LENGTH
        length = len(request.get_full_path())
        if length <= limit:
            return self.get_response(request)
        message = (
            f"The address is {length:,} characters long; addresses here are at most "
            f"{limit:,}. Choose fewer filters, or send the request in parts."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=414)
        return render(request, "414.html", {"message": message}, status=414)
