"""Built for crowds, measured on real servers on loopback: the public report page, which
the cache answers whole, is served many times faster than the signed-in dashboard, and
without a single error. (Bounded: a few seconds of requests, whatever the machine.)

On a two-core machine, with the clients on the same cores as the two server processes,
the public page is served about 19 to 21 times as often as the dashboard: the rest is
gunicorn's own cost per request, and the clients'. The test asks for ten times, which
holds when the machine is busy with other tests too."""

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
CLIENTS = 4
RATIO = 10


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


def hammer(base: str, path: str, headers: dict[str, str]) -> tuple[int, list[str]]:
    """Requests answered with a 200 in SECONDS by CLIENTS threads, and any that were not."""
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    done, failures = [0], []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

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


def test_the_public_report_page_serves_a_crowd_far_faster_than_the_dashboard(
    reference_data, inspector, manager, histories, tmp_path
):
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
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
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
        public_count, public_failures = hammer(base, report, {})
        staff_count, staff_failures = hammer(base, "/", {"Cookie": cookie})
    assert public_failures == [] and staff_failures == []
    assert staff_count > 0
    ratio = public_count / staff_count
    print(f"public {public_count}, dashboard {staff_count} in {SECONDS} s: {ratio:.1f}×")
    assert ratio >= RATIO, (public_count, staff_count)
