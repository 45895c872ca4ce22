"""Who may see and change what: the one place where access is decided.

Every person has at most one role (a field of the user, so the database itself holds
one value):

* Inspectors see every force's work, record progress, assess submissions and change
  scope. They never edit a force's plans.
* A force liaison belongs to one force and sees and changes only that force's work.
* Managers see every force's work and change nothing.

Administrators (``is_staff``) run the admin; being one gives no role in the work.

Each force-owned type's queryset derives from :class:`ForceOwnedQuerySet`, so pages
and the API start every list and every lookup from ``Type.objects.visible_to(user)``.
Another force's object is then simply not found (404, its existence unconfirmed); a
role that may read but not write is refused with 403 by :func:`require`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .refusals import Refused

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

# Whoever is asking, as a request has them: a person (accounts.User, which core may not
# import, so Django's AbstractUser it derives from) or anonymous. A role and a force are
# read with getattr: they are accounts.User's fields.
type Person = AbstractUser | AnonymousUser


class Row(Protocol):
    """A row as the checks below read it: by its primary key (a force, for instance)."""

    @property
    def pk(self) -> Any: ...


# The largest primary key the databases hold (a signed 64-bit integer). Anything
# larger cannot name a row, and would overflow the database driver.
MAX_ID = 2**63 - 1


def parse_id(value: str) -> int | None:
    """The row id a query or form value names, or None. ASCII digits only: str.isdigit()
    also accepts "²" and "①", which int() then refuses."""
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("Inspector")
    LIAISON = "liaison", _("Force liaison")
    MANAGER = "manager", _("Manager")


def role_of(user: Person | None) -> str:
    """The person's role, or "" for anonymous, inactive and role-less users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    role: str = getattr(user, "role", "") or ""
    return role


def is_inspector(user: Person | None) -> bool:
    return role_of(user) == Role.INSPECTOR


def is_manager(user: Person | None) -> bool:
    return role_of(user) == Role.MANAGER


def own_force_id(user: Person | None) -> int | None:
    """The force a liaison works for; None for everyone else."""
    if role_of(user) != Role.LIAISON:
        return None
    force_id: int | None = getattr(user, "force_id", None)
    return force_id


def sees_every_force(user: Person | None) -> bool:
    return role_of(user) in {Role.INSPECTOR, Role.MANAGER}


def may_see_force(user: Person | None, force: Row | int | None) -> bool:
    return sees_every_force(user) or (
        own_force_id(user) is not None and own_force_id(user) == _pk(force)
    )


def may_edit_force(user: Person | None, force: Row | int | None) -> bool:
    return own_force_id(user) is not None and own_force_id(user) == _pk(force)


def may_change_reference_data(user: Person | None) -> bool:
    """Due dates and grades: inspectors, and administrators correcting the report's data."""
    return is_inspector(user) or bool(user and user.is_authenticated and user.is_staff)


def is_liaison(user: Person | None) -> bool:
    return own_force_id(user) is not None


@dataclass(frozen=True)
class Duty:
    """Something only some people may do, and the words that tell everyone else no.

    Each duty is declared once, here. Services refuse with :meth:`check` (a 403
    ``Refused``), pages with :meth:`require` (a 403 page), and the API checks the same
    duty with a DRF permission class (``core.permissions``) before it reads the body:
    the same rule, in the same words, at every door.
    """

    allows: Callable[[Person | None], bool]
    refusal: str

    def __call__(self, user: Person | None) -> bool:
        return self.allows(user)

    def check(self, user: Person | None) -> None:
        if not self.allows(user):
            raise Refused(self.refusal, status=403)

    def require(self, user: Person | None) -> None:
        if not self.allows(user):
            raise PermissionDenied(self.refusal)


RECORD_PROGRESS = Duty(is_inspector, "Only inspectors record progress")
ASSESS = Duty(is_inspector, "Only inspectors assess submissions")
CHANGE_SCOPE = Duty(is_inspector, "Only inspectors change scope")
CHANGE_PLANS = Duty(is_liaison, "Only the force's liaisons change its action plans")
CHANGE_REFERENCE_DATA = Duty(
    may_change_reference_data, "Only inspectors and administrators change due dates and grades"
)
LOAD_REPORTS = Duty(is_inspector, "Only inspectors load reports")
PUBLISH = Duty(is_inspector, "Only inspectors publish the record")
SET_PUBLICATION_DAY = Duty(
    may_change_reference_data,
    "Only inspectors and administrators set the day a report was published",
)
RECORD_RESPONSE = Duty(
    lambda user: is_inspector(user) or is_liaison(user),
    "Only inspectors and the force's liaisons record its local policing body's response",
)
SEE_EVERY_FORCE = Duty(sees_every_force, "Only inspectors and managers see every force's work")

# The names the pages and templates have always used.
may_record_progress = RECORD_PROGRESS
may_assess = ASSESS
may_change_scope = CHANGE_SCOPE


def check_may_edit_force(user: Person | None, force: Row | int | None) -> None:
    """The object-level half of CHANGE_PLANS: a liaison changes only their own force's work."""
    if not may_edit_force(user, force):
        raise Refused(CHANGE_PLANS.refusal, status=403)


def may_record_response(user: Person | None, force: Row | int | None) -> bool:
    """Inspectors for any force; a liaison for their own force only."""
    return is_inspector(user) or may_edit_force(user, force)


def check_may_record_response(user: Person | None, force: Row | int | None) -> None:
    if not may_record_response(user, force):
        raise Refused(RECORD_RESPONSE.refusal, status=403)


def role_label(user: Person) -> str:
    role = role_of(user)
    force = getattr(user, "force", None)
    if role == Role.LIAISON and force is not None:
        return gettext("Force liaison, %(force)s") % {"force": force.local_name}
    if role:
        return str(Role(role).label)
    if user.is_authenticated and user.is_staff:
        return gettext("Administrator")
    return gettext("No role")


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _pk(force: Row | int | None) -> int | None:
    return force if isinstance(force, int) or force is None else force.pk


# Covariant, as django-stubs declares QuerySet's model.
_Owned = TypeVar("_Owned", bound=models.Model, covariant=True)


class ForceOwnedQuerySet(models.QuerySet[_Owned]):
    """A queryset of things that belong to one force.

    ``force_field`` is the path from the model to its force. Types a liaison may also
    see when they belong to no force (national bodies' records) widen ``shared_q``.
    """

    force_field = "force"

    def shared_q(self) -> models.Q | None:
        return None

    def visible_to(self, user: Person | None) -> Self:
        if sees_every_force(user):
            return self
        own = own_force_id(user)
        if own is None:
            return self.none()
        mine = models.Q(**{f"{self.force_field}_id": own})
        shared = self.shared_q()
        return self.filter(mine | shared if shared is not None else mine)

    def for_force(self, force: Row | int | None) -> Self:
        return self.filter(**{f"{self.force_field}_id": _pk(force)})


def get_visible_or_404[M: models.Model](
    queryset: ForceOwnedQuerySet[M], user: Person | None, **lookup: Any
) -> M:
    """The one object the person may see, or 404 (also for ids no row can have)."""
    if any(
        isinstance(value, int) and not 0 < value <= MAX_ID
        for key, value in lookup.items()
        if key in {"pk", "id"}
    ):
        raise Http404
    found = queryset.visible_to(user).filter(**lookup).first()
    if found is None:
        raise Http404
    return found
