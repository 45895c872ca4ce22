import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import add_user, describe
from core.access import Role
from forces.models import Force

# (username, role, force slug, first name, last name)
DEMO_USERS = [
    ("demo-inspector", Role.INSPECTOR, None, "Indira", "Inspector"),
    ("demo-liaison-durham", Role.LIAISON, "durham", "Dan", "Durham"),
    ("demo-liaison-kent", Role.LIAISON, "kent", "Kim", "Kent"),
    ("demo-manager", Role.MANAGER, None, "Maya", "Manager"),
]
DEMO_ADMIN = "demo-admin"


class Command(BaseCommand):
    help = (
        "Local demo only (DEBUG on): create one DEMO user per role and an administrator, "
        "printing each password once, when the user is created."
    )

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.LOCAL):
            raise CommandError(
                "Demo users are for a copy on one's own machine only: set PEELTRACK_LOCAL=true "
                "(make run does)."
            )
        User = get_user_model()
        created = []
        with transaction.atomic():
            if not User.objects.filter(username=DEMO_ADMIN).exists():
                password = secrets.token_urlsafe(12)
                User.objects.create_superuser(
                    DEMO_ADMIN, password=password, first_name="Demo", last_name="Administrator"
                )
                created.append((DEMO_ADMIN, "administrator", password))
            for username, role, slug, first_name, last_name in DEMO_USERS:
                if User.objects.filter(username=username).exists():
                    continue
                password = secrets.token_urlsafe(12)
                force = Force.objects.get(slug=slug) if slug else None
                add_user(
                    username=username,
                    role=role,
                    password=password,
                    force=force,
                    first_name=first_name,
                    last_name=last_name,
                    email=f"{username}@example.police.uk",
                    check_password=False,
                )
                created.append((username, describe(role, force), password))
        if not created:
            self.stdout.write(
                "Demo users exist already (their passwords were printed when they were "
                "created; delete db.sqlite3 to start again)."
            )
            return
        rows = [f"{u:<22} {p:<18} {what}" for u, what, p in created]
        rows += ["", f"Sign in at {settings.PEELTRACK_SITE_URL}/sign-in/"]
        title = "Demo logins (this copy only; shown once)"
        width = max(len(title), *(len(row) for row in rows))
        box = [f"+{'-' * (width + 2)}+", f"| {title:<{width}} |", f"|{'-' * (width + 2)}|"]
        box += [f"| {row:<{width}} |" for row in rows] + [f"+{'-' * (width + 2)}+"]
        self.stdout.write(self.style.WARNING("\n".join(box)))
