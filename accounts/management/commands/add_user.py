import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.roles import add_user
from forces.models import Force


class Command(BaseCommand):
    help = (
        "Add a user with a role. The password comes from PEELTRACK_PASSWORD, or a prompt. "
        "Liaisons need --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=" | ".join(Role.values))
        parser.add_argument("--force", metavar="SLUG", help="The liaison's force.")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, force, email, **options):
        found = None
        if force:
            found = Force.objects.filter(slug=force.lower()).first()
            if found is None:
                raise CommandError(f"There is no force with the slug {force!r}.")
        password = os.environ.get("PEELTRACK_PASSWORD")
        if not password:
            if not self.stdin_is_interactive():
                raise CommandError("Set PEELTRACK_PASSWORD or run interactively for a prompt.")
            password = getpass.getpass(f"Password for {username}: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The passwords do not match. No user was created.")
        try:
            user = add_user(
                username=username, role=role, password=password, force=found, email=email
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " No user was created.") from None
        where = f" for {found}" if found else ""
        self.stdout.write(
            self.style.SUCCESS(f"Added {user.username} as {Role(role).label}{where}.")
        )

    def stdin_is_interactive(self) -> bool:
        import sys

        return sys.stdin.isatty()
