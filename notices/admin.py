from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import CalendarKey, Message, Preferences


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """Every message sent, read-only: the record that keeps anything from going twice."""

    list_display = ["recorded_at", "recipient", "to", "kind", "subject", "state", "sent_at"]
    list_filter = ["state", "kind", "force"]
    list_select_related = ["recipient"]
    search_fields = ["to", "occasion", "subject", "recipient__username"]
    date_hierarchy = "recorded_at"
    readonly_fields = [f.name for f in Message._meta.fields]


@admin.register(Preferences)
class PreferencesAdmin(ReadOnlyAdmin):
    """Read-only: each person changes their own on the email and calendars page."""

    list_display = ["user", "digests"]
    list_filter = ["digests"]
    list_select_related = ["user"]


@admin.register(CalendarKey)
class CalendarKeyAdmin(ReadOnlyAdmin):
    """Who has calendar addresses in use; the secrets themselves are not shown."""

    list_display = ["user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    fields = ("user", "created_at", "revoked_at")
    readonly_fields = fields
