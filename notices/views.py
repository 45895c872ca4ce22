"""The email and calendar settings page, and the calendar feeds."""

from __future__ import annotations

import hmac

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.forms import LanguageForm
from accounts.services import set_language
from core import access
from core.dates import today
from core.refusals import Refused
from core.views import submit
from forces.models import Force

from . import feeds
from .forms import DigestsForm
from .models import CalendarKey
from .services import (
    calendar_key_of,
    preferences_of,
    renew_calendar_key,
    revoke_calendar_key,
    set_digests,
)

TEMPLATE = "notices/preferences.html"


def feed_paths(key: CalendarKey, user) -> list[tuple[str, str]]:
    """(what, path) of each calendar the person may subscribe to with this key."""
    paths = [
        (gettext("All milestones"), reverse("notices:milestones_feed", args=[key.pk, key.secret]))
    ]
    force_id = access.own_force_id(user)
    if force_id is not None:
        paths.append(
            (
                gettext("%(force)s's milestones") % {"force": user.force.local_name},
                reverse("notices:force_feed", args=[key.pk, key.secret, user.force.slug]),
            )
        )
    return paths


def gets_digests(user) -> bool:
    return access.role_of(user) in {access.Role.MANAGER, access.Role.INSPECTOR}


# Which of the page's forms was sent: each says so in a hidden field.
LANGUAGE_FORM = "language"


@require_http_methods(["GET", "POST"])
def preferences(request):
    """What the person is sent, their language and digests, and their calendar
    addresses."""
    user = request.user
    chosen = preferences_of(user)
    sent = request.POST if request.method == "POST" else None
    changing_language = sent is not None and sent.get("form") == LANGUAGE_FORM
    language_form = LanguageForm(
        sent if changing_language else None, initial={"language": user.language}
    )
    form = DigestsForm(
        None if changing_language else sent,
        initial={"digests": "on" if chosen.digests else "off"},
    )
    if changing_language:
        outcome = submit(
            request,
            language_form,
            lambda data: set_language(user=user, language=data["language"], by=user),
        )
        if outcome.saved:
            # The page again, in the language just chosen, and saying so in it.
            with translation.override(user.language):
                messages.success(request, gettext("Language for pages and email saved"))
                return redirect(translate_url(reverse("notices:preferences"), user.language))
    else:
        outcome = submit(
            request, form, lambda data: set_digests(user=user, digests=data["digests"], by=user)
        )
    if outcome.saved:
        turned = gettext("Digests turned on") if outcome.result.digests else None
        messages.success(request, turned or gettext("Digests turned off"))
        return redirect("notices:preferences")
    key = calendar_key_of(user)
    return render(
        request,
        TEMPLATE,
        {
            "form": form,
            "language_form": language_form,
            "gets_digests": gets_digests(user),
            "role": access.role_of(user),
            "key": key,
            "feeds": [
                (what, request.build_absolute_uri(path)) for what, path in feed_paths(key, user)
            ]
            if key
            else [],
        },
        status=outcome.status,
    )


@require_POST
def renew_calendars(request):
    renew_calendar_key(user=request.user, by=request.user)
    messages.success(request, gettext("New calendar addresses made: earlier ones no longer work"))
    return redirect(reverse("notices:preferences") + "#calendars")


@require_POST
def stop_calendars(request):
    try:
        revoke_calendar_key(user=request.user, by=request.user)
    except Refused as refused:
        messages.info(request, refused.messages[0])
    else:
        messages.success(request, gettext("Calendar addresses stopped"))
    return redirect(reverse("notices:preferences") + "#calendars")


def key_or_404(key: int, secret: str) -> CalendarKey:
    """The key in use with this id and secret, its owner still active; else 404.

    The secret is compared in constant time, so how long a wrong guess takes says
    nothing about how close it was.
    """
    found = (
        CalendarKey.objects.select_related("user__force")
        .filter(pk=key, revoked_at__isnull=True)
        .first()
    )
    if (
        found is None
        or not hmac.compare_digest(found.secret.encode(), secret.encode())
        or not found.user.is_active
    ):
        raise Http404
    return found


def ics(calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The address is the credential: keep it out of shared caches and of other sites.
    response["Cache-Control"] = "private, max-age=3600"
    return response


# Calendar programs cannot sign in: the secret in the address is the credential.
@login_not_required
@require_safe
def milestones_feed(request, key, secret):
    key_or_404(key, secret)  # every milestone's status is on the dashboard, open to all
    return ics(feeds.milestones_calendar(today()), "peeltrack-milestones.ics")


@login_not_required
@require_safe
def force_feed(request, key, secret, slug):
    found = key_or_404(key, secret)
    force = get_object_or_404(Force, slug=slug)
    # Another force's feed is as missing as a revoked one.
    if not access.may_see_force(found.user, force):
        raise Http404
    return ics(feeds.force_calendar(force, today()), f"peeltrack-{force.slug}.ics")
