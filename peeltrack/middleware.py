"""What every request goes through: Django's common handling without redirecting API
writes, sign-in for every page, and conditional GET from the data version."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware import common
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.http import parse_etags, quote_etag, url_has_allowed_host_and_scheme
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.views import APIView

from accounts.authentication import APITokenAuthentication
from audit.history import data_version
from core import languages
from core.dates import today
from core.viewsets import SHARED_DATA
from publishing import caching as public_pages

API_PREFIX = "/api/"
SAFE_METHODS = ("GET", "HEAD")


class NoRedirectForAPIWritesMiddleware(common.CommonMiddleware):
    """Django's CommonMiddleware (APPEND_SLASH and the rest), except that no redirect ever
    turns an API write into a read.

    APPEND_SLASH answers an address without its trailing slash with a 301, which clients
    follow with a GET: a POST to /api/v1/actions would list the actions, create nothing
    and say nothing. A write to such an API address is a JSON 404 naming the right
    address instead; a read may still be redirected, since it stays a read.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            response.status_code == 404
            and request.path_info.startswith(API_PREFIX)
            and request.method not in SAFE_METHODS
            and self.should_redirect_with_slash(request)
        ):
            return JsonResponse(
                {
                    "detail": f"Not found. Did you mean {request.path}/ (with the slash)? "
                    "Nothing was changed."
                },
                status=404,
            )
        return super().process_response(request, response)


class LoginRequiredExceptAPIMiddleware(LoginRequiredMiddleware):
    """Sign-in for every page; API views authenticate (token or session) themselves.

    A token arrives with the request but is only checked inside the API view, so the
    middleware must leave API views to DRF, which answers 401 rather than redirecting.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(
        self, request: HttpRequest, view_func: Callable[..., HttpResponseBase]
    ) -> HttpResponseRedirect:
        if request.method != "POST":
            return super().handle_no_permission(request, view_func)
        # A form sent after the sign-in timed out: sign in again, then go back to the page
        # the form was on (its address cannot be opened as a page), where the browser puts
        # back what was typed (assets/js/unsaved-input.mjs).
        came_from = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            came_from = "/"
        login_url = resolve_url(self.get_login_url(view_func))
        return redirect_to_login(
            came_from, f"{login_url}?timed_out=1", self.get_redirect_field_name(view_func)
        )


class DataVersionETagMiddleware:
    """ETags from the data version, so an unchanged page costs a 304 and no work at all.

    Only a reader who has proved who they are gets a tag, or a 304: a signed-in session,
    or on the API a token that works, checked here as the view will check it. Anyone
    else (no credentials, a made-up token, one revoked by a password change) gets the
    view's own answer, a 401 or the sign-in page, whatever If-None-Match says.

    The tag covers everything a read's content depends on: the data version (which every
    write moves), today's date (the default as-of date), who is asking (their session or
    token), the address, what they accept, and the running release. It is an HMAC under
    SECRET_KEY, so nobody can work a tag out for themselves, nor read the data version
    (how many writes there have been) from one. A tag named in If-None-Match is answered
    before the view runs; `*` and If-Match are answered after it, by Django's own rules,
    since only the view knows whether there is an answer to compare them with.
    `request.data_version` is also what page fragments and cached results are keyed by,
    read once per request.

    Cache-Control is the view's `cache_control` (API views: `private, no-store` for a
    force's own work, core.viewsets), on the 304 as on the answer it stands for;
    `private, no-cache` otherwise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> HttpResponseBase:
        request.data_version = SimpleLazyObject(lambda: str(data_version()))
        if request.method not in SAFE_METHODS or self.exempt(request):
            return self.get_response(request)
        etag = self.etag(request)
        early = self.not_modified_before_the_view(request, etag) if etag else None
        response: HttpResponseBase
        if early is not None:
            response = early
        else:
            response = self.get_response(request)
            # Worked out again: rendering may have just given the reader a CSRF cookie.
            etag = self.etag(request)
            if etag and response.status_code == 200 and not response.has_header("ETag"):
                response["ETag"] = etag
                if isinstance(response, HttpResponse):
                    # Given a response, Django answers with one (this, or a 304 or 412);
                    # a streamed file was answered before the view if it could be.
                    answered = get_conditional_response(request, etag=etag, response=response)
                    response = answered if answered is not None else response
        policy = self.cache_control(request)
        if policy is not None:
            response.setdefault("Cache-Control", policy)
        elif response.has_header("ETag"):
            response.setdefault("Cache-Control", SHARED_DATA)
        patch_vary_headers(response, ["Cookie", "Authorization", "Accept"])
        return response

    def cache_control(self, request: Any) -> str | None:
        """The view's own policy, if it declares one."""
        match = getattr(request, "resolver_match", None)
        if match is None:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None
        return getattr(getattr(match.func, "cls", None), "cache_control", None)

    def exempt(self, request: Any) -> bool:
        # Public pages keep their own tags and policy, the same for everyone (publishing).
        return bool(
            request.path.startswith(
                (settings.STATIC_URL, "/admin/", "/api/docs/", *public_pages.PREFIXES)
            )
        )

    def etag(self, request: Any) -> str | None:
        if self.has_messages(request):
            return None  # a one-time message must be shown, not a cached page
        who = self.reader(request)
        if who is None:
            return None
        parts = [
            settings.PEELTRACK_RELEASE,
            str(request.data_version),
            today().isoformat(),
            who,
            request.get_full_path(),
            request.headers.get("Accept", ""),
        ]
        tag = salted_hmac("peeltrack.etag", "\n".join(parts), algorithm="sha256")
        return "W/" + quote_etag(tag.hexdigest()[:32])

    def reader(self, request: Any) -> str | None:
        """Who is asking, once they have proved it; None for anyone who has not."""
        if request.path_info.startswith(API_PREFIX):
            # The API view looks the token up again (one indexed query) on a full answer;
            # a 304 needs only this lookup.
            try:
                credentials = APITokenAuthentication().authenticate(request)
            except AuthenticationFailed:
                return None  # the view answers 401, saying why
            if credentials is not None:
                _user, token = credentials
                return f"token:{token.pk}:{token.digest}"
        # Pages never read the Authorization header: only a session proves who is asking.
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or not user.is_authenticated or session is None:
            return None
        # The session (and with it the CSRF secret in its forms) identifies the reader.
        return f"session:{user.pk}:{session.session_key}:{request.META.get('CSRF_COOKIE', '')}"

    def has_messages(self, request: Any) -> bool:
        session = getattr(request, "session", None)
        return bool(request.COOKIES.get("messages")) or bool(
            session is not None and session.get("_messages")
        )

    def not_modified_before_the_view(self, request: Any, etag: str) -> HttpResponse | None:
        """A 304 when If-None-Match names this tag; None to let the view answer."""
        if parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")) == ["*"]:
            return None
        response = get_conditional_response(request, etag=etag)
        if response is None or response.status_code != 304:
            return None  # a failed If-Match or If-Unmodified-Since is the view's to answer
        response["ETag"] = etag
        return response


class AddressLocaleMiddleware:
    """The language from the address alone: /cy/… is Welsh, everything else English.
    Never from a cookie or the browser's Accept-Language, so an address shows the same
    page to everyone who follows it, and a shared cache needs no Vary to keep it.

    Files for machines (CSV and JSON, at any address) are always English: a program
    reading /cy/public/…/data.csv gets the same columns and values as one reading the
    English address. Spreadsheets and calendars are for people, in the address's
    language."""

    MACHINE_SUFFIXES = (".csv", ".json")
    MACHINE_FORMATS = ("csv", "json")

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        language = translation.get_language_from_path(request.path_info)
        # Only for this request: the thread's language is put back afterwards, so work the
        # thread does next (a job, a command, the next test) is not Welsh by accident.
        with translation.override(language or settings.LANGUAGE_CODE):
            request.LANGUAGE_CODE = translation.get_language()
            token = languages.address.set(request.get_full_path())
            try:
                response = self.get_response(request)
            finally:
                languages.address.reset(token)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        # After the address is resolved (its /cy/ prefix needs Welsh active to resolve).
        if request.path_info.endswith(self.MACHINE_SUFFIXES) or (
            request.GET.get("format") in self.MACHINE_FORMATS
        ):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
