"""Notices as things happen: receivers of the lower apps' domain events.

Each records its messages inside the change's write transaction (so a change that
rolls back notifies nobody) and, in the same transaction, the job that sends them
(notices.tasks). A failure here never undoes the change: it is logged, and what was
recorded is sent by the next daily run.
"""

from __future__ import annotations

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.events import role_changed
from audit.history import data_version
from core.access import Role
from plans.events import submission_decided
from plans.models import Submission

from . import compose
from .delivery import Owed, record_pending
from .models import Message
from .tasks import enqueue_sending

logger = logging.getLogger(__name__)
Kind = Message.Kind


def connect() -> None:
    submission_decided.connect(on_submission_decided, dispatch_uid="notices.submission_decided")
    role_changed.connect(on_role_changed, dispatch_uid="notices.role_changed")


def record_and_send_on_commit(owed: list[Owed]) -> None:
    # A savepoint: a clash or a failure to queue leaves the change itself intact.
    try:
        with transaction.atomic():
            recorded = [m for m in map(record_pending, owed) if m is not None]
            enqueue_sending(m.pk for m in recorded)
    except Exception:
        logger.exception("Could not record notices %s", [o.occasion for o in owed])


def on_submission_decided(sender, *, submission: Submission, by, **kwargs) -> None:
    """Tell the force's liaisons that their submission was accepted or returned."""
    accepted = submission.state == Submission.State.ACCEPTED
    kind = Kind.SUBMISSION_ACCEPTED if accepted else Kind.SUBMISSION_RETURNED
    liaisons = (
        get_user_model()
        .objects.filter(is_active=True, role=Role.LIAISON, force=submission.force_id)
        .exclude(email="")
        .order_by("pk")
    )
    record_and_send_on_commit(
        [
            Owed(
                recipient=person,
                occasion=f"submission-{submission.state}:{submission.pk}",
                kind=kind,
                compose=partial(compose.submission_decided, person, submission),
                force=submission.force,
                milestone=submission.milestone,
            )
            for person in liaisons
        ]
    )


def on_role_changed(sender, *, user, before_role, before_force, by, reason, **kwargs) -> None:
    """Tell a person that their role or force changed."""
    if not user.is_active or not user.email:
        return
    # The data version names this write transaction: one notice per change.
    record_and_send_on_commit(
        [
            Owed(
                recipient=user,
                occasion=f"role-changed:{data_version()}",
                kind=Kind.ROLE_CHANGED,
                compose=partial(
                    compose.role_changed,
                    user,
                    before_role=before_role,
                    before_force=before_force,
                    by=by,
                    reason=reason,
                ),
                force=user.force,
            )
        ]
    )
