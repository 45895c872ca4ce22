"""API tokens that end: after a configured age, and when their owner's password changes."""

import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)  # refuses inactive users
        max_age = datetime.timedelta(days=settings.PEELTRACK_TOKEN_MAX_AGE_DAYS)
        if token.created < timezone.now() - max_age:
            token.delete()
            raise AuthenticationFailed(
                "This token has expired. Ask an administrator for a new one."
            )
        if user.password_changed_at and token.created < user.password_changed_at:
            token.delete()
            raise AuthenticationFailed(
                "This token was revoked when its owner's password changed. Ask for a new one."
            )
        return user, token
