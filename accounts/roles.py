"""Giving people their role: used by add_user and the demo users."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from forces.models import Force
from recommendations import history

from .models import ROLE_GROUPS, Liaison, Role


def add_user(
    *,
    username: str,
    role: str,
    password: str,
    force: Force | None = None,
    email: str = "",
    by=None,
    check_password: bool = True,
):
    """Create a user with one role; a liaison must have a force, no one else may."""
    User = get_user_model()
    if role not in Role.values:
        raise ValidationError(f"Role must be one of {', '.join(Role.values)}, not {role!r}.")
    if role == Role.LIAISON and force is None:
        raise ValidationError("A force liaison needs a force: give --force SLUG.")
    if role != Role.LIAISON and force is not None:
        raise ValidationError("Only force liaisons are assigned to a force.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"A user called {username!r} already exists.")
    user = User(username=username, email=email)
    if check_password:
        validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
        if force is not None:
            Liaison.objects.create(user=user, force=force)
        history.log(
            by=by,
            force=force,
            subject="user",
            subject_id=user.pk,
            summary=f"Added {username} as {Role(role).label.lower()}"
            + (f" for {force}" if force else ""),
        )
    return user
