"""Mail really leaves: through a real SMTP server on loopback, in both forms."""

import email
from email import policy

import pytest

from plans.services import return_submission
from tests.conftest import build_plan

from .conftest import run

pytestmark = pytest.mark.django_db


def parse(envelope):
    return email.message_from_bytes(envelope["data"], policy=policy.default)


def test_reminders_go_through_a_real_smtp_server_as_text_and_html(
    smtp_server, liaison_durham, settings
):
    settings.PEELTRACK_SITE_URL = "https://peeltrack.example"
    out, _err = run("--as-of", "2018-09-16")
    assert "2 sent" in out
    assert sorted(e["to"] for e in smtp_server.envelopes) == [
        ["liaison-durham@example.police.uk"],
        ["liaison-durham@example.police.uk"],
    ]
    message = next(
        parse(e)
        for e in smtp_server.envelopes
        if b"Recommendation 2 (R2-plan) is due in 14 days" in e["data"]
    )
    assert message["Subject"] == "Recommendation 2 (R2-plan) is due in 14 days – Durham"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Durham's milestone is due in 14 days, on Sunday 30 September 2018:" in text
    assert (
        "Recommendation 2 — Action plan for the investigator shortage" in text
        and "Status today: Not started." in text
    )
    assert "https://peeltrack.example/forces/durham/" in text
    assert 'href="https://peeltrack.example/forces/durham/"' in html
    assert "cannot be turned off" in text


def test_a_returned_submission_reaches_the_liaison_once_the_decision_commits(
    smtp_server, durham, liaison_durham, inspector, django_capture_on_commit_callbacks
):
    work = build_plan(durham, liaison_durham)
    with django_capture_on_commit_callbacks(execute=True):
        return_submission(
            submission=work["submission"], by=inspector, reason="The plan has no costs"
        )
    (envelope,) = smtp_server.envelopes
    assert envelope["to"] == ["liaison-durham@example.police.uk"]
    message = parse(envelope)
    assert message["Subject"] == "Submission returned – Durham, recommendation 2"
    assert "Reason: The plan has no costs" in message.get_body(("plain",)).get_content()
