"""Public pages for crowds: each answer is kept whole in the cache, keyed by its address
and the publication it shows, so a page the cache holds costs no database query at all,
and shared caches (a proxy, a CDN) may keep it too.

Which publication is the latest is itself kept in the cache, for a minute at most: a new
publication clears it in the process that made it at once, and in the others (each with
a cache of its own, until the cache is shared) within that minute. A page asked for by
its publication (?published=) never changes, whatever is published later.
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


def latest_token() -> str:
    """The latest publication's id, as the cache holds it ("0": nothing published)."""
    token = cache.get(LATEST_KEY)
    if token is None:
        found = (
            Publication.objects.order_by("-published_at", "-id")
            .values_list("pk", flat=True)
            .first()
        )
        token = str(found or 0)
        cache.set(LATEST_KEY, token, LATEST_SECONDS)
    return str(token)


def forget_latest() -> None:
    cache.delete(LATEST_KEY)


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page or file anyone may read: no sign-in, no session, no cookie; answered from
    the cache when it holds it, with an ETag that changes only with a publication (or a
    new release), and Cache-Control that lets shared caches keep it."""

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pinned = "published" in request.GET
        shown = "pinned" if pinned else latest_token()
        digest = hashlib.sha256(
            "\n".join([settings.PEELTRACK_RELEASE, shown, request.get_full_path()]).encode()
        ).hexdigest()[:32]
        etag = quote_etag(digest)
        if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
            response: HttpResponse = HttpResponseNotModified()
        else:
            kept = cache.get(f"public:page:{digest}")
            if kept is not None:
                content, content_type, headers = kept
                response = HttpResponse(content, content_type=content_type)
                for name, value in headers:
                    response[name] = value
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response  # refusals are not kept, nor shared
                headers = [
                    (name, response[name]) for name in ("Content-Disposition",) if name in response
                ]
                cache.set(
                    f"public:page:{digest}",
                    (response.content, response["Content-Type"], headers),
                    KEEP_SECONDS,
                )
        response["ETag"] = etag
        response["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapper
