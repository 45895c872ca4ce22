"""Recording and sending messages, so that nothing is ever sent twice.

Each message is recorded before it is sent, and the database refuses a second record
for the same person and occasion (``Message``'s unique constraint). A reminder is
recorded in its own committed transaction, then sent, then marked sent; a message
recorded earlier (with a change, or refused before) is claimed, then sent, then marked
sent: one at a time, so a run or job stopped part-way (its worker killed) leaves at most
the one message it was sending unconfirmed, and the rest waiting to be sent.
Such a message may or may not have reached the mail server and is never sent again;
the command lists it. A message the mail server refused, or that could not reach it,
is marked failed and tried again: by the job that sends it (notices.tasks), and by the
next daily run, as is a notice recorded with a change whose job never ran.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from core import written

from .compose import Email
from .models import Message

if TYPE_CHECKING:
    from accounts.models import User
    from forces.models import Force
    from recommendations.models import Milestone

logger = logging.getLogger(__name__)

State = Message.State


@dataclass(frozen=True)
class Owed:
    """A message someone is owed on an occasion, composed only if it is to be sent."""

    recipient: User
    occasion: str
    kind: str
    compose: Callable[[], Email]
    force: Force | None = None
    milestone: Milestone | None = None
    as_of: datetime.date | None = None


def not_yet_recorded(owed: Iterable[Owed]) -> list[Owed]:
    """What has not been recorded for its person and occasion, whatever its state."""
    owed = list(owed)
    if not owed:
        return []
    recorded = set(
        Message.objects.filter(occasion__in={o.occasion for o in owed}).values_list(
            "recipient_id", "occasion"
        )
    )
    return [o for o in owed if (o.recipient.pk, o.occasion) not in recorded]


def new_message(owed: Owed, state: str) -> Message:
    # The one place a message gets its language: its recipient's, whatever the request
    # or command that owes it is in; the addresses in it are reversed in it too.
    with translation.override(owed.recipient.language):
        email = owed.compose()
        body, html_body = (written.in_running_text(text) for text in email.render())
        subject = written.in_running_text(email.subject)
    return Message(
        recipient=owed.recipient,
        to=owed.recipient.email,
        occasion=owed.occasion,
        kind=owed.kind,
        force=owed.force,
        milestone=owed.milestone,
        as_of=owed.as_of,
        subject=subject,
        body=body,
        html_body=html_body,
        state=state,
    )


def claim(owed: Owed) -> Message | None:
    """Record the message as being sent, committed before sending; None if it already
    was (another run got there first)."""
    message = new_message(owed, State.SENDING)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return None
    return message


def record_pending(owed: Owed) -> Message | None:
    """Record a notice inside the caller's transaction, to be sent once it commits."""
    message = new_message(owed, State.PENDING)
    try:
        with transaction.atomic():  # a savepoint: a clash leaves the caller's work intact
            message.save()
    except IntegrityError:
        return None
    return message


def as_email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    email.attach_alternative(message.html_body, "text/html")
    return email


class Sender:
    """One connection to the mail server for a batch; each message confirmed alone."""

    def __init__(self) -> None:
        self.connection = mailers.default
        self.sent = 0
        self.failed = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.close()

    def send(self, message: Message) -> bool:
        """Send a message already marked as sending; mark it sent or failed."""
        try:
            self.connection.send_messages([as_email(message)])
        except Exception as error:
            # The server refused it or could not be reached: nothing went, so it is
            # safe to try again. A fresh connection for the next message.
            logger.warning("Could not send %s to %s: %s", message.occasion, message.to, error)
            Message.objects.filter(pk=message.pk).update(
                state=State.FAILED, error=str(error)[:2000], attempts=F("attempts") + 1
            )
            message.state = State.FAILED
            self.failed += 1
            with contextlib.suppress(Exception):
                self.connection.close()
            return False
        Message.objects.filter(pk=message.pk).update(
            state=State.SENT, sent_at=timezone.now(), error="", attempts=F("attempts") + 1
        )
        message.state = State.SENT
        self.sent += 1
        return True


def take(message_ids: Iterable[int]) -> Iterator[Message]:
    """Claim messages that are safe to send (pending, or failed before), one at a time as
    the caller asks for the next: each is taken by exactly one process, however many try
    at once, and a process stopped part-way (killed) leaves only the message it was
    sending marked as sending; the rest stay pending, for the job tried again or the next
    daily run."""
    for message in Message.objects.filter(
        pk__in=list(message_ids),
        state__in=[State.PENDING, State.FAILED],
        recipient__is_active=True,  # nobody is written to after they have left
    ).order_by("recorded_at", "id"):
        # Only if it is still as it was read: another process may have taken it since.
        if Message.objects.filter(pk=message.pk, state=message.state).update(state=State.SENDING):
            message.state = State.SENDING
            yield message


class NotSent(Exception):
    """Some messages could not be sent: they stay recorded (failed), to be tried again."""


def send_recorded(message_ids: Iterable[int]) -> None:
    """Send notices recorded with a change, once it has committed. What was sent before
    is not sent again; what fails raises NotSent, after the rest have been tried, so that
    the job sending them is tried again later."""
    with Sender() as sender:
        for message in take(message_ids):
            sender.send(message)
    if sender.failed:
        raise NotSent(f"{sender.failed} message(s) could not be sent; they are tried again")


def waiting_to_be_sent() -> list[int]:
    """Pending and failed messages, oldest first: the next run tries them again."""
    return list(
        Message.objects.filter(state__in=[State.PENDING, State.FAILED], recipient__is_active=True)
        .order_by("recorded_at", "id")
        .values_list("pk", flat=True)
    )


def unconfirmed() -> list[Message]:
    """Messages whose sending began but was never confirmed: a run stopped mid-send."""
    return list(Message.objects.filter(state=State.SENDING).select_related("recipient"))
