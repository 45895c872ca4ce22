"""What happens to people that other apps may act on, as explicit domain events.

Sent by accounts.services inside the change's own write transaction (see
plans.events for why). accounts knows nothing of who listens.
"""

from django.dispatch import Signal

# A person's role or force changed. Arguments: user (with the new role and force),
# before_role, before_force, by and reason.
role_changed = Signal()
