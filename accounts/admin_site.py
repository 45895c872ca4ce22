"""The admin site, with its doors that check a password going through the one throttle.

Django's admin signs people in with `login_form` and changes their password with its
own PasswordChangeView, which gives the form no request, so neither would be counted or
logged as every other door is (accounts.throttle). Both are replaced here.
"""

from django.contrib import admin
from django.urls import reverse

from .forms import AdminPasswordChangeForm, AdminSignInForm
from .views import PasswordChangeView


class AdminSite(admin.AdminSite):
    site_header = "peeltrack administration"
    site_title = "peeltrack"
    login_form = AdminSignInForm

    def password_change(self, request, extra_context=None):
        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=AdminPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)
