"""The one way a service says no.

Every write service raises :class:`Refused` when a change breaks a rule: nothing has
been written, and the messages say why in words a person can act on. It is turned
into a response in one place per door: :func:`put_on_form` for pages (an error on
the form, the person's input kept) and ``core.api.exception_handler`` for the API.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import Model
    from django.forms import BaseForm


class Refused(Exception):
    """A change refused by a rule; nothing was written.

    status: 400 for input that breaks a rule, 403 for a person whose role may not do
    this, 409 for a change that clashes with the record as it now stands (someone
    saved first, or it has already been done). ``field`` names the input at fault
    where there is one; ``current`` carries what now stands, for a 409.
    """

    def __init__(
        self,
        message: str | Iterable[str],
        *,
        status: int = 400,
        field: str | None = None,
        current: Model | None = None,
    ) -> None:
        self.messages = [message] if isinstance(message, str) else list(message)
        super().__init__("; ".join(self.messages))
        self.status = status
        self.field = field
        self.current = current


class Conflict(Refused):
    """Someone else changed the thing first, or it has already been done (409)."""

    def __init__(
        self,
        message: str | Iterable[str],
        *,
        current: Model | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, status=409, current=current, field=field)


def put_on_form(form: BaseForm, refused: Refused) -> int:
    """Show a refusal on the form it came from; returns the status for the page."""
    field = refused.field if refused.field in form.fields else None
    for message in refused.messages:
        form.add_error(field, message)
    return refused.status
