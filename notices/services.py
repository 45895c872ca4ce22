"""Writes of people's notice preferences and calendar keys: the one path for each.

Only the person themselves changes these. Each runs in a write_transaction with its
history entry, like every other change.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext

from audit.history import Subject, log, write_transaction
from core.refusals import Refused

from .models import CalendarKey, Preferences

if TYPE_CHECKING:
    from accounts.models import User
    from core.access import Person

# 256 bits, URL-safe: the whole credential of a calendar feed.
SECRET_BYTES = 32


def _require_self(user: User, by: Person | None) -> None:
    if by is None or not by.is_authenticated or by.pk != user.pk:
        raise Refused(
            gettext("Only the person themselves changes their email and calendar settings"),
            status=403,
        )


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def preferences_of(user: User) -> Preferences:
    """The person's preferences, or the defaults (unsaved) if they have chosen none."""
    found = Preferences.objects.filter(user=user).first()
    return found or Preferences(user=user)


def set_digests(*, user: User, digests: bool, by: Person | None) -> Preferences:
    """Turn the person's digests on or off."""
    _require_self(user, by)
    with write_transaction():
        preferences, _created = Preferences.objects.select_for_update().get_or_create(user=user)
        if preferences.digests != digests:
            preferences.digests = digests
            preferences.save(update_fields=["digests"])
            log(
                by=by,
                subject=Subject.PERSON,
                subject_id=user.pk,
                summary=f"{_name(user)} turned their digests {'on' if digests else 'off'}",
                changes={"digests": [not digests, digests]},
            )
        return preferences


def calendar_key_of(user: User) -> CalendarKey | None:
    """The key in use in the person's calendar addresses, if they have one."""
    return CalendarKey.objects.filter(user=user, revoked_at__isnull=True).first()


def renew_calendar_key(*, user: User, by: Person | None) -> CalendarKey:
    """A new secret for the person's calendar addresses; the old one stops working."""
    _require_self(user, by)
    with write_transaction():
        revoked = CalendarKey.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        key = CalendarKey.objects.create(user=user, secret=secrets.token_urlsafe(SECRET_BYTES))
        log(
            by=by,
            subject=Subject.PERSON,
            subject_id=user.pk,
            summary=f"{_name(user)} "
            + (
                "renewed their calendar addresses (the earlier ones no longer work)"
                if revoked
                else "set up calendar addresses"
            ),
        )
        return key


def revoke_calendar_key(*, user: User, by: Person | None) -> None:
    """Stop the person's calendar addresses working; a renewal makes new ones."""
    _require_self(user, by)
    with write_transaction():
        revoked = CalendarKey.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if not revoked:
            raise Refused(gettext("Your calendar addresses have already been stopped"), status=409)
        log(
            by=by,
            subject=Subject.PERSON,
            subject_id=user.pk,
            summary=f"{_name(user)} stopped their calendar addresses",
        )
