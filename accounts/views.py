from django.contrib.auth import views as auth_views

from .forms import ThrottledAuthenticationForm


class SignInView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True
