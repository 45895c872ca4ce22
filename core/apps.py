from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What every app shares: access, refusals, dates, GOV.UK widgets and error pages."""

    name = "core"
    verbose_name = "peeltrack core"

    def ready(self) -> None:
        from . import append_only, database_roles, urls  # noqa: F401 (urls: "id" converter)

        # After every migrate (and flush), all tables exist: (re)install the triggers.
        post_migrate.connect(
            append_only.install_after_migrate, sender=self, dispatch_uid="append_only"
        )
        # And the application role's grants, for any table the migration added.
        post_migrate.connect(
            database_roles.grant_after_migrate, sender=self, dispatch_uid="database_roles"
        )
