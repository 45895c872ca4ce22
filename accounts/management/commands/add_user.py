import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.services import add_user, describe
from core.access import Role
from core.refusals import Refused
from forces.models import Force


class Command(BaseCommand):
    help = (
        "Add a person with a role. The password comes from PEELTRACK_PASSWORD, or a prompt. "
        "Liaisons need --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--force", metavar="SLUG", help="The liaison's force.")
        parser.add_argument("--name", default="", help='First and last name, e.g. "Alex Smith".')
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, force, name, email, **options):
        found = None
        if force:
            found = Force.objects.filter(slug=force.lower()).first()
            if found is None:
                raise CommandError(f"There is no force with the slug {force!r}.")
        first_name, _, last_name = name.strip().partition(" ")
        password = os.environ.get("PEELTRACK_PASSWORD")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("Set PEELTRACK_PASSWORD or run interactively for a prompt.")
            password = getpass.getpass(f"Password for {username}: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The passwords do not match. No user was created.")
        try:
            user = add_user(
                username=username,
                role=role,
                password=password,
                force=found,
                email=email,
                first_name=first_name,
                last_name=last_name.strip(),
            )
        except Refused as refused:
            raise CommandError(" ".join(refused.messages) + " No user was created.") from None
        self.stdout.write(self.style.SUCCESS(f"Added {user.username} as {describe(role, found)}."))
