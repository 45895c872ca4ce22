"""Measure the as-of rule and the busiest pages at a given depth of history.

Run it on a scratch database only: it adds synthetic progress records (which, like all
records, can never be removed again).

    DATABASE_URL=postgres://…/scratch manage.py migrate
    DATABASE_URL=postgres://…/scratch manage.py benchmark --scratch --records 1000000

With --reports N it first loads N synthetic reports through the report loader (each with
four recommendations and seven milestones, like the 2017 report's: about 175 owners a
report), so that one report's pages can be measured with many others loaded. It fills
the database up to --records progress records (COPY on PostgreSQL, one
prepared statement on SQLite), times the rule itself, counts each page's SQL queries,
then serves the pages from gunicorn on a loopback socket it binds itself and times each
one interleaved with a trivial page (the sign-in page), so the ratio between them holds
however busy the machine is. It prints a Markdown table and can write JSON.
"""

from __future__ import annotations

import argparse
import datetime
import json
import secrets
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.services import add_user
from accounts.tokens import issue_token
from audit.history import write_transaction
from core import serving
from core.access import Role
from recommendations import catalogue, progress
from recommendations.loader import load_report
from recommendations.models import ProgressRecord, Report

if TYPE_CHECKING:
    from accounts.models import User

# A progress record's columns, in the order insert() writes them.
type Row = tuple[int, int | None, int | None, str, datetime.date, str, int, datetime.datetime, str]

BENCHMARK_NOTE = "BENCHMARK synthetic record"
STATUSES = ["not_started", "in_progress", "in_progress", "met", "in_progress", "met"]
AS_OF = "2019-02-01"
TRIVIAL = ("sign-in page (trivial)", "/sign-in/", "none")
PAGES = [
    ("dashboard (one report)", f"/?report=peel-effectiveness-2017&as_of={AS_OF}", "session"),
    ("overdue report", f"/reports/overdue/?as_of={AS_OF}", "session"),
    ("overdue CSV", f"/reports/overdue/?as_of={AS_OF}&format=csv", "session"),
    ("force page", f"/forces/durham/?as_of={AS_OF}", "session"),
    (
        "recommendation page",
        f"/reports/peel-effectiveness-2017/recommendation-3/?as_of={AS_OF}",
        "session",
    ),
    (
        "API overdue (one report)",
        f"/api/v1/overdue/?report=peel-effectiveness-2017&as_of={AS_OF}",
        "token",
    ),
    ("API standings, a page (every report)", f"/api/v1/standings/?as_of={AS_OF}", "token"),
]
INSPECTOR = "benchmark-inspector"
USERNAME = "benchmark-manager"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect (to sign-in, say) is a failure to measure, not a page to follow.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(_NoRedirects)


def synthetic_report(n: int) -> dict[str, Any]:
    """A report shaped like the 2017 one: four recommendations, seven milestones (four the
    forces', every force in scope, and three national bodies')."""
    items = []
    for number in range(1, 5):
        code = f"BENCH{n}-R{number}"
        milestones = [
            {
                "code": f"{code}-force",
                "description": f"Benchmark milestone {number} for forces",
                "due_on": f"2018-{number + 4:02d}-28",
                "owner": "forces",
                "scope": "all_forces",
            }
        ]
        if number < 4:
            milestones.append(
                {
                    "code": f"{code}-national",
                    "description": f"Benchmark milestone {number} for a national body",
                    "due_on": f"2018-{number + 2:02d}-28",
                    "owner": "college-of-policing",
                }
            )
        items.append(
            {
                "kind": "recommendation",
                "number": number,
                "theme": f"Benchmark theme {number}",
                "text": f"BENCHMARK synthetic recommendation {number} of report {n}.",
                "text_is": "verbatim",
                "source": "Synthetic",
                "milestones": milestones,
            }
        )
    return {
        "slug": f"benchmark-{n}",
        "title": f"BENCHMARK synthetic report {n}",
        "published_on": "2017",
        "items": items,
    }


def cold_date(i: int) -> str:
    """A different as-of date for every request, so no cached result can answer it."""
    return (datetime.date.fromisoformat(AS_OF) + datetime.timedelta(days=i + 1)).isoformat()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Command(BaseCommand):
    help = "Time the as-of rule and the busiest pages at scale (scratch databases only)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--scratch",
            action="store_true",
            help="Confirm this database is a scratch copy it may fill.",
        )
        parser.add_argument(
            "--records",
            type=int,
            default=3500,
            help="Fill up to this many progress records in all (3,500: national scale).",
        )
        parser.add_argument(
            "--reports",
            type=int,
            default=0,
            help="Load this many synthetic reports first (none by default).",
        )
        parser.add_argument(
            "--requests", dest="count", type=int, default=100, help="Requests per page (100)."
        )
        parser.add_argument("--workers", type=int, default=1, help="Server processes (1).")
        parser.add_argument(
            "--json", dest="json_path", type=Path, help="Also write the results to this file."
        )

    def handle(
        self,
        *args: Any,
        scratch: bool,
        records: int,
        reports: int,
        count: int,
        workers: int,
        json_path: Path | None,
        **options: Any,
    ) -> None:
        if not scratch:
            raise CommandError("Run this on a scratch database only, and say so with --scratch.")
        if not (
            1 <= count <= 10_000
            and 0 <= records <= 5_000_000
            and 1 <= workers <= 8
            and 0 <= reports <= 200
        ):
            raise CommandError(
                "Keep --requests to 1–10000, --records to 0–5000000, --workers to 1–8, "
                "--reports to 0–200."
            )
        user = self.benchmark_user()
        self.add_reports(reports)
        loaded = self.fill(records, user)
        results: dict[str, Any] = {
            "database": connection.vendor,
            "reports": Report.objects.count(),
            "owners": len(progress.standings(datetime.date.fromisoformat(AS_OF))),
            "records": ProgressRecord.objects.count(),
            "load_seconds": loaded,
            "rule_ms": self.time_rule(),
            "catalogue_ms": self.time_catalogue(),
            "pages": [],
        }
        queries = self.count_queries(user)
        timings = self.load_test(user, count, workers)
        trivial = timings[TRIVIAL[0]]
        for name, _path, _auth in PAGES:
            times, cold = timings[name], timings[f"{name} (cold)"]
            results["pages"].append(
                {
                    "page": name,
                    "p50_ms": round(percentile(times, 0.5), 2),
                    "p95_ms": round(percentile(times, 0.95), 2),
                    "ratio_to_trivial": round(percentile(times, 0.5) / percentile(trivial, 0.5), 1),
                    "cold_p50_ms": round(percentile(cold, 0.5), 2),
                    "cold_p95_ms": round(percentile(cold, 0.95), 2),
                    "cold_ratio_to_trivial": round(
                        percentile(cold, 0.5) / percentile(trivial, 0.5), 1
                    ),
                    "queries": queries[name],
                }
            )
        results["trivial_p50_ms"] = round(percentile(trivial, 0.5), 2)
        self.stdout.write(self.markdown(results, count, workers))
        if json_path:
            json_path.write_text(json.dumps(results, indent=2) + "\n")

    def benchmark_user(self) -> User:
        user = get_user_model().objects.filter(username=USERNAME).first()
        if user is None:
            user = add_user(
                username=USERNAME,
                role=Role.MANAGER,
                password=secrets.token_urlsafe(16),
                check_password=False,
                first_name="Benchmark",
                last_name="Manager",
            )
        return user

    def add_reports(self, wanted: int) -> None:
        """Load synthetic reports through the loader, up to `wanted` of them."""
        have = Report.objects.filter(slug__startswith="benchmark-").count()
        if have >= wanted:
            return
        inspector = get_user_model().objects.filter(username=INSPECTOR).first() or add_user(
            username=INSPECTOR,
            role=Role.INSPECTOR,
            password=secrets.token_urlsafe(16),
            check_password=False,
            first_name="Benchmark",
            last_name="Inspector",
        )
        for n in range(have + 1, wanted + 1):
            load_report(
                json.dumps(synthetic_report(n)).encode(), name=f"benchmark-{n}.json", by=inspector
            )
        self.stdout.write(f"reports: {wanted} synthetic loaded")

    def fill(self, target: int, user: User) -> float:
        """Add synthetic records, spread over every owner in scope, up to `target`."""
        have = ProgressRecord.objects.count()
        wanted = target - have
        if wanted <= 0:
            self.stdout.write(f"records: {have:,} already (no more added)")
            return 0.0
        keys = [
            (
                s.milestone.pk,
                s.force.pk if s.force else None,
                s.national_body.pk if s.national_body else None,
            )
            for s in progress.standings(datetime.date.fromisoformat(AS_OF))
        ]
        start = datetime.date(2017, 1, 1)
        span = (timezone.localdate() - datetime.timedelta(days=10) - start).days
        noon = datetime.time(12, tzinfo=datetime.UTC)
        began = time.perf_counter()

        def row(i: int) -> Row:
            milestone, force, body = keys[i % len(keys)]
            effective = start + datetime.timedelta(days=(i * 7) % span)
            # Entered up to nine days after it took effect, as real records are.
            entered = datetime.datetime.combine(effective + datetime.timedelta(days=i % 10), noon)
            status = STATUSES[(i // len(keys)) % len(STATUSES)]
            return (
                milestone,
                force,
                body,
                status,
                effective,
                BENCHMARK_NOTE,
                user.pk,
                entered,
                "import",
            )

        rows = (row(i) for i in range(wanted))
        with write_transaction():
            self.insert(rows)
        seconds = time.perf_counter() - began
        self.stdout.write(
            f"records: {have + wanted:,} in all ({wanted:,} synthetic, loaded in {seconds:.1f} s)"
        )
        return round(seconds, 1)

    def insert(self, rows: Iterable[Row]) -> None:
        columns = (
            "milestone_id, force_id, national_body_id, status, effective_on, note, "
            "recorded_by_id, recorded_at, source"
        )
        table = connection.ops.quote_name(ProgressRecord._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.connection.cursor().copy(
                    f"COPY {table} ({columns}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            ops = connection.ops
            batch: list[tuple[int | str | None, ...]] = []
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 9)})"
            for row in rows:
                batch.append(
                    (
                        *row[:4],
                        ops.adapt_datefield_value(row[4]),
                        row[5],
                        row[6],
                        ops.adapt_datetimefield_value(row[7]),
                        row[8],
                    )
                )
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)

    def time_rule(self) -> dict[str, float]:
        """Median of 7 runs of the rule for every owner, at three dates and one known-on day."""
        found: dict[str, float] = {}
        for label, as_of, known_on in [
            ("as of 2018-10-01", "2018-10-01", None),
            ("as of 2019-02-01", AS_OF, None),
            ("as of 2026-01-01", "2026-01-01", None),
            ("as of 2019-02-01, known on 2019-01-15", AS_OF, "2019-01-15"),
        ]:
            day = datetime.date.fromisoformat(as_of)
            known = datetime.date.fromisoformat(known_on) if known_on else None
            times = []
            for _ in range(7):
                began = time.perf_counter()
                progress.standings(day, known_on=known)
                times.append((time.perf_counter() - began) * 1000)
            found[label] = round(statistics.median(times), 2)
        return found

    def count_queries(self, user: User) -> dict[str, int]:
        client = Client()
        client.force_login(user)
        key = issue_token(user=user)
        counts: dict[str, int] = {}
        # Counted in this process, where the static files may not have been collected
        # (the served pages below collect their own): plain static storage needs no
        # manifest and changes no query.
        plain_static = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        for name, path, auth in PAGES:
            headers = {"Authorization": f"Token {key}"} if auth == "token" else {}
            with (
                override_settings(STORAGES=plain_static),
                CaptureQueriesContext(connection) as captured,
            ):
                response = client.get(path, headers=headers, secure=True, HTTP_HOST="127.0.0.1")
            if response.status_code != 200:
                raise CommandError(f"{name} answered {response.status_code}")
            counts[name] = len(captured)
        return counts

    def load_test(self, user: User, count: int, workers: int) -> dict[str, list[float]]:
        key = issue_token(user=user)
        with tempfile.TemporaryDirectory() as static_root:
            env = serving.environment(STATIC_ROOT=static_root)
            manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)
            try:
                with serving.gunicorn(env, workers=workers) as base:
                    return self.time_pages(base, user, key, count)
            except serving.ServerDidNotStart as error:
                raise CommandError(str(error)) from None

    def time_pages(self, base: str, user: User, key: str, count: int) -> dict[str, list[float]]:
        session = self.signed_in_cookie(user)
        headers: dict[str, dict[str, str]] = {
            "none": {},
            "session": {"Cookie": session},
            "token": {"Authorization": f"Token {key}"},
        }
        timings: dict[str, list[float]] = {name: [] for name, _p, _a in [TRIVIAL, *PAGES]}
        timings |= {f"{name} (cold)": [] for name, _p, _a in PAGES}
        for _name, path, auth in [TRIVIAL, *PAGES]:  # warm every page once
            self.fetch(base + path, headers[auth])
        for i in range(count):
            for name, path, auth in PAGES:
                # Interleaved: each page is timed next to the trivial page, both as
                # people meet it again (cached) and for a date nobody asked for
                # yet (computed and drawn from nothing).
                timings[TRIVIAL[0]].append(self.fetch(base + TRIVIAL[1], {}))
                timings[name].append(self.fetch(base + path, headers[auth]))
                fresh = path.replace(AS_OF, cold_date(i))
                timings[f"{name} (cold)"].append(self.fetch(base + fresh, headers[auth]))
        return timings

    def signed_in_cookie(self, user: User) -> str:
        from django.contrib.sessions.backends.db import SessionStore

        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        # A browser keeps the CSRF cookie it was given; so does this reader.
        csrf = get_random_string(32, allowed_chars=string.ascii_letters + string.digits)
        return (
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}"
        )

    def fetch(self, url: str, headers: dict[str, str]) -> float:
        began = time.perf_counter()
        try:
            with OPENER.open(urllib.request.Request(url, headers=headers), timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise CommandError(f"{url} answered {status}")
        return (time.perf_counter() - began) * 1000

    def time_catalogue(self) -> float:
        """Median of 7 readings of reference data, as the first request after a change to
        it reads them (recommendations.catalogue)."""
        times = []
        for _ in range(7):
            began = time.perf_counter()
            catalogue.read(None)
            times.append((time.perf_counter() - began) * 1000)
        return round(statistics.median(times), 2)

    def markdown(self, results: dict[str, Any], count: int, workers: int) -> str:
        lines = [
            f"Database: {results['database']}, {results['reports']} reports, "
            f"{results['owners']:,} owners in scope, {results['records']:,} progress records; "
            f"{count} requests a page on gunicorn ({workers} worker), interleaved with the "
            f"sign-in page (p50 {results['trivial_p50_ms']} ms).",
            "",
            "Cached: the page again, as people meet it between changes. Cold: a date nobody",
            "asked for yet, so the rule runs and the page is drawn from nothing; reference",
            "data (reports, milestones, forces, grades) comes from the process's catalogue,",
            "read again only after it changes: the first request after such a change pays "
            f"{results['catalogue_ms']} ms more.",
            "",
            "| page | p50 ms | p95 ms | × trivial | cold p50 ms | cold p95 ms | cold × trivial "
            "| SQL queries (cold) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for page in results["pages"]:
            lines.append(
                f"| {page['page']} | {page['p50_ms']} | {page['p95_ms']} | "
                f"{page['ratio_to_trivial']} | {page['cold_p50_ms']} | {page['cold_p95_ms']} | "
                f"{page['cold_ratio_to_trivial']} | {page['queries']} |"
            )
        lines += ["", "The rule for every force and national body (median of 7):", ""]
        lines += [f"- {label}: {ms} ms" for label, ms in results["rule_ms"].items()]
        return "\n".join(lines)
