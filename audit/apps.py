from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The change history, who has gone quiet, and sign-in events."""

    name = "audit"
    verbose_name = "Change history"
    # Rows that are never changed or removed (see core.append_only).
    append_only = ["HistoryEntry", "SignInEvent"]
