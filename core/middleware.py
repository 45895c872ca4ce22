from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from . import written
from .dates import parse_iso_date, read_typed_date

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
        # In the page's language; the API's is always English (peeltrack.middleware).
        message = gettext(
            "The record is busy with a large change (such as an import). Nothing you sent "
            "has been saved. Try again in %(seconds)s seconds."
        ) % {"seconds": RETRY_AFTER_SECONDS}
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
        message = gettext(
            "The address is %(length)s characters long; addresses here are at most "
            "%(limit)s. Choose fewer filters, or send the request in parts."
        ) % {"length": written.number(length), "limit": written.number(limit)}
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=414)
        return render(request, "414.html", {"message": message}, status=414)


TYPED_DATE_PARAMETERS = ("as_of", "known_on")


class TypedDatesMiddleware:
    """A page's as-of and known-on dates may be typed as people type them (1/10/2018,
    1 Oct 2018); the address keeps YYYY-MM-DD, so it reads the same for everyone and
    bookmarks, caches and downloads agree. A typed date that reads as a date is
    redirected to its YYYY-MM-DD address, saying how it was read; one that does not is
    left for the page's form to refuse, with its message. The API takes YYYY-MM-DD only,
    as its schema says."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD") or request.path.startswith("/api/"):
            return self.get_response(request)
        query = request.GET.copy()
        read = []
        for name in TYPED_DATE_PARAMETERS:
            values = query.getlist(name)
            if len(values) != 1 or not values[0].strip() or _is_iso(values[0]):
                continue
            try:
                day = read_typed_date(values[0])
            except ValueError:
                continue
            query[name] = day.isoformat()
            read.append((values[0].strip(), day))
        if not read:
            return self.get_response(request)
        for typed, day in read:
            messages.info(
                request,
                gettext("Read “%(typed)s” as %(day)s.")
                % {"typed": typed, "day": written.long_day(day)},
            )
        return redirect(f"{request.path}?{query.urlencode()}")


def _is_iso(value: str) -> bool:
    try:
        parse_iso_date(value)
    except ValueError:
        return False
    return True
