import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_ADMIN = "demo-admin"


class Command(BaseCommand):
    help = (
        "Local demo only (DEBUG on): create a demo administrator and print its password once. "
        "--reset gives it a new password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Give it a new password.")

    def handle(self, *args, reset: bool, **options):
        if not settings.DEBUG:
            raise CommandError("Demo users are for local development only: DEBUG is off.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_ADMIN,
            defaults={"is_staff": True, "is_superuser": True, "first_name": "Demo administrator"},
        )
        if not created and not reset:
            self.stdout.write(
                f"Demo administrator '{DEMO_ADMIN}' already exists (its password was printed "
                "when it was created; `manage.py create_demo_users --reset` prints a new one)."
            )
            return
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.WARNING(
                "DEMO LOGIN (local development only)\n"
                f"  user: {DEMO_ADMIN}\n  password: {password}\n"
                "  sign in at http://127.0.0.1:8000/admin/"
            )
        )
