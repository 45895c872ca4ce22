from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import Liaison, SignInFailure


class LiaisonInline(admin.StackedInline):
    model = Liaison
    can_delete = True
    extra = 0
    max_num = 1
    autocomplete_fields = ["force"]
    verbose_name = "force assignment (for force liaisons)"


admin.site.unregister(User)


@admin.register(User)
class PeeltrackUserAdmin(UserAdmin):
    inlines = [LiaisonInline]
    list_display = ["username", "email", "first_name", "last_name", "roles", "force", "is_active"]
    list_filter = ["groups", "is_active", "is_staff", "liaison__force"]
    list_select_related = ["liaison__force"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "—"

    @admin.display(description="Force")
    def force(self, obj):
        liaison = getattr(obj, "liaison", None)
        return liaison.force if liaison else "—"


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ["user", "force"]
    list_filter = ["force"]
    list_select_related = ["user", "force"]
    search_fields = ["user__username", "force__name"]
    autocomplete_fields = ["force", "user"]


@admin.register(SignInFailure)
class SignInFailureAdmin(admin.ModelAdmin):
    list_display = ["username", "ip_address", "at"]
    search_fields = ["username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
