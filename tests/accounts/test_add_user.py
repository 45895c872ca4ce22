"""`manage.py add_user`: a role (and for liaisons a force), or a clear error and no user."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from audit.models import HistoryEntry
from core.access import may_assess, own_force_id, sees_every_force

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD = "correct-horse-battery-2018"


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("PEELTRACK_PASSWORD", GOOD)


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_adds_staff_roles(password, role):
    call_command("add_user", "pat", "--role", role, "--email", "pat@example.gov.uk")
    user = User.objects.get(username="pat")
    assert user.check_password(GOOD) and user.email == "pat@example.gov.uk"
    assert sees_every_force(user)
    assert may_assess(user) == (role == "inspector")


def test_adds_a_liaison_for_a_force(password, durham):
    call_command("add_user", "sam", "--role", "liaison", "--force", "durham")
    user = User.objects.get(username="sam")
    assert own_force_id(user) == durham.pk and not sees_every_force(user)
    assert HistoryEntry.objects.filter(force=durham, subject="person").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--role", "chief"],
            r"invalid choice: .chief. \(choose from .inspector., .liaison., .manager.\)",
        ),
        (["--role", "liaison"], "A force liaison needs a force"),
        (["--role", "liaison", "--force", "gotham"], "There is no force with the slug 'gotham'"),
        (["--role", "manager", "--force", "durham"], "Only force liaisons are assigned"),
    ],
)
def test_bad_role_or_force_creates_no_user(password, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("add_user", "sam", *args)
    assert not User.objects.filter(username="sam").exists()


def test_weak_password_creates_no_user(monkeypatch):
    monkeypatch.setenv("PEELTRACK_PASSWORD", "password")
    with pytest.raises(CommandError, match="too common"):
        call_command("add_user", "sam", "--role", "manager")
    assert not User.objects.exists()


def test_existing_username_is_refused(password, manager):
    with pytest.raises(CommandError, match="already exists"):
        call_command("add_user", "MANAGER", "--role", "manager")


def test_short_passwords_are_refused(monkeypatch):
    monkeypatch.setenv("PEELTRACK_PASSWORD", "a9$kq2!mZ4p")  # 11 characters
    with pytest.raises(CommandError, match="at least 12 characters"):
        call_command("add_user", "sam", "--role", "manager")
    assert not User.objects.exists()


def test_names_are_kept_for_showing_people(password):
    call_command("add_user", "sam", "--role", "manager", "--name", "Sam de la Cruz")
    user = User.objects.get(username="sam")
    assert (user.first_name, user.last_name) == ("Sam", "de la Cruz")
    assert str(user) == "Sam de la Cruz"


def test_without_a_password_or_a_terminal_it_stops(monkeypatch):
    monkeypatch.delenv("PEELTRACK_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="PEELTRACK_PASSWORD"):
        call_command("add_user", "sam", "--role", "manager")


def test_a_username_is_stored_as_it_is_compared(password, client):
    call_command("add_user", "ｋｅｎｔ１", "--role", "manager")
    assert User.objects.get().username == "kent1"
    # The account can be signed in to, by any spelling of its name.
    for typed in ["kent1", "ｋｅｎｔ１", "Kent1"]:
        response = client.post("/sign-in/", {"username": typed, "password": GOOD})
        assert response.status_code == 302, typed
        client.post("/sign-out/")


@pytest.mark.parametrize("second", ["KENT1", "ｋｅｎｔ１", "Kent1 "])
def test_another_spelling_of_a_taken_username_is_refused(password, second):
    call_command("add_user", "kent1", "--role", "manager")
    with pytest.raises(CommandError, match="already exists"):
        call_command("add_user", second, "--role", "manager")
    assert User.objects.count() == 1


def test_the_database_refuses_a_username_not_case_folded(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=User.objects.create_user("ada").pk).update(username="Ada")


@pytest.mark.parametrize("username", ["ken\u202et", "ken\u200bt", "kent one", "kent<1>", "k" * 151])
def test_usernames_with_hidden_or_unexpected_characters_are_refused(password, username):
    with pytest.raises(CommandError, match="The username"):
        call_command("add_user", username, "--role", "manager")
    assert not User.objects.exists()


def test_names_with_hidden_characters_are_refused(password):
    with pytest.raises(CommandError, match="The first name contains an invisible character"):
        call_command("add_user", "alex", "--role", "manager", "--name", "Al\u202eex Smith")
    assert not User.objects.exists()
