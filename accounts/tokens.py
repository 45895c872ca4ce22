"""API tokens: issuing one, finding the token a key belongs to, and whether it still works.

A key is 32 random bytes (256 bits), shown once when it is issued and never stored: the
database keeps its SHA-256 digest, looked up directly, and its first characters so that
people and administrators can tell tokens apart. A slow, salted hash (as for passwords)
is there to make guessing a short secret expensive; nobody can guess a 256-bit key, so a
plain digest is as safe and lets a request find its token with one indexed lookup
instead of comparing against every token. A key is worthless to whoever reads the
database, a backup or the admin.

A token works until PEELTRACK_TOKEN_MAX_AGE_DAYS after it was issued, until its owner's
password changes, while its owner is active, and until it is revoked (deleted) or
replaced: each person has one token, and issuing a new one ends the old.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.refusals import Refused

from .models import APIToken, User

KEY_BYTES = 32
PREFIX_LENGTH = 8


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Ending(enum.Enum):
    """Why a token no longer works: a label for the admin, a message for the 401."""

    DEACTIVATED = ("Account deactivated", "This token's account is deactivated.")
    PASSWORD_CHANGED = (
        "Revoked: password changed",
        "This token was revoked when its owner's password changed. Ask for a new one.",
    )
    EXPIRED = ("Expired", "This token has expired. Ask an administrator for a new one.")

    def __init__(self, label: str, message: str):
        self.label = label
        self.message = message


def issue_token(*, user: User, by: User | None = None) -> str:
    """A new token for the person, ending any they had; returns its key, to be shown
    once to whoever asked (`by`, an administrator; None on the command line)."""
    if not user.is_active:
        raise Refused(f"{user.username}'s account is deactivated: reactivate it first.")
    key = secrets.token_urlsafe(KEY_BYTES)
    with transaction.atomic():
        # Two issues at once for one person: the second waits, then replaces the first.
        User.objects.select_for_update().filter(pk=user.pk).first()
        APIToken.objects.filter(user=user).delete()
        APIToken.objects.create(
            user=user, digest=digest_of(key), prefix=key[:PREFIX_LENGTH], issued_by=by
        )
    return key


def find_token(key: str) -> APIToken | None:
    """The token this key belongs to (with its owner), whether or not it still works."""
    return APIToken.objects.select_related("user").filter(digest=digest_of(key)).first()


def expires_at(token: APIToken) -> datetime.datetime:
    return token.created + datetime.timedelta(days=settings.PEELTRACK_TOKEN_MAX_AGE_DAYS)


def ended_because(token: APIToken) -> Ending | None:
    """Why this token no longer works; None while it does."""
    user = token.user
    if not user.is_active:
        return Ending.DEACTIVATED
    if user.password_changed_at and token.created < user.password_changed_at:
        return Ending.PASSWORD_CHANGED
    if expires_at(token) <= timezone.now():
        return Ending.EXPIRED
    return None
