"""A liaison hears when their force's submission is decided; a person, when their role
or force changes. Recorded with the change, sent once it commits."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.services import change_role
from notices.models import Message
from plans.services import accept_submission, return_submission
from tests.conftest import persona

from .conftest import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_durham_liaison(db):
    from accounts.services import add_user
    from forces.models import Force

    return add_user(
        username="liaison-durham-2",
        role="liaison",
        force=Force.objects.get(slug="durham"),
        password=None,
        email="second@example.police.uk",
        first_name="Dora",
        last_name="Durham",
    )


def test_every_liaison_of_the_force_is_told_their_submission_was_returned_with_the_reason(
    durham_work, inspector, second_durham_liaison, liaison_kent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        return_submission(submission=durham_work["submission"], by=inspector, reason="No costs")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "liaison-durham@example.police.uk",
        "second@example.police.uk",
    ]
    message = mail.outbox[0]
    assert message.subject == "Submission returned – Durham, recommendation 2"
    assert "Irene Inspector returned Durham's submission for recommendation 2" in message.body
    assert "Reason: No costs" in message.body
    assert f"/plans/{durham_work['plan'].pk}/" in message.body
    assert set(Message.objects.values_list("state", "kind")) == {("sent", "submission_returned")}


def test_a_liaison_is_told_an_accepted_submission_and_what_was_recorded(
    durham_work, inspector, milestone, django_capture_on_commit_callbacks
):
    import datetime

    with django_capture_on_commit_callbacks(execute=True):
        accept_submission(
            submission=durham_work["submission"],
            by=inspector,
            milestone=milestone("R2-plan"),
            status="met",
            effective_on=datetime.date(2018, 9, 20),
            note="Plan covers all three horizons",
        )
    (message,) = mail.outbox
    assert message.subject == "Submission accepted – Durham, recommendation 2"
    assert "What the assessment rests on: Plan covers all three horizons" in message.body
    assert "(R2-plan) is recorded as met from Thursday 20 September 2018." in message.body
    assert Message.objects.get().milestone.code == "R2-plan"


def test_nothing_is_sent_until_the_change_commits_and_nothing_if_it_rolls_back(
    durham_work, inspector, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        return_submission(submission=durham_work["submission"], by=inspector, reason="No")
        assert Message.objects.count() == 1 and mail.outbox == []
        raise RuntimeError("something later in the same change failed")
    assert callbacks == [] and mail.outbox == []
    assert not Message.objects.exists()


def test_a_notice_the_mail_server_refused_is_sent_by_the_next_run(
    durham_work, inspector, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refusing = True
    with django_capture_on_commit_callbacks(execute=True):
        return_submission(submission=durham_work["submission"], by=inspector, reason="No costs")
    message = Message.objects.get()
    assert message.state == "failed" and "554" in message.error
    smtp_server.refusing = False
    run("--as-of", "2018-08-01")
    (envelope,) = smtp_server.envelopes
    assert b"Reason: No costs" in envelope["data"]
    assert Message.objects.get().state == "sent"


def test_a_failure_to_record_a_notice_never_undoes_the_decision(
    durham_work, inspector, monkeypatch, django_capture_on_commit_callbacks
):
    from notices import compose

    def broken(*args, **kwargs):
        raise ValueError("a template bug")

    monkeypatch.setattr(compose, "submission_decided", broken)
    with django_capture_on_commit_callbacks(execute=True):
        return_submission(submission=durham_work["submission"], by=inspector, reason="No costs")
    durham_work["submission"].refresh_from_db()
    assert durham_work["submission"].state == "returned"
    assert not Message.objects.exists()


def test_a_person_is_told_when_their_role_or_force_changes(
    liaison_durham, kent, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_role(
            user=liaison_durham, role="liaison", force=kent, by=administrator, reason="Moved"
        )
    (message,) = mail.outbox
    assert message.to == ["liaison-durham@example.police.uk"]
    assert message.subject == "Your role in peeltrack has changed"
    assert (
        "Your role in peeltrack has changed from force liaison for Durham to force liaison "
        "for Kent." in message.body
    )
    assert "Reason: Moved" in message.body and "made by Ada Administrator" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        change_role(user=liaison_durham, role="manager", force=None, by=administrator)
    assert len(mail.outbox) == 2 and Message.objects.filter(kind="role_changed").count() == 2


def test_nobody_is_told_of_a_change_that_changes_nothing(
    liaison_durham, durham, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_role(user=liaison_durham, role="liaison", force=durham, by=administrator)
    assert mail.outbox == []


def test_a_person_without_an_email_address_is_not_written_to(
    administrator, django_capture_on_commit_callbacks
):
    person = persona("manager")
    person.email = ""
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        change_role(user=person, role="inspector", force=None, by=administrator)
    assert mail.outbox == [] and not Message.objects.exists()
