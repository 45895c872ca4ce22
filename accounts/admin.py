from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.history import Subject, log, write_transaction
from core.admin import RefusalsOnTheForm, ServiceAdmin, ServiceForm
from core.forms import TextField

from .models import APIToken, SignInThrottle, User
from .services import REASON_MAX_LENGTH, add_user, change_role, signed_in
from .tokens import ended_because, expires_at, issue_token

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldGroups

    # Generic only to the checker (django-stubs); at run time they take no parameters.
    _PersonChangeBase = UserChangeForm[User]
    _PersonCreationBase = AdminUserCreationForm[User]
    _UserAdmin = UserAdmin[User]
    _ThrottleAdmin = admin.ModelAdmin[SignInThrottle]
else:
    _PersonChangeBase = UserChangeForm
    _PersonCreationBase = AdminUserCreationForm
    _UserAdmin = UserAdmin
    _ThrottleAdmin = admin.ModelAdmin


class PersonChangeForm(_PersonChangeBase):
    reason = TextField(
        label=_("Reason"),
        required=False,
        rows=2,
        max_length=REASON_MAX_LENGTH,
        help_text=_("Why the role or force is changing: kept in the change history."),
    )

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class PersonCreationForm(_PersonCreationBase):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "force")


@admin.register(User)
class PersonAdmin(RefusalsOnTheForm, _UserAdmin):
    """People, their one role and (for liaisons) their force.

    Role and force changes go through accounts.services.change_role, so they are
    checked the same way as add_user and kept in the change history.
    """

    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = ["username", "first_name", "last_name", "email", "role", "force", "is_active"]
    list_filter = ["role", "force", "language", "is_active", "is_staff"]
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
        # Only the person chooses their language (their email and calendars page), so
        # the admin shows it and does not change it.
        (
            "Language for pages and email",
            {"fields": ["language", "language_chosen_at"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["language", "language_chosen_at"]
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

    def save_model(
        self, request: HttpRequest, obj: User, form: PersonChangeForm, change: bool
    ) -> None:
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
class SignInThrottleAdmin(_ThrottleAdmin):
    """Counters of recent attempts; clear one to let a locked-out person try again."""

    list_display = ["key", "attempts", "window_started_at"]
    search_fields = ["key"]
    actions = ["clear"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: SignInThrottle | None = None
    ) -> bool:
        return False

    @admin.action(description=_("Clear the selected counters (unlock)"))
    def clear(self, request: HttpRequest, queryset: QuerySet[SignInThrottle]) -> None:
        queryset.update(attempts=0)


class IssueTokenForm(ServiceForm):
    class Meta:
        model = APIToken
        fields = ["user"]

    key = ""  # the new key, shown once on the page that issued it

    def validate_unique(self) -> None:
        pass  # someone who has a token gets a new one in its place (issue_token)

    def save_through_service(self, data: dict[str, Any]) -> APIToken:
        self.key = issue_token(user=data["user"], by=signed_in(self.user))
        return APIToken.objects.get(user=data["user"])


@admin.register(APIToken)
class APITokenAdmin(ServiceAdmin):
    """API tokens: issue one, see whose each is and whether it still works, revoke one.

    Only a digest of each key is kept, so the key is shown once, on the page that issues
    it (rendered there rather than passed on in a message, which would put it in a cookie
    or the session table), and no page can show it again. Revoking is deleting (one
    token, or the selected ones from the list).
    """

    form = IssueTokenForm
    list_display = ["user", "key_begins", "created", "expires", "state", "issuer"]
    list_select_related = ["user", "issued_by"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "prefix"]
    autocomplete_fields = ["user"]
    readonly_fields = ["key_begins", "created", "expires", "state", "issuer"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> _FieldGroups:
        return ["user"] if obj is None else ["user", *self.readonly_fields]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # One way out of the form: the page that shows the new key.
        only_save = {"show_save_and_add_another": False, "show_save_and_continue": False}
        return super().add_view(request, form_url, {**(extra_context or {}), **only_save})

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: ServiceForm, change: bool) -> None:
        assert isinstance(form, IssueTokenForm), "The admin's form derives from self.form."
        super().save_model(request, obj, form, change)
        for field in ["digest", "prefix", "created", "issued_by"]:
            setattr(obj, field, getattr(form.saved, field))
        obj.issued_key = form.key

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Copy the new API token",
            "token": obj,
            "key": obj.issued_key,
            "expires": self.expires(obj),
        }
        # The admin's own views are never cached (no-store), this one included.
        return TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)

    @admin.display(description=_("key begins"))
    def key_begins(self, token: APIToken) -> str:
        return f"{token.prefix}…"

    @admin.display(description=_("works until"))
    def expires(self, token: APIToken) -> datetime.date:
        return timezone.localdate(expires_at(token))

    @admin.display(description=_("state"))
    def state(self, token: APIToken) -> str:
        ending = ended_because(token)
        return "Works" if ending is None else ending.label

    @admin.display(description=_("issued by"), ordering="issued_by")
    def issuer(self, token: APIToken) -> User | str:
        return token.issued_by or "the command line"
