"""The admin as a door like any other: it reads everything, and the changes it may make
go through the same domain services as the pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from .refusals import Refused

if TYPE_CHECKING:
    from .access import Person

    # Django's admin and forms are generic only to the checker (django-stubs); at run
    # time they take no parameters. Each admin here serves several models.
    _ModelAdmin = admin.ModelAdmin[Any]
    _ModelForm = forms.ModelForm[Any]
    # A mixin for ModelAdmins: checked as one.
    _AdminBase = _ModelAdmin
else:
    _ModelAdmin = admin.ModelAdmin
    _ModelForm = forms.ModelForm
    _AdminBase = object


class ReadOnlyAdmin(_ModelAdmin):
    """Shown for reading; changed only by peeltrack's own services, through its pages."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class RefusalsOnTheForm(_AdminBase):
    """A ModelAdmin mixin: a service's refusal in save_model becomes the form's error.

    Forms validate and nothing more; the service writes in save_model, inside the
    admin's transaction. When it refuses, that transaction has rolled back (nothing was
    written) and the page is shown again with the refusal on the form, as for any other
    invalid input, by asking the same form once more with the refusal added to its
    errors.
    """

    refusal_attribute = "_peeltrack_refused"

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            setattr(request, self.refusal_attribute, refused)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        found: Refused | None = getattr(request, self.refusal_attribute, None)
        if found is None:
            return form
        refused = found

        # A subclass of the form class the admin has just made, which mypy cannot follow.
        class Refusing(form):  # type: ignore[valid-type, misc]
            def clean(self) -> dict[str, Any] | None:
                cleaned: dict[str, Any] | None = super().clean()
                field = refused.field if refused.field in self.fields else None
                self.add_error(field, forms.ValidationError(refused.messages))
                return cleaned

        Refusing.__name__ = form.__name__
        return Refusing


class ServiceForm(_ModelForm):
    """An admin add form whose change is made by a domain service (save_through_service).

    It only validates; ServiceAdmin.save_model calls the service.
    """

    user: Person | None = None  # set per request by ServiceAdmin.get_form
    saved: Model | None = None  # what the service wrote, set by ServiceAdmin.save_model

    def save_through_service(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError


class ServiceAdmin(RefusalsOnTheForm, ReadOnlyAdmin):
    """Rows are added through a ServiceForm (with its reason fields); never changed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return admin.ModelAdmin.has_view_permission(self, request, obj)

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request: HttpRequest, obj: Model, form: ServiceForm, change: bool) -> None:
        form.saved = saved = form.save_through_service(form.cleaned_data)
        # The service has written the row: point the admin at it.
        obj.pk = saved.pk
        obj._state.adding = False

    def save_related(
        self, request: HttpRequest, form: ServiceForm, formsets: object, change: bool
    ) -> None:
        pass
