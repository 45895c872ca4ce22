"""API rate limits: requests per token (or signed-in person), reads and writes counted
apart, from PEELTRACK_API_READ_RATE and PEELTRACK_API_WRITE_RATE.

Over the limit is a 429 with Retry-After. Counts are kept in Django's cache: per process
by default, so each server process counts on its own unless CACHES is shared.
(Nothing here may import DRF's views: DRF imports this module while building them.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:
    # Types only: DRF imports this module as it builds its views.
    from rest_framework.request import Request
    from rest_framework.views import APIView

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenRateThrottle(SimpleRateThrottle):
    scope: str
    methods: set[str]

    def get_rate(self) -> str | None:
        # Read on every request, not once at start-up, so a changed setting takes effect.
        # DRF's stubs give the rates as numbers; they are strings such as "100/min".
        return cast("str | None", api_settings.DEFAULT_THROTTLE_RATES[self.scope])

    def allow_request(self, request: Request, view: APIView) -> bool:
        if (request.method in SAFE_METHODS) != (self.scope == "read"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        user = request.user
        if not user or not user.is_authenticated:
            return None  # refused with 401 before this is asked
        # One token per person, so per person is per token, and a session counts the same.
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class ReadRateThrottle(TokenRateThrottle):
    scope = "read"


class WriteRateThrottle(TokenRateThrottle):
    scope = "write"
