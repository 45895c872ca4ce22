"""The languages of the pages: where the same page is in each, for the language choice
every page carries.

The address being answered is kept for the request (AddressLocaleMiddleware sets it), so
a page rendered without its request, as the public pages are, still links to itself in
the other language."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

# The full path (with its query) of the request being answered.
address: ContextVar[str] = ContextVar("address", default="/")

# What a screen reader says for the link to the other language, in that language.
CHANGE_TO = {"en-gb": "Change the language to English", "cy": "Newid yr iaith i’r Gymraeg"}


def choices(here: str | None = None) -> list[dict[str, object]]:
    """Each language, whether it is the page's, and the page's address in it."""
    here = here if here is not None else address.get()
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": translate_url(here, code),
            "change_to": CHANGE_TO.get(code, name),
        }
        for code, name in settings.LANGUAGES
    ]


def html_lang() -> str:
    """The page's language as `lang` gives it (en-GB, cy)."""
    language = translation.get_language()
    return "en-GB" if language.startswith("en") else language


def local(english: str, welsh: str) -> str:
    """A text in the page's language: its Welsh on a Welsh page, where it has one;
    otherwise the English (which the page marks `lang="en"`, see `english_only`)."""
    return welsh if welsh and translation.get_language() == "cy" else english
