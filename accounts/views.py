from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from core import access
from core.views import submit

from .forms import (
    LanguageForm,
    SignInForm,
    ThrottledPasswordChangeForm,
    ThrottledPasswordResetForm,
)
from .services import may_be_asked_language, set_language, signed_in


def front_page(user) -> str:
    """Each role's front page: a liaison their force's work, an inspector the
    submissions awaiting assessment, a manager (and anyone else) the dashboard."""
    if access.own_force_id(user) is not None:
        return reverse("plans:mine")
    if access.is_inspector(user):
        return reverse("plans:queue")
    return reverse(settings.LOGIN_REDIRECT_URL)


def in_their_language(user, url: str) -> str:
    """The address in the language the person chose, once they have chosen one (an
    address of no page, or of another site, is left as it is)."""
    if user.language_chosen_at is None:
        return url
    return translate_url(url, user.language)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # A sign-in lasts a working day from now, unless the person asks to stay signed in.
        self.request.session.set_expiry(settings.SESSION_COOKIE_AGE)
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "timed_out": "timed_out" in self.request.GET}

    def get_default_redirect_url(self):
        """Each role's front page, unless the person was on their way somewhere."""
        return front_page(self.request.user)

    def get_success_url(self):
        """Where the person was going (checked safe by Django's LoginView), in their
        language; by way of the language question for a Welsh force's liaison who has
        never been asked it."""
        url = super().get_success_url()
        user = self.request.user
        if may_be_asked_language(user):
            return f"{reverse('choose_language')}?{urlencode({'next': url})}"
        return in_their_language(user, url)


@require_http_methods(["GET", "POST"])
def choose_language(request: HttpRequest) -> HttpResponse:
    """The question asked once, in both languages, of a Welsh force's liaison after they
    first sign in; then on to where they were going, in the language they chose."""
    user = signed_in(request.user)
    going = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        going, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        going = front_page(user)
    if not may_be_asked_language(user):
        return redirect(in_their_language(user, going))
    form = LanguageForm(request.POST if request.method == "POST" else None)
    outcome = submit(
        request,
        form,
        lambda data: set_language(user=user, language=data["language"], by=user),
    )
    if outcome.saved:
        return redirect(in_their_language(user, going))
    return render(
        request, "registration/choose_language.html", {"form": form}, status=outcome.status
    )


@require_POST
def stay_signed_in(request):
    """The timeout warning's "Stay signed in": another working day from now."""
    request.session.set_expiry(settings.SESSION_COOKIE_AGE)
    return JsonResponse({"expires_in": request.session.get_expiry_age()})


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's own reset, throttled, with the link built on the site's public address
    (never on the Host header of the request that asked for it)."""

    form_class = ThrottledPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    success_url = reverse_lazy("password_reset_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_extra_email_context(self):
        # How long the link works is said in the recipient's language, by the form.
        return {"site_url": settings.PEELTRACK_SITE_URL}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)
