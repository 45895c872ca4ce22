from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import HistoryEntry, SignInEvent


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "force", "subject", "summary"]
    list_filter = ["subject", "force"]
    list_select_related = ["by", "force"]
    search_fields = ["summary", "by__username", "by__first_name", "by__last_name", "force__name"]
    date_hierarchy = "at"


@admin.register(SignInEvent)
class SignInEventAdmin(ReadOnlyAdmin):
    """Every attempt to sign in or prove who one is, through any door, with its outcome."""

    list_display = ["at", "username", "user", "address", "door", "outcome"]
    list_filter = ["outcome", "door"]
    list_select_related = ["user"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
