"""Public pages for crowds: each answer is kept whole in the cache, keyed by its address
and the publication it shows, so a page the cache holds costs no database query at all,
and shared caches (a proxy, a CDN) may keep it too.

Which publication is the latest is itself kept in the cache, for a minute at most: a new
publication clears it in the process that made it at once, and in the others (each with
a cache of its own, until the cache is shared) within that minute. A page asked for by
its publication's day (?published=) shows the same record whatever is published later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags, quote_etag
from django.views.decorators.http import require_safe

from .models import Publication

LATEST_KEY = "public:latest"
LATEST_SECONDS = 60
# Browsers keep a page five minutes; shared caches an hour (a new publication shows
# there within the hour, or at once where the operator purges it).
CACHE_CONTROL = "public, max-age=300, s-maxage=3600"
KEEP_SECONDS = 3600
# The public pages in English and in Welsh.
PREFIXES = ("/public/", "/cy/public/")


def latest_token() -> str:
    """The latest publication's id, as the cache holds it ("0": nothing published)."""
    token = cache.get(LATEST_KEY)
    if token is None:
        found = Publication.objects.newest_first().values_list("pk", flat=True).first()
        token = str(found or 0)
        cache.set(LATEST_KEY, token, LATEST_SECONDS)
    return str(token)


def forget_latest() -> None:
    cache.delete(LATEST_KEY)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page or file anyone may read: no sign-in, no session, no cookie. What it answers
    with a 200 is kept whole by PublicPagesMiddleware, which answers from then on."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.public_page = True  # type: ignore[attr-defined]
        return response

    return wrapper


# Headers that belong to one answer, not to the page kept.
NOT_KEPT = {"set-cookie", "date", "content-length"}


class PublicPagesMiddleware:
    """Answers a public page the cache holds before anything else runs: no session, no
    sign-in check, no database. Placed first after SecurityMiddleware, it keeps every
    header the rest of the stack added (the content security policy and the others), so
    an answer from the cache is the answer the view gave. Its ETag changes only with a
    publication (or a new release), and Cache-Control lets shared caches keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        if not request.path.startswith(PREFIXES) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # Keyed by the latest publication even for an earlier one asked for by its day:
        # a second publication on that day is then the one its address shows.
        shown = latest_token()
        digest = hashlib.sha256(
            "\n".join([settings.PEELTRACK_RELEASE, shown, request.get_full_path()]).encode()
        ).hexdigest()[:32]
        etag = quote_etag(digest)
        key = f"public:page:{digest}"
        kept = cache.get(key)
        if kept is None:
            response = self.get_response(request)
            if not getattr(response, "public_page", False):
                return response  # refusals and errors are neither kept nor shared
            response["ETag"] = etag
            response["Cache-Control"] = CACHE_CONTROL
            if request.method == "GET":
                headers = [(n, v) for n, v in response.items() if n.lower() not in NOT_KEPT]
                cache.set(key, (response.content, response.status_code, headers), KEEP_SECONDS)
        else:
            content, status, headers = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
        if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            unchanged = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Vary"):
                if name in response:
                    unchanged[name] = response[name]
            return unchanged
        return response
