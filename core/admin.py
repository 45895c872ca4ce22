"""The admin as a door like any other: it reads everything, and the changes it may make
go through the same domain services as the pages and the API."""

from django import forms
from django.contrib import admin

from .refusals import Refused


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for reading; changed only by peeltrack's own services, through its pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceForm(forms.ModelForm):
    """An admin add form that makes its change through a domain service.

    The service is called once the form and the model's own checks pass, inside the
    admin's transaction; a refusal becomes the form's error and nothing is written.
    """

    user = None  # set per request by ServiceAdmin.get_form

    def save_through_service(self, data: dict):
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            self.saved = self.save_through_service(self.cleaned_data)
        except Refused as refused:
            self.add_error(
                refused.field if refused.field in self.fields else None,
                forms.ValidationError(refused.messages),
            )


class ServiceAdmin(ReadOnlyAdmin):
    """Rows are added through a ServiceForm (with its reason fields); never changed."""

    def has_add_permission(self, request):
        return admin.ModelAdmin.has_add_permission(self, request)

    def has_view_permission(self, request, obj=None):
        return admin.ModelAdmin.has_view_permission(self, request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        # The service has written the row already: point the admin at it.
        obj.pk = form.saved.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass
