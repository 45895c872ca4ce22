from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .forms import SignInForm, ThrottledPasswordChangeForm


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


@require_POST
def stay_signed_in(request):
    """The timeout warning's "Stay signed in": another working day from now."""
    request.session.set_expiry(settings.SESSION_COOKIE_AGE)
    return JsonResponse({"expires_in": request.session.get_expiry_age()})


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
