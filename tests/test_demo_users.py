import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from core.access import may_assess, may_edit_force, own_force_id, sees_every_force

pytestmark = pytest.mark.django_db
User = get_user_model()


def printed_passwords(out: str) -> dict[str, str]:
    rows = [line.strip("| ").split() for line in out.splitlines() if line.startswith("| demo-")]
    return {row[0]: row[1] for row in rows}


def test_one_demo_user_per_role_is_created_once_with_printed_passwords(settings, capsys, durham):
    settings.LOCAL = True
    settings.PEELTRACK_SITE_URL = "http://127.0.0.1:8101"
    call_command("create_demo_users")
    out = capsys.readouterr().out
    passwords = printed_passwords(out)
    # In a box, with the address the copy is served from.
    assert "Sign in at http://127.0.0.1:8101/sign-in/" in out
    assert out.strip().splitlines()[-1].startswith("+---")
    assert set(passwords) == {
        "demo-admin",
        "demo-inspector",
        "demo-liaison-durham",
        "demo-liaison-kent",
        "demo-manager",
    }
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)
    inspector = User.objects.get(username="demo-inspector")
    liaison = User.objects.get(username="demo-liaison-durham")
    manager = User.objects.get(username="demo-manager")
    assert may_assess(inspector) and not may_assess(manager) and not may_assess(liaison)
    assert own_force_id(liaison) == durham.pk and may_edit_force(liaison, durham)
    assert sees_every_force(manager) and not sees_every_force(liaison)

    call_command("create_demo_users")
    assert "exist already" in capsys.readouterr().out
    assert User.objects.get(username="demo-manager").check_password(passwords["demo-manager"])


def test_demo_users_are_refused_on_a_server(settings):
    settings.DEBUG = False
    settings.LOCAL = False
    with pytest.raises(CommandError, match="PEELTRACK_LOCAL"):
        call_command("create_demo_users")
    assert not User.objects.exists()
