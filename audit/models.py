import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.access import ForceOwnedQuerySet


class HistoryEntryQuerySet(ForceOwnedQuerySet["HistoryEntry"]):
    def known_on(self, moment: datetime.datetime | None) -> Self:
        """Entries written before `moment` (None: all of them)."""
        return self if moment is None else self.filter(at__lt=moment)


class HistoryEntry(models.Model):
    """One change by anyone, to anything: who, when, what, in a sentence. Never edited."""

    class Subject(models.TextChoices):
        PROGRESS_RECORD = "progress_record", "Progress record"
        SCOPE_CHANGE = "scope_change", "Scope change"
        DUE_DATE_CHANGE = "due_date_change", "Due date change"
        GRADE_CORRECTION = "grade_correction", "Grade correction"
        ACTION_PLAN = "action_plan", "Action plan"
        ACTION = "action", "Action"
        EVIDENCE = "evidence", "Evidence"
        SUBMISSION = "submission", "Submission"
        PERSON = "person", "Person"
        REPORT = "report", "Report"
        PUBLICATION = "publication", "Publication"
        PUBLICATION_DAY = "publication_day", "Report's day of publication"
        RESPONSE = "response", "Local policing body's response"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    force = models.ForeignKey(
        "forces.Force", on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    subject = models.CharField(max_length=40, choices=Subject)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    summary = models.TextField(help_text="What happened, in a sentence.")
    changes = models.JSONField(default=dict, blank=True)

    objects = HistoryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "history"
        indexes = [
            models.Index(fields=["force", "-at"]),
            models.Index(fields=["force", "subject", "-at"]),
        ]

    def __str__(self) -> str:
        return self.summary


class SignInEvent(models.Model):
    """One attempt to sign in or to prove who one is, through any door. Never edited."""

    class Door(models.TextChoices):
        SITE = "site", "Sign-in page"
        ADMIN = "admin", "Admin sign-in page"
        PASSWORD_CHANGE = "password_change", "Current password, when changing it"
        ADMIN_PASSWORD_CHANGE = (
            "admin_password",
            "Current password, when changing it in the admin",
        )
        PASSWORD_RESET = "password_reset", "Password reset"

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Wrong username or password"
        LOCKED_OUT = "locked_out", "Refused: too many recent failures"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, help_text="As typed.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.GenericIPAddressField(null=True, blank=True)
    door = models.CharField(max_length=20, choices=Door)
    outcome = models.CharField(max_length=20, choices=Outcome)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="succeeded") | Q(user__isnull=False),
                name="successful_sign_in_names_the_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.username} · {self.get_outcome_display()} · {self.at:%Y-%m-%d %H:%M}"


class DataVersion(models.Model):
    """How many times the record has changed: one row, bumped by every write.

    Pages, exports and API reads derive their ETags and cache keys from it. Every
    write transaction takes this row's lock first (audit.history.write_transaction),
    so writes are ordered and no reader can see new data under an old version.
    """

    value = models.PositiveBigIntegerField(default=0)
    # Renewed by the database whenever reference data changes (audit.reference).
    reference = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return str(self.value)
