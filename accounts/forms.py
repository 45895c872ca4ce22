from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.admin import forms as admin_forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation
from django.utils.translation import get_language, gettext, gettext_noop, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from audit.models import SignInEvent
from core.jobs import later

from .tasks import send_password_reset
from .throttle import Throttled, attempt

# Django's own words on the password pages, which its Welsh catalogue lacks (or has only
# for older wordings): named here so that peeltrack's catalogue, which Django reads before
# its own, gives them in Welsh. Never used as values: Django says them itself.
DJANGO_PASSWORD_WORDS = (
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        12,
    ),
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import User

    # A mixin for Django's sign-in forms: checked as one.
    _SignInBase = AuthenticationForm
else:
    _SignInBase = object


class ThrottledSignIn(_SignInBase):
    """Sign-in through the one throttle (accounts.throttle), logged as a sign-in event."""

    door = SignInEvent.Door.SITE

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        if not username:
            return super().clean()

        def check() -> User | None:
            super(ThrottledSignIn, self).clean()
            return self.get_user()

        try:
            attempt(username=username, request=self.request, door=self.door, check=check)
        except Throttled as throttled:
            raise forms.ValidationError(str(throttled), code="throttled") from None
        return self.cleaned_data


class SignInForm(ThrottledSignIn, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter a correct username and password. The password is case-sensitive."
        ),
    }


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    door = SignInEvent.Door.ADMIN


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Changing a password: the current one is checked through the same throttle."""

    door = SignInEvent.Door.PASSWORD_CHANGE

    def __init__(
        self, user: User, *args: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        def check() -> str:
            return super(ThrottledPasswordChangeForm, self).clean_old_password()

        try:
            return attempt(
                username=self.user.get_username(),
                request=self.request,
                door=self.door,
                check=check,
                user_for_event=self.user,
            )
        except Throttled as throttled:
            raise forms.ValidationError(str(throttled), code="throttled") from None


class AdminPasswordChangeForm(ThrottledPasswordChangeForm, admin_forms.AdminPasswordChangeForm):
    """The admin's own password change, through the same throttle as every other door."""

    door = SignInEvent.Door.ADMIN_PASSWORD_CHANGE


class NoAccountForAddress(Exception):
    """Recorded as a failed attempt; never shown, so nobody learns which addresses exist."""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Asking for a reset link: through the same throttle, counted per address typed and
    per client address, and answered the same way whether or not an account has it."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        email = cleaned.get("email")
        if not email:
            return cleaned

        def check() -> User:
            found = next(iter(self.get_users(email)), None)
            if found is None:
                raise NoAccountForAddress
            return found

        try:
            attempt(
                username=email,
                request=self.request,
                door=SignInEvent.Door.PASSWORD_RESET,
                check=check,
                give_back=False,
            )
        except Throttled:
            raise forms.ValidationError(
                gettext(
                    "There have been too many requests to reset a password from here or for "
                    "this address. Wait a while and try again, or ask an administrator."
                ),
                code="throttled",
            ) from None
        except NoAccountForAddress:
            pass  # save() finds nobody to send to; the person is told the same either way
        return cleaned

    def save(
        self,
        domain_override: str | None = None,
        subject_template_name: str = "registration/password_reset_subject.txt",
        email_template_name: str = "registration/password_reset_email.html",
        use_https: bool = False,
        token_generator: object = None,
        from_email: str | None = None,
        request: HttpRequest | None = None,
        html_email_template_name: str | None = None,
        extra_email_context: dict[str, str] | None = None,
    ) -> None:
        """Queue the link, never send it here: finding the account and speaking to the
        mail server happen in the job (accounts.tasks), so the answer takes as long
        whether or not an account has the address. The link is made when it is sent."""
        domain = domain_override or get_current_site(request).domain
        later(
            send_password_reset,
            email=self.cleaned_data["email"],
            language=get_language(),
            domain=domain,
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            html_email_template_name=html_email_template_name,
            extra_email_context=extra_email_context or {},
        )

    def send_links(
        self,
        *,
        domain: str,
        use_https: bool,
        subject_template_name: str,
        email_template_name: str,
        html_email_template_name: str | None,
        extra_email_context: dict[str, str],
    ) -> None:
        """Send the reset link to each active account with the address (the job)."""
        super().save(
            domain_override=domain,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            use_https=use_https,
            html_email_template_name=html_email_template_name,
            extra_email_context=extra_email_context,
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Django's reset email, in its recipient's language (links to Welsh pages in
        Welsh), whatever the language of the page that asked for it; a failure raises
        (Django's logs it and carries on), so that the job is tried again once the mail
        server answers."""
        user = context["user"]
        with translation.override(user.language):
            context = {**context, "valid_for": lasts(settings.PASSWORD_RESET_TIMEOUT)}
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
            message = EmailMultiAlternatives(subject, body, from_email, [to_email])
            if html_email_template_name is not None:
                message.attach_alternative(
                    loader.render_to_string(html_email_template_name, context), "text/html"
                )
        message.send()

    def get_users(self, email: str) -> Iterator[User]:
        """Active people with this address, including those never given a password:
        an account made without one (add_user) gets its first password this way."""
        return (
            user
            for user in get_user_model()
            .objects.filter(email__iexact=email, is_active=True)
            .order_by("pk")
            if user.email.casefold() == email.casefold()
        )


class LanguageForm(forms.Form):
    """A person's language for pages and email: each language named in itself."""

    language = forms.ChoiceField(
        label=_("Language for pages and email"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select English or Cymraeg"),
            "invalid_choice": _("Select English or Cymraeg"),
        },
    )


def lasts(seconds: int) -> str:
    """How long a reset link works, in words: 3 days, 1 hour."""
    delta = datetime.timedelta(seconds=seconds)
    if delta.days and not delta.seconds:
        return ngettext("%(count)s day", "%(count)s days", delta.days) % {"count": delta.days}
    hours = max(1, round(delta.total_seconds() / 3600))
    return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
