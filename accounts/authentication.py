"""`Authorization: Token <key>` for the API, on peeltrack's own tokens (accounts.tokens)."""

from typing import Any

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .tokens import ended_because, find_token


class APITokenAuthentication(TokenAuthentication):
    """DRF's header and its 401s; the key is looked up by its digest, and a token that has
    expired, was revoked by a password change or belongs to a deactivated account is
    refused with the reason.

    A refused token is kept, not deleted, so that every later request (and the admin)
    gives the same reason.
    """

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        """Looked up once a request: the ETag middleware asks before the view, and again
        for the answer's tag. (Kept on the request with the header it was found for; a
        refusal is not kept, and is found again.)"""
        http_request = getattr(request, "_request", request)
        header = get_authorization_header(request)
        found = getattr(http_request, "_api_token_credentials", None)
        if found is not None and found[0] == header:
            return found[1]
        credentials = super().authenticate(request)
        http_request._api_token_credentials = (header, credentials)
        return credentials

    def authenticate_credentials(self, key):
        token = find_token(key)
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        ending = ended_because(token)
        if ending is not None:
            raise AuthenticationFailed(ending.message)
        return token.user, token
