"""What the Welsh-page tests share: the Welsh catalogue as compiled, and a reader that
finds English left on a page rendered in Welsh.

A page in Welsh may hold English only where it says so: texts that exist only in English
(a report's own words) sit inside `lang="en"`, and data (people's and forces' names,
titles) is not in the catalogue. Anything else that is a message of the English
catalogue, shown untranslated, is a string someone forgot to mark or to translate."""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from django.conf import settings

COMPILED = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.mo"
# Attributes people read or hear: a screen reader says these.
READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
# Words that never appear in Welsh text; one of them outside `lang="en"` is English left
# on the page (names are data and are allowed, see `english_left`).
ENGLISH_WORDS = re.compile(r"\b(the|and|of|is|are|has|have|was|this|with|your|you|not)\b", re.I)


@cache
def catalogue() -> dict[str, str]:
    """English message → its Welsh, for every message whose Welsh differs."""
    with COMPILED.open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    found: dict[str, str] = {}
    for key, welsh in translations._catalog.items():
        english = key[0] if isinstance(key, tuple) else key
        if isinstance(key, tuple) and key[1] != 0:
            continue  # only a plural's singular form names it
        english = english.split("\x04")[-1]  # pgettext's context comes first
        if english and english != welsh:
            found[english] = welsh
    return found


def _pattern(message: str) -> re.Pattern[str]:
    # "%(count)s days" matches "11 days": a placeholder stands for any text, and the
    # spaces beside it stay (so "%(met)s of %(in_scope)s" cannot match "Mewngofnodi").
    def part(text: str) -> str:
        if not text.strip():
            return r"\s*" if text else ""
        lead = r"\s+" if text[:1].isspace() else ""
        trail = r"\s+" if text[-1:].isspace() else ""
        return lead + re.escape(" ".join(text.split())) + trail

    parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}", message)
    return re.compile(r"\s*" + r".+?".join(part(p) for p in parts) + r"\s*", re.S)


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    # A message with hardly any words of its own ("%(a)s: %(b)s") says nothing about a
    # page's language.
    return [
        (message, _pattern(message))
        for message in catalogue()
        if len(re.sub(r"%\(\w+\)[sd]|[^A-Za-z]", "", message)) > 3
    ]


def texts_of(html: bytes | str) -> list[str]:
    """What a person reads or hears on the page, outside parts marked `lang="en"`."""
    page = BeautifulSoup(html, "html.parser")
    for hidden in page.select('script, style, template, [lang="en"], [lang="en-GB"]'):
        if hidden is not page.html:
            hidden.decompose()
    texts = [" ".join(text.split()) for text in page.find_all(string=True)]
    for element in page.find_all(True):
        assert isinstance(element, Tag)
        texts += [
            " ".join(str(element[name]).split()) for name in READ_ATTRIBUTES if element.get(name)
        ]
        if element.name == "input" and element.get("type") in ("submit", "button"):
            texts.append(" ".join(str(element.get("value", "")).split()))
    return [text for text in texts if text]


def english_left(html: bytes | str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English on a Welsh page: texts that are messages of the catalogue left
    untranslated, and texts with a word no Welsh sentence has. `allowed` are data the
    page is meant to show as they are (names, titles)."""
    found = []
    for text in texts_of(html):
        for name in allowed:
            text = text.replace(name, "") if name else text
        if not text.strip(" ,.:;·|()–-"):
            continue
        untranslated = any(pattern.fullmatch(text) for _, pattern in _patterns())
        if untranslated or ENGLISH_WORDS.search(text):
            found.append(text)
    return found
