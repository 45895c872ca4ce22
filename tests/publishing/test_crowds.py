"""Built for crowds, measured on real servers on loopback: the public report page, which
the cache answers whole, is served many times faster than the signed-in dashboard, and
without a single error. (Bounded: a few seconds of requests, whatever the machine.)

As deployed, behind nginx (deploy/nginx.conf.template), which keeps the public pages for
as long as their s-maxage says, the public page is served some 60 to 90 times as often
as the dashboard on a two-core machine; the test asks for twenty times.

The app alone (gunicorn, the page whole from the app's cache, no database query) serves
it about 15 to 21 times as often, with the clients on the same cores as the two server
processes: the rest is gunicorn's own cost per request, and the clients'. That test asks
for ten times, which holds when the machine is busy with other tests too."""

import datetime
import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from core import serving
from publishing.services import publish
from recommendations.models import Report

pytestmark = pytest.mark.django_db(transaction=True)
SECONDS = 3.0
# The two pages are measured in turns, a share of SECONDS each, so that whatever else
# the machine is doing (the rest of the test suite) weighs on both alike.
TURNS = 6
CLIENTS = 4
RATIO = 10
SHARED_RATIO = 20


def fetch(host: str, port: int, path: str, headers: dict[str, str]) -> bytes:
    """One GET over a fresh connection, read to its end: the status line and all. (A raw
    socket rather than urllib, so the clients' own work does not set the pace.)"""
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}\r\n"
    with socket.create_connection((host, port), timeout=30) as conn:
        conn.sendall(request.encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def hammer(
    base: str, path: str, headers: dict[str, str], seconds: float = SECONDS
) -> tuple[int, list[str]]:
    """Requests answered with a 200 in `seconds` by CLIENTS threads, and any that were not."""
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    done, failures = [0], []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop:
            try:
                answer = fetch(host, port, path, headers)
            except OSError as error:
                with lock:
                    failures.append(str(error))
                continue
            with lock:
                if answer.startswith(b"HTTP/1.1 200 "):
                    done[0] += 1
                else:
                    failures.append(answer[:40].decode(errors="replace"))

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0], failures


def in_turns(base: str, report: str, cookie: str) -> tuple[int, int, list[str]]:
    """The public report page and the dashboard, each served for SECONDS in all, in turns:
    how many of each, and any failures."""
    public = staff = 0
    failures: list[str] = []
    for _turn in range(TURNS):
        done, failed = hammer(base, report, {}, SECONDS / TURNS)
        public += done
        failures += failed
        done, failed = hammer(base, "/", {"Cookie": cookie}, SECONDS / TURNS)
        staff += done
        failures += failed
    return public, staff, failures


def published_with_a_session(inspector, manager) -> str:
    """Yesterday's record published, and a manager's session cookie."""
    # The reports were loaded when the test database was made (today): as if loaded ten
    # days ago, so that yesterday's record, published, holds them.
    Report.objects.update(loaded_at=timezone.now() - datetime.timedelta(days=10))
    publish(
        known_on=timezone.localdate() - datetime.timedelta(days=1),
        reason="For the crowd",
        by=inspector,
    )
    browser = Client()
    browser.force_login(manager)
    return f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_the_public_report_page_serves_a_crowd_far_faster_than_the_dashboard(
    reference_data, inspector, manager, histories, tmp_path
):
    cookie = published_with_a_session(inspector, manager)
    with serving.gunicorn(
        serving.environment(), workers=2, ready_path="/public/", log=tmp_path / "server.log"
    ) as base:
        report = "/public/reports/peel-effectiveness-2017/"
        # Both warm first: the comparison is of pages served, not of the first one made.
        for path, headers in ((report, {}), ("/", {"Cookie": cookie})):
            with urllib.request.urlopen(
                urllib.request.Request(base + path, headers=headers)
            ) as response:
                assert response.status == 200
                assert b"Who is behind" in response.read() or path == report
        public_count, staff_count, failures = in_turns(base, report, cookie)
    assert failures == []
    assert staff_count > 0
    ratio = public_count / staff_count
    print(f"public {public_count}, dashboard {staff_count} in {SECONDS} s: {ratio:.1f}×")
    assert ratio >= RATIO, (public_count, staff_count)


def test_behind_the_shared_cache_the_public_page_serves_twenty_times_the_dashboard(
    reference_data, inspector, manager, histories, tmp_path
):
    """As deployed: nginx in front, keeping the public pages as their s-maxage lets it and
    passing everyone signed in through to the app."""
    cookie = published_with_a_session(inspector, manager)
    with (
        serving.gunicorn(
            serving.environment(), workers=2, ready_path="/public/", log=tmp_path / "app.log"
        ) as app,
        serving.nginx(app, tmp_path / "nginx", ready_path="/public/") as base,
    ):
        report = "/public/reports/peel-effectiveness-2017/"
        first = urllib.request.urlopen(base + report)
        again = urllib.request.urlopen(base + report)
        assert first.headers["X-Cache-Status"] == "MISS"
        assert again.headers["X-Cache-Status"] == "HIT"
        assert again.read() == first.read()
        assert again.headers["ETag"] == first.headers["ETag"]
        signed_in = urllib.request.urlopen(
            urllib.request.Request(base + report, headers={"Cookie": cookie})
        )
        assert signed_in.headers["X-Cache-Status"] == "BYPASS"
        dashboard = urllib.request.urlopen(
            urllib.request.Request(base + "/", headers={"Cookie": cookie})
        )
        assert b"Who is behind" in dashboard.read()
        assert dashboard.headers.get("X-Cache-Status") is None  # never the shared cache's
        public_count, staff_count, failures = in_turns(base, report, cookie)
    assert failures == []
    assert staff_count > 0
    ratio = public_count / staff_count
    print(f"behind nginx: public {public_count}, dashboard {staff_count}: {ratio:.1f}×")
    assert ratio >= SHARED_RATIO, (public_count, staff_count)
