import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .models import SignInFailure


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that refuses, for a while, a username with too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "throttled": (
            "There have been too many failed attempts to sign in. Wait "
            "%(minutes)s minutes and try again, or ask an administrator to reset the password."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        window = datetime.timedelta(minutes=settings.PEELTRACK_SIGN_IN_WINDOW_MINUTES)
        since = timezone.now() - window
        recent = SignInFailure.objects.filter(at__gte=since)
        # Per username, against guessing one password; per address, against trying many
        # usernames from one place (and against locking a named person out cheaply).
        if (
            username
            and recent.filter(username__iexact=username).count()
            >= settings.PEELTRACK_SIGN_IN_MAX_FAILURES
        ) or (
            self._client_ip()
            and recent.filter(ip_address=self._client_ip()).count()
            >= settings.PEELTRACK_SIGN_IN_MAX_FAILURES_PER_ADDRESS
        ):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.PEELTRACK_SIGN_IN_WINDOW_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                SignInFailure.objects.create(username=username, ip_address=self._client_ip())
            raise
        SignInFailure.objects.filter(username__iexact=username).delete()
        # Old failures are of no further use.
        SignInFailure.objects.filter(at__lt=since).delete()
        return cleaned

    def _client_ip(self):
        if self.request is None:
            return None
        # Behind a reverse proxy every request comes from the proxy: read the header the
        # proxy sets instead (and only one it sets, or clients could choose their address).
        header = settings.PEELTRACK_CLIENT_ADDRESS_HEADER
        if header:
            meta_key = "HTTP_" + header.upper().replace("-", "_")
            value = self.request.META.get(meta_key, "").split(",")[-1].strip()
            return value or None
        return self.request.META.get("REMOTE_ADDR") or None
