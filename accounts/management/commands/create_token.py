from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import APIToken
from accounts.tokens import expires_at, issue_token
from core.refusals import Refused


class Command(BaseCommand):
    help = (
        "Issue a new API token for a person, ending any they had, and print its key: only "
        "now, since just a digest of it is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is nobody called {username!r}. No token was issued.")
        try:
            key = issue_token(user=user)
        except Refused as refused:
            raise CommandError(" ".join(refused.messages) + " No token was issued.") from None
        until = timezone.localdate(expires_at(APIToken.objects.get(user=user)))
        # The key alone on standard output, so that `TOKEN=$(manage.py create_token …)`
        # takes it; what to know about it on standard error.
        self.stderr.write(
            f"Issued an API token for {user.username}, working until {until.day} "
            f"{until:%B %Y}; any earlier one no longer works. Its key (on standard output) "
            "is not shown again.",
            style_func=None,
        )
        self.stdout.write(key)
