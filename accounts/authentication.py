"""`Authorization: Token <key>` for the API, on peeltrack's own tokens (accounts.tokens)."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .tokens import ended_because, find_token


class APITokenAuthentication(TokenAuthentication):
    """DRF's header and its 401s; the key is looked up by its digest, and a token that has
    expired, was revoked by a password change or belongs to a deactivated account is
    refused with the reason.

    A refused token is kept, not deleted, so that every later request (and the admin)
    gives the same reason.
    """

    def authenticate_credentials(self, key):
        token = find_token(key)
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        ending = ended_because(token)
        if ending is not None:
            raise AuthenticationFailed(ending.message)
        return token.user, token
