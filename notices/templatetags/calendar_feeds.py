"""Links to a person's calendar feeds, for pages of the apps below notices.

Those apps' templates load this library rather than their code importing notices, so
the layers stay one-way. The link carries the person's own secret: never put it inside
a cached fragment shared by other readers.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from core import access

from ..services import calendar_key_of

register = template.Library()


@register.inclusion_tag("notices/_calendar_link.html", takes_context=True)
def calendar_feed_link(context, force=None):
    """A link to the force's feed (or, without a force, every milestone's)."""
    request = context["request"]
    user = request.user
    shown = user.is_authenticated and (force is None or access.may_see_force(user, force))
    key = calendar_key_of(user) if shown else None
    url = ""
    if key is not None:
        url = request.build_absolute_uri(
            reverse("notices:force_feed", args=[key.pk, key.secret, force.slug])
            if force is not None
            else reverse("notices:milestones_feed", args=[key.pk, key.secret])
        )
    return {
        "shown": shown,
        "url": url,
        "what": (
            gettext("%(force)s's deadlines") % {"force": force.local_name}
            if force is not None
            else gettext("every milestone's deadline")
        ),
        "settings_url": reverse("notices:preferences") + "#calendars",
    }
