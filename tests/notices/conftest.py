import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command

UK = ZoneInfo("Europe/London")
D = datetime.date.fromisoformat


def at(day: str, hour: int = 7) -> datetime.datetime:
    """A moment on a UK day: when the daily run starts, by default."""
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour), UK)


def run(*args) -> tuple[str, str]:
    """send_reminders with these arguments: (what it printed, what it complained of)."""
    out, err = StringIO(), StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_on(day: str, *args) -> tuple[str, str]:
    """send_reminders as cron would start it that morning: "today" is the day."""
    with time_machine.travel(at(day), tick=False):
        return run(*args)


@pytest.fixture
def everyone(liaison_durham, liaison_kent, manager, inspector):
    return {
        "liaison-durham": liaison_durham,
        "liaison-kent": liaison_kent,
        "manager": manager,
        "inspector": inspector,
    }


class Inbox:
    """A mail server's handler that keeps what it was given."""

    def __init__(self):
        self.envelopes = []
        self.refusing = False

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "554 Transaction failed: try again later"
        self.envelopes.append(
            {"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "data": envelope.content}
        )
        return "250 Message accepted for delivery"


class LoopbackController(Controller):
    """aiosmtpd's controller, bound to a port the system picks, which is then read back
    from the listening socket (never picked first and hoped to be still free)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback, and the site's mail going to it."""
    inbox = Inbox()
    controller = LoopbackController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    try:
        yield inbox
    finally:
        controller.stop()
