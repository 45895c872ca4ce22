import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest

from . import caching
from .dates import parse_iso_date, today

CARRIED = ("as_of", "known_on")


def dates(request: HttpRequest) -> dict[str, str]:
    """Carries an explicitly chosen as-of date (and known-on date) into every link."""
    params: dict[str, str] = {}
    for name in CARRIED:
        value = request.GET.get(name, "")
        try:
            parse_iso_date(value)
        except ValueError:
            continue
        params[name] = value
    query = urlencode(params)
    return {
        "as_of_query": f"?{query}" if query else "",
        "as_of_param": params.get("as_of", ""),
        "known_on_param": params.get("known_on", ""),
    }


def opening_day(request: HttpRequest) -> dict[str, datetime.date | None]:
    """The installation's own opening day, if it has one (the demo's): see dates."""
    return {"pages_open_on": settings.PEELTRACK_PAGES_OPEN_ON}


def page_cache(request: HttpRequest) -> dict[str, str]:
    """What cached page fragments vary on, besides the address (see core.caching)."""
    user = getattr(request, "user", None)
    return {
        "cache_viewer": caching.viewer(user) if user is not None else "",
        "cache_today": today().isoformat(),
    }
