from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """What peeltrack publishes: publications (the record as it was known on a day, made
    public by an inspector) and the pages and data anyone may read without signing in."""

    name = "publishing"
    verbose_name = "Publications and public pages"
    # Rows that are never changed or removed (see core.append_only).
    append_only = ["Publication"]
