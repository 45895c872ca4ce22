"""`make run` serves a copy as production would, over plain HTTP on this machine, with
every link from the address it serves; a server never runs that way unnoticed."""

import http.cookiejar
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from notices.checks import not_a_local_copy

ROOT = Path(settings.BASE_DIR)


def test_the_deploy_check_warns_of_a_local_copy(settings):
    settings.DEBUG = False
    settings.LOCAL = True
    assert [w.id for w in not_a_local_copy(None)] == ["notices.W002"]
    settings.LOCAL = False
    assert not_a_local_copy(None) == []


def signed_in_page(base: str, username: str, password: str, path: str) -> str:
    """A page as someone signed in through the sign-in form sees it."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = opener.open(base + "/sign-in/", timeout=5).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(base + "/sign-in/", data=data, headers={"Referer": base})
    opener.open(request, timeout=10)
    return opener.open(base + path, timeout=10).read().decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="make run is SQLite's: once a suite is enough"
)
def test_make_run_serves_its_own_address_and_pages(tmp_path):
    """The run script itself, on a database of its own and a free port: the logins in a
    box last, with the served address; the site's own 404; the sign-in page."""
    port = free_port()
    env = {
        **os.environ,
        # Nothing written where the suite's other processes read: its own database,
        # static files and secret.
        "SQLITE_PATH": str(tmp_path / "run.sqlite3"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_SECRET_KEY": "a-secret-for-this-test-only-" + "x" * 30,
        "PEELTRACK_ADDRESS": f"127.0.0.1:{port}",
    }
    for name in ("DATABASE_URL", "DJANGO_DEBUG", "PEELTRACK_SITE_URL", "DJANGO_ALLOWED_HOSTS"):
        env.pop(name, None)
    # The run script's own setup would put the environment back to runtime packages only,
    # taking the test tools away mid-run; the test runs its steps after setup.
    script = (
        (ROOT / "scripts" / "run")
        .read_text()
        .replace("scripts/setup\n", "", 1)
        .replace('cd "$(dirname "$0")/.."\n', "", 1)  # run from the checkout (cwd) instead
    )
    log = tmp_path / "run.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            ["bash", "-c", script], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(240):
                try:
                    urllib.request.urlopen(base + "/sign-in/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            text = log.read_text()
            assert f"Sign in at {base}/sign-in/" in text
            box = text[text.index("Demo logins") :]
            assert re.search(r"\| demo-manager +\S+ +manager", box)
            with pytest.raises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "/no-such-page/", timeout=5)
            assert missing.value.code == 404
            page = missing.value.read().decode()
            assert "Page not found – peeltrack" in page and "URLconf" not in page
            # The demo's dashboard opens inside the report's history.
            password = re.search(r"\| demo-manager +(\S+) +manager", box).group(1)
            dashboard = signed_in_page(base, "demo-manager", password, "/")
            assert "Who is behind, as of 1 February 2019" in dashboard
            assert "the day this copy opens on" in dashboard
        finally:
            server.terminate()
            server.wait(timeout=20)
