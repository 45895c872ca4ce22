"""Create (or bring up to date) the PostgreSQL roles of least privilege: the owner that
migrations run as and the application role the site connects as (core.database_roles).

Run once as a superuser, with DATABASE_URL naming the database; passwords come from the
environment, never the command line (which other users of the machine can read):
    PEELTRACK_DB_OWNER_PASSWORD=… PEELTRACK_DB_APP_PASSWORD=… \\
        manage.py database_roles --owner peeltrack_owner --app peeltrack_app
"""

import os

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from core import database_roles


class Command(BaseCommand):
    help = "Create the owner and application roles and grant each its share."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", default="peeltrack_owner", help="The owner role.")
        parser.add_argument("--app", default="peeltrack_app", help="The application role.")

    def handle(self, *args: object, **options: str) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Roles are PostgreSQL's: set DATABASE_URL to the database.")
        if options["owner"] == options["app"]:
            raise CommandError("The owner and the application role must differ.")
        roles = database_roles.Roles(owner=options["owner"], app=options["app"])
        with transaction.atomic():
            done = database_roles.create(
                connection,
                roles,
                owner_password=os.environ.get("PEELTRACK_DB_OWNER_PASSWORD") or None,
                app_password=os.environ.get("PEELTRACK_DB_APP_PASSWORD") or None,
            )
        for line in done:
            self.stdout.write(line)
