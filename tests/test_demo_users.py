import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_admin_is_created_once_with_a_printed_password(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_users")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    assert User.objects.get(username="demo-admin").check_password(password)
    call_command("create_demo_users")
    assert "already exists" in capsys.readouterr().out
    assert User.objects.get(username="demo-admin").check_password(password)


def test_demo_users_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_users")
    assert not User.objects.exists()
