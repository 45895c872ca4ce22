from django.conf import settings
from django.core import checks


def site_url_for_production(app_configs, **kwargs):
    """Links in email must reach people: not the development default, and by HTTPS."""
    if settings.DEBUG or settings.PEELTRACK_SITE_URL.startswith("https://"):
        return []
    return [
        checks.Warning(
            f"PEELTRACK_SITE_URL is {settings.PEELTRACK_SITE_URL!r}: links in email and "
            "calendar feeds would point there.",
            hint="Set PEELTRACK_SITE_URL to the site's public https:// address.",
            id="notices.W001",
        )
    ]


def not_a_local_copy(app_configs, **kwargs):
    """PEELTRACK_LOCAL turns off HTTPS and allows demo data: never on a real server."""
    if settings.DEBUG or not settings.LOCAL:
        return []
    return [
        checks.Warning(
            "PEELTRACK_LOCAL is on: plain HTTP, cookies without Secure, demo data allowed.",
            hint="Leave PEELTRACK_LOCAL unset on a server people reach over a network.",
            id="notices.W002",
        )
    ]


def pages_open_on_today(app_configs, **kwargs):
    """A real installation's pages open on today; a fixed day is the demo's."""
    day = settings.PEELTRACK_PAGES_OPEN_ON
    if day is None or settings.DEBUG or settings.LOCAL:
        return []
    return [
        checks.Warning(
            f"PEELTRACK_PAGES_OPEN_ON is {day:%Y-%m-%d}: pages with no date chosen show that "
            "day, not today.",
            hint="Leave PEELTRACK_PAGES_OPEN_ON unset outside the demo.",
            id="notices.W003",
        )
    ]


def register() -> None:
    checks.register(not_a_local_copy, checks.Tags.security, deploy=True)
    checks.register(pages_open_on_today, deploy=True)
    checks.register(site_url_for_production, checks.Tags.security, deploy=True)
