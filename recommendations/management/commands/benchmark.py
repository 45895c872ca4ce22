"""Measure the as-of rule and the busiest pages at scale, against a real HTTP server.

Run it on a scratch database only: it adds synthetic forces' histories.

    DATABASE_URL=postgres://…/scratch manage.py migrate
    DATABASE_URL=postgres://…/scratch manage.py benchmark --scratch --records 20 --requests 200
"""

import datetime
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from accounts.services import add_user
from core.access import Role
from forces.models import Force
from recommendations import progress
from recommendations.models import Milestone, ProgressRecord

BENCHMARK_NOTE = "BENCHMARK synthetic record"
STATUSES = ["not_started", "in_progress", "in_progress", "met"]
PAGES = [
    ("dashboard", "/?as_of=2019-02-01", "session"),
    ("overdue report", "/reports/overdue/?as_of=2019-02-01", "session"),
    ("overdue CSV", "/reports/overdue/?as_of=2019-02-01&format=csv", "session"),
    ("force page", "/forces/durham/?as_of=2019-02-01", "session"),
    ("API overdue", "/api/v1/overdue/?as_of=2019-02-01", "token"),
    ("API progress records", "/api/v1/progress-records/?page_size=100", "token"),
]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect (to sign-in, say) is a failure to measure, not a page to follow.
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirects)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Time the as-of rule and the busiest pages at scale (scratch databases only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scratch",
            action="store_true",
            help="Confirm this database is a scratch copy it may fill.",
        )
        parser.add_argument(
            "--records",
            type=int,
            default=20,
            help="Synthetic records per force and force milestone (20).",
        )
        parser.add_argument(
            "--requests",
            dest="count",
            type=int,
            default=100,
            help="Requests per page in the load test (100).",
        )
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2, help="Server processes (2).")

    def handle(self, *args, scratch, records, count, concurrency, workers, **options):
        if not scratch:
            raise CommandError("Run this on a scratch database only, and say so with --scratch.")
        if not (1 <= count <= 10_000 and 1 <= concurrency <= 32 and 0 <= records <= 10_000):
            raise CommandError(
                "Keep --requests to 1–10000, --concurrency to 1–32, --records to 0–10000."
            )
        self.fill(records)
        self.time_rule()
        self.load_test(count, concurrency, workers)

    def fill(self, per_key: int) -> None:
        ProgressRecord.objects.filter(note=BENCHMARK_NOTE).delete()
        start = datetime.date(2018, 4, 1)
        rows = [
            ProgressRecord(
                milestone=milestone,
                force=force,
                status=STATUSES[i % len(STATUSES)],
                effective_on=start + datetime.timedelta(days=3 * i),
                note=BENCHMARK_NOTE,
            )
            for force in Force.objects.all()
            for milestone in Milestone.objects.for_forces()
            for i in range(per_key)
        ]
        began = time.perf_counter()
        ProgressRecord.objects.bulk_create(rows, batch_size=2000)
        total = ProgressRecord.objects.count()
        self.stdout.write(
            f"records: {total} in all ({len(rows)} synthetic, written in "
            f"{time.perf_counter() - began:.1f} s)"
        )

    def time_rule(self) -> None:
        self.stdout.write("as-of rule (median of 5, all forces and milestones):")
        for as_of in ["2018-10-01", "2019-02-01", "2026-01-01"]:
            day = datetime.date.fromisoformat(as_of)
            for name, rule in [("standings", progress.standings), ("overdue", progress.overdue)]:
                times = []
                for _ in range(5):
                    began = time.perf_counter()
                    rule(day)
                    times.append(time.perf_counter() - began)
                self.stdout.write(
                    f"  {name:<10} as of {as_of}: {statistics.median(times) * 1000:7.1f} ms"
                )

    def load_test(self, count: int, concurrency: int, workers: int) -> None:
        user = get_user_model().objects.filter(username="benchmark-manager").first()
        if user is None:
            user = add_user(
                username="benchmark-manager",
                role=Role.MANAGER,
                password=secrets.token_urlsafe(16),
                check_password=False,
            )
        token, _ = Token.objects.get_or_create(user=user)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as static_root:
            env = {
                **os.environ,
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": settings.SECRET_KEY,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_SECURE_SSL_REDIRECT": "false",
                "STATIC_ROOT": static_root,
            }
            if "SQLITE_PATH" not in env and settings.DATABASES["default"]["ENGINE"].endswith(
                "sqlite3"
            ):
                env["SQLITE_PATH"] = str(settings.DATABASES["default"]["NAME"])
            manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "peeltrack.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=settings.BASE_DIR,
            )
            try:
                self.wait_until_up(base, server)
                session = self.signed_in_session(base, user)
                self.stdout.write(
                    f"load test: {count} requests a page, {concurrency} at a "
                    f"time, {workers} server processes (gunicorn)"
                )
                for name, path, auth in PAGES:
                    self.hammer(name, base + path, auth, session, token.key, count, concurrency)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()

    def wait_until_up(self, base: str, server) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("The server stopped while starting.")
            try:
                urllib.request.urlopen(f"{base}/sign-in/", timeout=2).close()
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise CommandError("The server did not start within 30 seconds.")

    def signed_in_session(self, base: str, user) -> dict:
        from django.contrib.sessions.backends.db import SessionStore

        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

    def hammer(self, name, url, auth, cookie, token, count, concurrency) -> None:
        headers = {"Authorization": f"Token {token}"} if auth == "token" else {"Cookie": cookie}

        def one(_):
            began = time.perf_counter()
            try:
                request = urllib.request.Request(url, headers=headers)
                with OPENER.open(request, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            return status, time.perf_counter() - began

        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(one, range(count)))
        elapsed = time.perf_counter() - began
        times = [t * 1000 for _status, t in results]
        failures = sum(1 for status, _t in results if status != 200)
        self.stdout.write(
            f"  {name:<22} ok {count - failures:>5}/{count}  p50 {percentile(times, 0.5):7.1f} ms"
            f"  p95 {percentile(times, 0.95):7.1f} ms  max {max(times):7.1f} ms"
            f"  {count / elapsed:6.1f} req/s"
        )
