"""One throttle for every door where someone proves who they are.

The site's sign-in page, the admin's, the current-password box when changing a
password and the password-reset request all call :func:`attempt`. Each attempt is
counted against the username and against the client's address *before* the password
is checked, in a transaction that locks both counters: concurrent guesses queue on the
lock, and once a limit is reached the rest are refused unchecked. A success gives its
count back. (A library such as django-axes counts failures after checking, which lets
guesses sent at the same moment all be checked; this is why peeltrack counts first.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import SignInEvent

from .models import SignInThrottle, username_key


class Throttled(Exception):
    """Too many recent attempts for this username or from this address."""

    def __init__(self):
        # Said to the person signing in, in their page's language.
        super().__init__(
            gettext(
                "There have been too many failed attempts. Wait %(minutes)s minutes and try "
                "again, or ask an administrator to reset the password."
            )
            % {"minutes": settings.PEELTRACK_SIGN_IN_WINDOW_MINUTES}
        )


def client_address(request) -> str | None:
    if request is None:
        return None
    # Behind a reverse proxy every request comes from the proxy: read the header the
    # proxy sets instead (and only one it sets, or clients could choose their address).
    header = settings.PEELTRACK_CLIENT_ADDRESS_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        return request.META.get(meta_key, "").split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _keys(username: str, address: str | None) -> list[tuple[str, int]]:
    # Counted by the name as it is compared (NFKC, case-folded): every spelling of one
    # name shares one count.
    keys = [(f"user:{username_key(username)[:150]}", settings.PEELTRACK_SIGN_IN_MAX_FAILURES)]
    if address:
        keys.append((f"address:{address}", settings.PEELTRACK_SIGN_IN_MAX_FAILURES_PER_ADDRESS))
    return keys


def _reserve(keys: list[tuple[str, int]]) -> bool:
    """Count one attempt against every key, unless one is at its limit (then none)."""
    window = datetime.timedelta(minutes=settings.PEELTRACK_SIGN_IN_WINDOW_MINUTES)
    now = timezone.now()
    for key, _limit in keys:
        try:
            with transaction.atomic():
                SignInThrottle.objects.get_or_create(key=key)
        except IntegrityError:
            pass  # created by a concurrent attempt: it exists, which is all we need
    with transaction.atomic():
        counters = {
            c.key: c
            for c in SignInThrottle.objects.select_for_update()
            .filter(key__in=[k for k, _ in keys])
            .order_by("key")
        }
        for counter in counters.values():
            if counter.window_started_at < now - window:
                counter.attempts = 0
                counter.window_started_at = now
        if any(counters[key].attempts >= limit for key, limit in keys):
            for counter in counters.values():
                counter.save(update_fields=["attempts", "window_started_at"])
            return False
        for counter in counters.values():
            counter.attempts += 1
            counter.save(update_fields=["attempts", "window_started_at"])
        return True


def _give_back(keys: list[tuple[str, int]], username_key: str) -> None:
    # A success clears the username's count and returns the address's slot, so people
    # signing in from one office address do not lock each other out.
    SignInThrottle.objects.filter(key=username_key).update(attempts=0)
    SignInThrottle.objects.filter(
        key__in=[k for k, _ in keys if k != username_key], attempts__gt=0
    ).update(attempts=F("attempts") - 1)


def attempt[T](
    *,
    username: str,
    request,
    door: str,
    check: Callable[[], T],
    user_for_event=None,
    give_back: bool = True,
) -> T:
    """Run `check` (which raises on a wrong password) if the throttle allows it.

    Raises Throttled without calling `check` when a limit is reached. Every attempt
    is written to the sign-in events, whatever its outcome. With give_back false a
    success keeps its count too: a password-reset request is counted whether or not
    the address has an account, or a known address could be sent mail without end.
    """
    address = client_address(request)
    keys = _keys(username, address)
    event = {"username": username[:150], "address": address, "door": door}
    if not _reserve(keys):
        SignInEvent.objects.create(
            **event, user=user_for_event, outcome=SignInEvent.Outcome.LOCKED_OUT
        )
        raise Throttled
    try:
        result = check()
    except Exception:
        SignInEvent.objects.create(**event, user=user_for_event, outcome=SignInEvent.Outcome.FAILED)
        raise
    user = result if isinstance(result, get_user_model()) else user_for_event
    SignInEvent.objects.create(**event, user=user, outcome=SignInEvent.Outcome.SUCCEEDED)
    if give_back:
        _give_back(keys, keys[0][0])
    return result
