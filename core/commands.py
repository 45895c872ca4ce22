"""What the management commands that write share: the person a command acts as, and a
service's refusal as a command error naming the option at fault."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from .refusals import Refused


def acting_as(username: str, role: str = "inspector") -> Any:
    """The active person a command acts as (--by), or an error saying so."""
    person = get_user_model().objects.filter(username=username, is_active=True).first()
    if person is None:
        raise CommandError(f"--by must name an active {role}; {username!r} is not one.")
    return person


def refused(refusal: Refused, options: Mapping[str, str] | None = None) -> CommandError:
    """The refusal in the service's words, after the option it is about: the field's own
    name as an option (known_on → --known-on) unless `options` names it otherwise."""
    if not refusal.field:
        return CommandError(str(refusal))
    option = (options or {}).get(refusal.field, f"--{refusal.field.replace('_', '-')}")
    return CommandError(f"{option}: {refusal}")
