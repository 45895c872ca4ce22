"""The record of every message sent, people's choices about them, and calendar keys."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Message(models.Model):
    """One email to one person on one occasion: recorded before it is sent.

    The database refuses a second message to the same person for the same occasion,
    so a re-run of the reminders, or two runs at once, cannot send anything twice.
    An occasion names what and when: ``due-in-30:R2-plan:durham:2018-09-30``,
    ``overdue-2:…``, ``overdue-digest:2018-W40``, ``submission-returned:17``.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Reminder before a due date"
        OVERDUE = "overdue", "Overdue notice"
        OVERDUE_DIGEST = "overdue_digest", "Weekly digest of what is overdue"
        WAITING_DIGEST = "waiting_digest", "Daily digest of submissions waiting"
        SUBMISSION_ACCEPTED = "submission_accepted", "Submission accepted"
        SUBMISSION_RETURNED = "submission_returned", "Submission returned"
        ROLE_CHANGED = "role_changed", "Role or force changed"
        RESPONSE_DUE_SOON = "response_due_soon", "Reminder of a local policing body's response"

    class State(models.TextChoices):
        # Recorded with a change (a notice as things happen), to be sent once the change
        # commits; never tried yet, so safe to send, and the next run sends it if the
        # process stopped first.
        PENDING = "pending", "Recorded, not yet sent"
        # Sending has begun. Left so only if the process stopped while sending: the
        # mail server may or may not have taken it, so it is never sent again.
        SENDING = "sending", "Sending not confirmed"
        SENT = "sent", "Sent"
        # The mail server refused or could not be reached: safe to send again, and
        # the next run of send_reminders does.
        FAILED = "failed", "Not sent: will be tried again"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages"
    )
    to = models.EmailField(help_text="The address it went to, as it was then.")
    occasion = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind)
    force = models.ForeignKey(
        "forces.Force", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    milestone = models.ForeignKey(
        "recommendations.Milestone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    as_of = models.DateField(null=True, blank=True, help_text="The day a reminder was for.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField()
    state = models.CharField(max_length=10, choices=State, default=State.SENDING)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the last attempt failed.")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "occasion"], name="one_message_per_person_and_occasion"
            ),
            models.CheckConstraint(
                condition=Q(state="sent", sent_at__isnull=False)
                | (~Q(state="sent") & Q(sent_at__isnull=True)),
                name="message_sent_at_only_when_sent",
            ),
        ]
        indexes = [models.Index(fields=["state", "recorded_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class Preferences(models.Model):
    """What a person has chosen to receive; no row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    digests = models.BooleanField(
        default=True,
        help_text="Managers' weekly digest of what is overdue; inspectors' daily digest of "
        "submissions waiting.",
    )

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"{self.user}: digests {'on' if self.digests else 'off'}"


class CalendarKey(models.Model):
    """The secret in a person's calendar feed addresses; revoked, never reused.

    A calendar program cannot sign in, so the address is the credential: it names the
    key by id and carries its secret, compared in constant time. One key in use per
    person; renewing revokes the old one.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_keys"
    )
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="one_calendar_key_in_use_per_person",
            ),
        ]

    def __str__(self):
        state = "revoked" if self.revoked_at else "in use"
        return f"{self.user}'s calendar key ({state})"
