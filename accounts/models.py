import unicodedata
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from core.access import Role


def username_key(username: str | None) -> str:
    """A username as it is stored and compared: NFKC-normalised, trimmed and case-folded.

    The one place usernames are normalised. "ｋｅｎｔ１" (fullwidth), "Kent1" and "kent1"
    are one name: whoever types any of them signs in as the one account, no second
    account can take another spelling of it, and the sign-in throttle counts them as
    one (otherwise each spelling would get its own five guesses).
    """
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


class PersonManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        # Sign-in (Django's ModelBackend) finds people by their username through here.
        return self.get(username=username_key(username))


class User(AbstractUser):
    """A person who uses peeltrack, with at most one role (see core.access).

    The role is one field, so nobody can hold two at once; a force liaison must have a
    force and nobody else may. The database refuses anything else.
    """

    role = models.CharField(max_length=20, choices=Role, blank=True)
    force = models.ForeignKey(
        "forces.Force",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaisons",
        help_text="The force a liaison works for; only liaisons have one.",
    )
    password_changed_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="API tokens older than this are refused."
    )

    # The Welsh Language Standards: people are asked whether they want what peeltrack
    # sends them in Welsh, and the answer is followed (accounts.services.set_language).
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
        help_text="The language of the person's pages after sign-in and of every email "
        "peeltrack sends them.",
    )
    language_chosen_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the person last chose their language; empty if they never have.",
    )

    objects: ClassVar[PersonManager] = PersonManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.LIAISON, force__isnull=False)
                | (~Q(role=Role.LIAISON) & Q(force__isnull=True)),
                name="a_liaison_and_only_a_liaison_has_a_force",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["", *Role.values]), name="user_role_is_known"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_language_is_known",
            ),
            # Usernames are stored case-folded (username_key), so two people can never
            # differ only in case; Lower() is the part of that the database can check.
            models.CheckConstraint(
                condition=Q(username=Lower("username")), name="username_is_stored_case_folded"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @classmethod
    def normalize_username(cls, username: str) -> str:
        # Django calls this when creating people and cleaning forms (it does NFKC only).
        return username_key(username) if isinstance(username, str) else username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        # Every way of changing a password comes through here: tokens issued before it
        # stop working (accounts.authentication).
        self.password_changed_at = timezone.now()


class SignInThrottle(models.Model):
    """Attempts to prove who one is, counted per username and per address.

    An attempt is counted *before* the password is checked, under a row lock, so forty
    guesses sent at once cannot all be checked before the first failure is counted.
    """

    key = models.CharField(max_length=200, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key}: {self.attempts}"


class APIToken(models.Model):
    """A person's one API token (core.throttling counts requests per person).

    Only a digest of the key is kept, and its first few characters to tell tokens apart:
    the key itself is shown once, when it is issued (accounts.tokens), so neither an
    administrator nor a copy of the database can act as the person with it.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="api_token", verbose_name="person"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=8, editable=False, help_text="The key's first characters, to tell it apart."
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The administrator who issued it; empty when issued on the command line.",
    )

    class Meta:
        verbose_name = "API token"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.user}'s token {self.prefix}…"
