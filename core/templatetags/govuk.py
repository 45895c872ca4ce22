"""GOV.UK Design System markup for forms, people and links, shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser
    from django.forms import BoundField
    from django.utils.safestring import SafeString
    from django_stubs_ext import StrOrPromise

from core import access

register = template.Library()

INPUT_CLASSES = {
    "text": "govuk-input",
    "search": "govuk-input",
    "number": "govuk-input",
    "email": "govuk-input",
    "url": "govuk-input",
    "password": "govuk-input",
    "date": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
# Widgets drawn as a fieldset of options rather than one input.
CHOICE_KINDS = {
    "radioselect": "radios",
    "checkboxselectmultiple": "checkboxes",
    "checkboxinput": "checkbox",
}


@register.inclusion_tag("govuk/field.html")
def govuk_field(
    field: BoundField, width: str = "", hint: StrOrPromise | None = None
) -> dict[str, Any]:
    """A form field in GOV.UK markup, with its label, hint, errors and described-by.

    The one field partial: forms and page filters alike. `hint` replaces the field's
    help text; `width` is a GOV.UK input width (10, 20, …).
    """
    kind = field.widget_type
    hint = field.help_text if hint is None else hint
    describedby = " ".join(
        part
        for part, present in (
            (f"{field.auto_id}-hint", bool(hint)),
            (f"{field.auto_id}-error", bool(field.errors)),
        )
        if present
    )
    widget = ""
    if kind in INPUT_CLASSES:
        css = INPUT_CLASSES[kind]
        if field.errors:
            css += f" {css}--error"
        if width and css.startswith("govuk-input"):
            css += f" govuk-input--width-{width}"
        attrs: dict[str, str | bool] = {"class": css}
        if describedby:
            attrs["aria-describedby"] = describedby
        if kind in ("text", "search") and width:
            attrs["spellcheck"] = "false"
        widget = field.as_widget(attrs=attrs)
    parts = []
    if kind == "dateparts":
        value = field.value()
        if isinstance(value, (list, tuple)):
            values = list(value) + [None] * (3 - len(value))
        else:
            values = field.field.widget.decompress(value)
        parts = [
            (f"{field.html_name}_{i}", f"{field.auto_id}_{i}", label, values[i] or "", size)
            for i, (label, size) in enumerate(
                [(gettext("Day"), 2), (gettext("Month"), 2), (gettext("Year"), 4)]
            )
        ]
    return {
        "field": field,
        "kind": kind,
        "choices": CHOICE_KINDS.get(kind, ""),
        "widget": widget,
        "hint": hint,
        "describedby": describedby,
        "parts": parts,
    }


def first_error_anchor(field: BoundField) -> str:
    """Where the error summary's link should take the person for this field."""
    if field.widget_type in {"dateparts", "radioselect", "checkboxselectmultiple"}:
        return f"{field.auto_id}_0"
    anchor: str = field.auto_id
    return anchor


@register.filter
def error_anchor(field: BoundField) -> str:
    return first_error_anchor(field)


@register.simple_tag(takes_context=True)
def hidden_query_fields(context: dict[str, Any], *excluded: str) -> SafeString:
    """Hidden inputs that keep the page's other filters when one form is submitted."""
    query = context["request"].GET
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((name, value) for name in query for value in query.getlist(name) if name not in excluded),
    )


@register.filter
def person(user: AbstractUser | None) -> str:
    """A person as people know them: their name, or their username if they have none."""
    if user is None:
        return "peeltrack"
    return user.get_full_name() or user.get_username()


class _Force(Protocol):
    """What the tag reads of a force (forces.models.Force, which core may not import)."""

    @property
    def pk(self) -> int: ...
    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...


@register.simple_tag(takes_context=True)
def force_link(context: dict[str, Any], force: _Force) -> str:
    """The force's name, linked to its page when this person may open it."""
    request = context["request"]
    if access.may_see_force(request.user, force):
        return format_html(
            '<a class="govuk-link" href="{}{}">{}</a>',
            reverse("plans:force", args=[force.slug]),
            context.get("as_of_query", ""),
            force.name,
        )
    return force.name
