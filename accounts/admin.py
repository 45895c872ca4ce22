from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from recommendations import history

from .models import Liaison, SignInFailure


def _roles_and_force(user):
    liaison = Liaison.objects.filter(user=user).select_related("force").first()
    return (
        sorted(user.groups.values_list("name", flat=True)),
        liaison.force if liaison else None,
    )


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

    def save_related(self, request, form, formsets, change):
        # Role and force changes belong in peeltrack's own history, not only the admin log.
        user = form.instance
        before = _roles_and_force(user)
        super().save_related(request, form, formsets, change)
        after = _roles_and_force(user)
        if before != after:
            history.log(
                by=request.user,
                force=after[1] or before[1],
                subject="user",
                subject_id=user.pk,
                summary=f"Changed {user.username}'s roles or force",
                changes={
                    "roles": [", ".join(before[0]) or "none", ", ".join(after[0]) or "none"],
                    "force": [before[1], after[1]],
                },
            )

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
