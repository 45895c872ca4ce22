"""What happens in plans that other apps may act on, as explicit domain events.

Each is sent by its service inside the change's own write transaction, after the
change and its history entry are written: a receiver's writes commit or roll back
with the change, and anything it does outside the database waits for the commit
(``transaction.on_commit``). plans knows nothing of who listens.
"""

from django.dispatch import Signal

# An inspector accepted or returned a submission. Arguments: submission (its state,
# decision_note and decided_by now set) and by.
submission_decided = Signal()
