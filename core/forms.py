"""GOV.UK form fields that every app's forms use."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from .dates import EARLIEST, LATEST, check_in_range, parse_iso_date, read_typed_date, today
from .text import PlainText

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _say(message: str, values: dict[str, Any]) -> str:
    said = gettext(message) % values
    return f"{said[0].upper()}{said[1:]}" if said else said


def _said(message: str, **values: Any) -> str:
    """`message` (marked with gettext_noop) in the language active when it is shown, with
    `values` put in, as a sentence."""
    return lazy(_say, str)(message, values)


def _lower_first(label: str | Promise) -> str:
    return lazy(lambda: f"{str(label)[:1].lower()}{str(label)[1:]}".rstrip(":"), str)()


def _stripped(label: str | Promise) -> str:
    return lazy(lambda: str(label).rstrip(":"), str)()


class DatePartsWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: Any) -> list[int | None]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, checked with GOV.UK's wording."""

    widget = DatePartsWidget

    def __init__(
        self,
        *,
        what: StrOrPromise,
        example: str = "30 9 2018",
        not_after_today: bool = False,
        **kwargs: Any,
    ) -> None:
        self.what = what
        self.example = example
        self.not_after_today = not_after_today
        fields = [forms.CharField(), forms.CharField(), forms.CharField()]
        kwargs.setdefault(
            "help_text", _said(gettext_noop("For example, %(example)s"), example=example)
        )
        super().__init__(fields, require_all_fields=False, **kwargs)
        # Worded when shown, in the page's language: forms are made when their module is
        # imported, whatever language the first request asked for.
        self.error_messages = {
            key: _said(message, what=what, example=example)
            for key, message in {
                "required": gettext_noop("Enter %(what)s"),
                "incomplete": gettext_noop("Enter %(what)s, for example %(example)s"),
                "invalid": gettext_noop("%(what)s must be a real date, for example %(example)s"),
                "too_early": gettext_noop("%(what)s must be on or after 1 January 2017"),
                "too_late": gettext_noop("%(what)s must be before the year 9999"),
                "future": gettext_noop("%(what)s must be today or in the past"),
            }.items()
        }

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            raise forms.ValidationError(self.error_messages["incomplete"])
        if (
            not all(part.isascii() and part.isdigit() for part in (day, month, year))
            or len(year) != 4
        ):
            raise forms.ValidationError(self.error_messages["invalid"])
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"]) from None
        if value < EARLIEST:
            raise forms.ValidationError(self.error_messages["too_early"])
        if value > LATEST:
            raise forms.ValidationError(self.error_messages["too_late"])
        if self.not_after_today and value > today():
            raise forms.ValidationError(self.error_messages["future"])
        return value


class TextField(forms.CharField):
    """Typed text as the person sees it: line breaks count once, whatever the browser sends,
    and the text rules of core.text (no control or invisible characters) apply.

    Browsers send each line break in a textarea as CRLF, which would make 4,990 typed
    characters arrive as 5,077 and fail a 5,000 limit the person cannot see.
    """

    def __init__(self, *, rows: int | None = None, **kwargs: Any) -> None:
        if rows is not None:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)
        label = self.label or gettext_lazy("The text")
        self.validators.append(PlainText(_lower_first(label)))
        self.error_messages.setdefault(
            "max_length",
            _said(
                gettext_noop(
                    "%(what)s must be %%(limit_value)s characters or fewer. You have typed "
                    "%%(show_value)s: shorten it by the difference"
                ),
                what=_stripped(label),
            ),
        )
        if self.max_length is not None and rows is not None:
            # Let people type past the limit; the error then says by how much.
            self.widget.attrs.pop("maxlength", None)

    def to_python(self, value: Any | None) -> str | None:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.Textarea):
            attrs.pop("maxlength", None)
        return attrs


class ConfirmOverwriteField(forms.BooleanField):
    """Shown after an edit clash: saving over someone else's change must be deliberate."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Replace their changes with mine"))
        super().__init__(**kwargs)


class StrictDateField(forms.DateField):
    """YYYY-MM-DD exactly (the API's and files' form), from 1 January 2017 to before the
    year 9999; or, `typed`, a date as people type it (core.dates.read_typed_date), for
    the pages' forms."""

    def __init__(self, *, what: StrOrPromise, typed: bool = False, **kwargs: Any) -> None:
        self.what = what
        self.typed = typed
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        read = read_typed_date if self.typed else parse_iso_date
        try:
            return check_in_range(read(value, what=self.what), what=self.what)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class KnownOnForm(forms.Form):
    """?known_on= on pages that take nothing else (typed as people type dates)."""

    known_on = StrictDateField(what="the known-on date", typed=True, required=False)
