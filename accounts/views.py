from django.contrib.auth import views as auth_views

from .forms import SignInForm, ThrottledPasswordChangeForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
