"""The language choice on every page (English | Cymraeg), each a link to the same page,
with the same query, in the other language."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from core import languages

register = template.Library()


@register.inclusion_tag("core/language_links.html")
def language_links() -> dict[str, object]:
    return {"languages": languages.choices()}


@register.simple_tag
def html_lang() -> str:
    return languages.html_lang()


@register.simple_tag
def english_only(*translations: str) -> SafeString:
    """` lang="en"` on text that exists only in English, on a page in another language.
    With the text's translations (`{% english_only item.text_cy %}`), only where the
    page's language has none, for then the English is what the page shows."""
    if languages.html_lang() == "en-GB" or any(translations):
        return mark_safe("")
    return mark_safe(' lang="en"')


@register.filter
def english_where(text: str, only_in_english: bool) -> SafeString | str:
    """The text, wrapped in `<span lang="en">` on a page in another language when it is
    English words the page cannot translate (a report's own "Not stated (…)")."""
    if only_in_english and languages.html_lang() != "en-GB":
        return format_html('<span lang="en">{}</span>', text)
    return text


@register.filter
def english_in(text: str, phrases: tuple[str, ...]) -> SafeString | str:
    """The text, escaped, with each of `phrases` in it (English words a page in another
    language shows as they are: a milestone's description with no Welsh) wrapped in
    `<span lang="en">`."""
    if not phrases or languages.html_lang() == "en-GB":
        return text
    marked = str(escape(text))
    for phrase in sorted(set(phrases), key=len, reverse=True):
        plain = str(escape(phrase))
        marked = marked.replace(plain, f'<span lang="en">{plain}</span>')
    return mark_safe(marked)
