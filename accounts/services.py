"""Giving people their role and force: the one path for add_user, the admin and the demo;
and the language a person chooses for their pages and email, the one path for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from audit.history import Subject, in_english, log, write_transaction
from core import text
from core.access import Role
from core.refusals import Refused
from forces.models import Force

from .events import role_changed
from .models import User, username_key

if TYPE_CHECKING:
    from core.access import Person

# A role change's reason goes into the history's sentence, like a reasoned change's.
REASON_MAX_LENGTH = 5_000


def signed_in(person: Person | None) -> User:
    """The person a service was given, once it has checked their duty: only a signed-in
    person (an accounts.User) has a role, so no one else gets this far."""
    if not isinstance(person, User):
        raise Refused("Sign in first.", status=403)
    return person


def role_problems(role: str, force: Force | None) -> list[str]:
    """Why this role and force cannot go together, in words; empty when they can."""
    if role and role not in Role.values:
        return [f"Role must be one of {', '.join(Role.values)}, not {role!r}."]
    if role == Role.LIAISON and force is None:
        return ["A force liaison needs a force."]
    if role != Role.LIAISON and force is not None:
        return ["Only force liaisons are assigned to a force."]
    return []


def _username_problems(User: type[User], typed: str, username: str) -> list[str]:
    """The username's own rules (letters, digits and @ . + - _; its length), and no
    second person with the same name as people type it (accounts.models.username_key)."""
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        return [f"The username {typed!r}: {message}" for message in error.messages]
    if User.objects.filter(username=username).exists():
        same = "" if typed == username else f" (the same name as {username!r})"
        return [f"A user called {typed!r}{same} already exists."]
    return []


def describe(role: str, force: Force | None) -> str:
    if not role:
        return "no role"
    label = Role(role).label.lower()
    return f"{label} for {force.name}" if force is not None else label


def add_user(
    *,
    username: str,
    role: str,
    password: str | None,
    force: Force | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    by: Person | None = None,
    check_password: bool = True,
    is_staff: bool = False,
) -> User:
    """Create a person with at most one role; a liaison must have a force, no one else may.

    A password of None leaves the account without a usable password (it is set by
    the person through a reset, or by an administrator).
    """
    User = get_user_model()
    problems = role_problems(role, force)
    typed, username = (username or "").strip(), username_key(username)
    if not username:
        problems.append("Give the person a username.")
    else:
        problems += _username_problems(User, typed, username)
    for what, value in (("the first name", first_name), ("the last name", last_name)):
        problems += text.problems(value, what=what, limit=text.limit_of(User, "first_name"))
    if email:
        try:
            User._meta.get_field("email").run_validators(email)
        except ValidationError as error:
            problems += [f"The email address: {message}" for message in error.messages]
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        force=force,
        is_staff=is_staff,
    )
    if password is not None and check_password and not problems:
        try:
            validate_password(password, user)
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise Refused(problems)
    with write_transaction(), in_english():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        log(
            by=by,
            force=force,
            subject=Subject.PERSON,
            subject_id=user.pk,
            summary=f"Added {user} ({user.username}) as {describe(role, force)}",
        )
    return user


def change_role(
    *, user: User, role: str, force: Force | None, by: Person | None, reason: str = ""
) -> User:
    """Give a person a new role or force (or none); the change goes into the history.

    A liaison who becomes an inspector cannot then assess their own submissions: the
    assessment refuses anyone who made the submission (plans.services).
    """
    problems = role_problems(role, force)
    if problems:
        raise Refused(problems, field="role")
    reason = text.clean(reason, what="the reason", limit=REASON_MAX_LENGTH, field="reason")
    before_role, before_force = user.role, user.force
    if (before_role, getattr(before_force, "pk", None)) == (role, getattr(force, "pk", None)):
        return user
    with write_transaction(), in_english():
        type(user).objects.filter(pk=user.pk).update(role=role, force=force)
        user.role, user.force = role, force
        summary = (
            f"Changed {user}'s role from {describe(before_role, before_force)} to "
            f"{describe(role, force)}"
        )
        if reason:
            summary += f": {reason}"
        changes = {
            "role": [before_role, role],
            "force": [getattr(before_force, "slug", None), getattr(force, "slug", None)],
        }
        # Both forces see the move in their history.
        for affected in {before_force, force} - {None} or {None}:
            log(
                by=by,
                force=affected,
                subject=Subject.PERSON,
                subject_id=user.pk,
                summary=summary,
                changes=changes,
            )
        role_changed.send(
            sender=type(user),
            user=user,
            before_role=before_role,
            before_force=before_force,
            by=by,
            reason=reason,
        )
    return user


def may_be_asked_language(user: Person | None) -> bool:
    """Whether to ask the person, after they sign in, which language they want: a liaison
    of a force in Wales who has never chosen one. Asked once: any choice, here or on
    their email settings page, is the answer (the Welsh Language Standards ask that
    people be asked, and the answer followed)."""
    return (
        isinstance(user, User)
        and user.language_chosen_at is None
        and user.role == Role.LIAISON
        and user.force is not None
        and user.force.country == Force.Country.WALES
    )


def set_language(*, user: User, language: str, by: Person | None) -> User:
    """The language of the person's pages after sign-in and of every email sent to them;
    only they choose it. Choosing records that they have been asked, even when the
    choice is the one they had."""
    if by is None or not by.is_authenticated or by.pk != user.pk:
        raise Refused(gettext("Only the person themselves chooses their language"), status=403)
    names = dict(settings.LANGUAGES)
    if language not in names:
        raise Refused(gettext("Select English or Cymraeg"), field="language")
    before, chosen_before = user.language, user.language_chosen_at is not None
    with write_transaction():
        user.language, user.language_chosen_at = language, timezone.now()
        User.objects.filter(pk=user.pk).update(
            language=language, language_chosen_at=user.language_chosen_at
        )
        log(
            by=by,
            subject=Subject.PERSON,
            subject_id=user.pk,
            # The history is written in English, whatever the page's language.
            summary=f"{user} changed their language from {names[before]} to {names[language]}"
            if chosen_before and before != language
            else f"{user} chose {names[language]} for their pages and email",
            changes={"language": [before, language]},
        )
    return user
