from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from core import access

from .forms import SignInForm, ThrottledPasswordChangeForm, ThrottledPasswordResetForm


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
        """Each role's front page, unless the person was on their way somewhere: a liaison
        their force's work, an inspector the submissions awaiting assessment, a manager
        (and anyone else) the dashboard."""
        user = self.request.user
        if access.own_force_id(user) is not None:
            return reverse("plans:mine")
        if access.is_inspector(user):
            return reverse("plans:queue")
        return super().get_default_redirect_url()


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
