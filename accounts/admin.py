from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from audit.history import Subject, log, write_transaction
from core.admin import RefusalsOnTheForm
from core.forms import TextField

from .models import SignInThrottle, User
from .services import REASON_MAX_LENGTH, add_user, change_role


class PersonChangeForm(UserChangeForm):
    reason = TextField(
        label="Reason",
        required=False,
        rows=2,
        max_length=REASON_MAX_LENGTH,
        help_text="Why the role or force is changing: kept in the change history.",
    )

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class PersonCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "force"]


@admin.register(User)
class PersonAdmin(RefusalsOnTheForm, UserAdmin):
    """People, their one role and (for liaisons) their force.

    Role and force changes go through accounts.services.change_role, so they are
    checked the same way as add_user and kept in the change history.
    """

    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = ["username", "first_name", "last_name", "email", "role", "force", "is_active"]
    list_filter = ["role", "force", "is_active", "is_staff"]
    list_select_related = ["force"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["force"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Name and email", {"fields": ["first_name", "last_name", "email"]}),
        ("Role", {"fields": ["role", "force", "reason"]}),
        (
            "Administration (the admin site only: no role in the work)",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "force",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            usable = form.cleaned_data.get("usable_password", "true") not in (False, "false")
            created = add_user(
                username=obj.username,
                role=obj.role,
                force=obj.force,
                email=obj.email,
                first_name=obj.first_name,
                last_name=obj.last_name,
                password=form.cleaned_data.get("password1") if usable else None,
                check_password=False,  # the form has validated it already
                by=request.user,
            )
            obj.pk = created.pk
            obj.password = created.password
            obj._state.adding = False
            return
        stored = User.objects.select_related("force").get(pk=obj.pk)
        role, force = obj.role, obj.force
        obj.role, obj.force = stored.role, stored.force
        with write_transaction():
            super().save_model(request, obj, form, change)
            if stored.is_active != obj.is_active:
                log(
                    by=request.user,
                    force=stored.force,
                    subject=Subject.PERSON,
                    subject_id=obj.pk,
                    summary=f"{'Reactivated' if obj.is_active else 'Deactivated'} {obj}'s account",
                )
            change_role(
                user=obj,
                role=role,
                force=force,
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin):
    """Counters of recent attempts; clear one to let a locked-out person try again."""

    list_display = ["key", "attempts", "window_started_at"]
    search_fields = ["key"]
    actions = ["clear"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Clear the selected counters (unlock)")
    def clear(self, request, queryset):
        queryset.update(attempts=0)
