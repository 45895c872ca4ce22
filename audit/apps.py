from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    """The change history, who has gone quiet, and sign-in events."""

    name = "audit"
    verbose_name = "Change history"
    # Rows that are never changed or removed (see core.append_only).
    append_only = ["HistoryEntry", "SignInEvent"]

    def ready(self) -> None:
        from . import reference

        # After every migrate (and flush), all tables exist: (re)install the triggers.
        post_migrate.connect(
            reference.install_after_migrate, sender=self, dispatch_uid="reference_data"
        )
