"""Results worth keeping between requests, keyed so that they can never be stale.

Every key includes the data version (`request.data_version`, which every write moves,
set by peeltrack's conditional-GET middleware) and today's date (the default as-of
date), besides whatever else the result depends on. A write therefore makes every
earlier entry unreachable at once; nothing needs to be deleted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest

from . import access
from .dates import today

TIMEOUT = 60 * 60


def key(request: HttpRequest, name: str, *vary: object) -> str | None:
    version = getattr(request, "data_version", None)
    if version is None:
        return None
    parts = [name, str(version), today().isoformat(), *map(str, vary)]
    return "peeltrack:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def remember[T](request: HttpRequest, name: str, compute: Callable[[], T], *vary: object) -> T:
    """compute(), or what it gave for the same key before."""
    found_key = key(request, name, *vary)
    if found_key is None:
        return compute()
    # What compute() gave when this key was filled; None: never, or expired.
    found: T | None = cache.get(found_key)
    if found is None:
        found = compute()
        cache.set(found_key, found, TIMEOUT)
    return found


def viewer(user: access.Person | None) -> str:
    """What a shared page's content depends on about its reader: their role and force."""
    return f"{access.role_of(user)}:{access.own_force_id(user) or ''}"
