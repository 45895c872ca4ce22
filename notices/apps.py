from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Email reminders, digests and notices, their record, preferences and calendar feeds."""

    name = "notices"
    verbose_name = "Reminders, notices and calendars"

    def ready(self):
        # Lower apps announce what happened (plans.events, accounts.events); notices
        # listens, so nothing below it imports it.
        from . import checks, receivers

        receivers.connect()
        checks.register()
