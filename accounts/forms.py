from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from audit.models import SignInEvent

from .throttle import Throttled, attempt


class ThrottledSignIn:
    """Sign-in through the one throttle (accounts.throttle), logged as a sign-in event."""

    door = SignInEvent.Door.SITE

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if not username:
            return super().clean()

        def check():
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
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    door = SignInEvent.Door.ADMIN


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Changing a password: the current one is checked through the same throttle."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        def check():
            return super(ThrottledPasswordChangeForm, self).clean_old_password()

        try:
            return attempt(
                username=self.user.get_username(),
                request=self.request,
                door=SignInEvent.Door.PASSWORD_CHANGE,
                check=check,
                user_for_event=self.user,
            )
        except Throttled as throttled:
            raise forms.ValidationError(str(throttled), code="throttled") from None
