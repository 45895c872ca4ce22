"""Past one machine, on loopback: PostgreSQL, Redis, two gunicorn app servers and nginx
in front, a mail server and job workers, all started and stopped here. The two servers
behave as one site: a write through one is read at once through the other, evidence
uploaded through one downloads through the other, one token's writes are limited across
both together, their ETags agree, and slow clients held by nginx keep no one else
waiting. Email leaves every request: a notice owed while the mail server is down is sent
by a worker once it is back, and once; the daily reminders run once however many workers
keep the schedule; a worker killed in the middle of a job leaves it to another. /readyz
says 503 while PostgreSQL is stopped, and 200 once it is back. (PostgreSQL only: SQLite
is the one-machine default.)

The servers and workers connect as a role of least privilege, as in production
(core.database_roles).

gunicorn runs gthread workers: a request's thread waits on the database while the
worker's other threads answer, and nginx buffers whole requests and answers, so a slow
client never holds a thread at all; sync workers would each be held by one request."""

import asyncio
import datetime
import hashlib
import json
import os
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection
from psycopg import sql

from accounts.services import add_user
from core import backups, database_roles, serving
from notices.models import Message
from tests.conftest import PASSWORD, build_plan, token_for
from tests.notices.conftest import LoopbackController

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the topology is PostgreSQL's"),
]
WRITE_LIMIT = 6


def call(base: str, path: str, *, token: str = "", body: dict | None = None, headers=None):
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            **({"Authorization": f"Token {token}"} if token else {}),
            **({"Content-Type": "application/json"} if body is not None else {}),
            **(headers or {}),
        },
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class MailServer:
    """A mail server's handler: keeps what it accepts; while `down`, refuses everything,
    after holding each message for `hold` seconds (a server struggling, then giving up)."""

    def __init__(self) -> None:
        self.envelopes: list[dict] = []
        self.down = False
        self.hold = 0.0
        self.receiving = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        if self.hold:
            await asyncio.sleep(self.hold)
        if self.down:
            return "451 Requested action aborted: try again later"
        self.envelopes.append({"to": list(envelope.rcpt_tos), "data": envelope.content})
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server():
    handler = MailServer()
    controller = LoopbackController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


@pytest.fixture
def app_role():
    """The application's role of least privilege, with its grants (core.database_roles),
    for this test database; dropped afterwards. A name per test process: roles are the
    whole server's, shared by xdist's workers."""
    role = database_roles.Roles(
        owner=connection.settings_dict["USER"], app=f"peeltrack_site_{os.getpid()}"
    )
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
                sql.Identifier(role.app), sql.Literal(password)
            )
        )
    database_roles.grant(connection, role)
    try:
        yield role.app, password
    finally:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role.app)))
            cursor.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role.app)))


def as_role(url: str, role: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{host}"))


# Workers that say they are alive every second and are taken for dead after five, and a
# check for the jobs of dead workers every two seconds (production: 10 s, 60 s, a minute).
WORKER_TIMING = {
    "PEELTRACK_WORKER_HEARTBEAT_SECONDS": "1",
    "PEELTRACK_WORKER_STALLED_SECONDS": "5",
    "PEELTRACK_STALLED_JOBS_CRON": "* * * * * */2",
}


@pytest.fixture
def site(reference_data, tmp_path, app_role, mail_server):
    """Redis, two app servers (A and B) sharing it and the database, nginx before both,
    and `site["workers"](*names)` to start job workers with the same environment."""
    with connection.cursor() as cursor:  # a transactional test's flush leaves the queue
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_periodic_defers, "
            "procrastinate_workers CASCADE"
        )
    with ExitStack() as stack:
        redis_url = stack.enter_context(serving.redis(tmp_path / "redis"))
        env = serving.environment(
            REDIS_URL=redis_url,
            PEELTRACK_API_WRITE_RATE=f"{WRITE_LIMIT}/minute",
            PEELTRACK_CLIENT_ADDRESS_HEADER="X-Forwarded-For",
            PEELTRACK_LOG_FORMAT="json",
            PEELTRACK_JOB_QUEUE="true",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(mail_server[1]),
            DJANGO_EMAIL_TIMEOUT="10",
            # Not at 07:00 while a test runs; the daily test sets its own time.
            PEELTRACK_DAILY_REMINDERS_CRON="",
            **WORKER_TIMING,
        )
        env["DATABASE_URL"] = as_role(env["DATABASE_URL"], *app_role)
        servers = [
            stack.enter_context(
                serving.gunicorn(
                    # A disk of its own each: what one server stores, only the database
                    # can carry to the other.
                    {**env, "MEDIA_ROOT": str(tmp_path / f"media-{name}")},
                    workers=1,
                    threads=4,
                    worker_class="gthread",
                    log=tmp_path / f"{name}.log",
                )
            )
            for name in ("a", "b")
        ]
        front = stack.enter_context(serving.nginx(servers, tmp_path / "nginx"))

        def workers(*names: str, **extra: str):
            return stack.enter_context(
                serving.workers(
                    {**env, **extra},
                    list(names),
                    logs=tmp_path,
                    options=("--fetch-job-polling-interval", "1"),
                )
            )

        yield {
            "a": servers[0],
            "b": servers[1],
            "front": front,
            "logs": tmp_path,
            "workers": workers,
            "mail": mail_server[0],
            "role": app_role[0],
        }


def eventually(check: Callable[[], object], *, within: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Not within {within} s: {what}")
        time.sleep(0.2)


def jobs(task_name: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, args, status, attempts, worker_id FROM procrastinate_jobs "
            "WHERE task_name = %s ORDER BY id",
            [task_name],
        )
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    # Django's connection hands JSON columns back as text.
    return [{**row, "args": json.loads(row["args"])} for row in rows]


def record(day: str) -> dict:
    return {
        "milestone": "R2-plan",
        "force": "durham",
        "status": "in_progress",
        "effective_on": day,
        "note": f"Recorded for {day}",
    }


def test_two_servers_behave_as_one_site(site, inspector):
    token = token_for(inspector)
    status, _, _ = call(
        site["a"], "/api/v1/progress-records/", token=token, body=record("2018-04-02")
    )
    assert status == 201
    # Read at once through the other server.
    status, _, body = call(site["b"], "/api/v1/progress-records/?force=durham", token=token)
    assert status == 200 and b"Recorded for 2018-04-02" in body
    # The same answer has the same ETag whichever server gives it.
    tags = {call(site[name], "/api/v1/forces/", token=token)[1]["ETag"] for name in ("a", "b")}
    assert len(tags) == 1
    # One token's writes are counted across both servers together: over the limit
    # through either, refused through both.
    answers = [
        call(
            site["ab"[n % 2]],
            "/api/v1/progress-records/",
            token=token,
            body=record(f"2018-04-{n + 3:02d}"),
        )[0]
        for n in range(WRITE_LIMIT + 2)
    ]
    assert answers.count(201) == WRITE_LIMIT - 1  # the first write above counted too
    assert set(answers[WRITE_LIMIT - 1 :]) == {429}


def upload(base: str, path: str, *, token: str, fields: dict, name: str, content: bytes):
    """A multipart POST of `fields` and one file, as a program using the API sends it."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        base + path,
        data=b"".join(parts),
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_evidence_uploaded_through_one_server_downloads_through_the_other(site, liaison_durham):
    from plans.services import start_action_plan
    from recommendations.models import Recommendation

    plan = start_action_plan(
        force=liaison_durham.force,
        recommendation=Recommendation.objects.get(report__slug="peel-effectiveness-2017", number=2),
        by=liaison_durham,
    )
    # Some 3 MB: several of the database's pieces, streamed back.
    content = b"force,detectives\n" + b"Durham,120\n" * 300_000
    token = token_for(liaison_durham)
    status, body = upload(
        site["a"],
        "/api/v1/evidence/",
        token=token,
        fields={"action_plan": plan.pk, "title": "Detective numbers"},
        name="figures.csv",
        content=content,
    )
    assert status == 201, body
    evidence = json.loads(body)
    status, headers, downloaded = call(
        site["b"], f"/api/v1/evidence/{evidence['id']}/file/", token=token
    )
    assert status == 200
    assert hashlib.sha256(downloaded).hexdigest() == hashlib.sha256(content).hexdigest()
    assert int(headers["Content-Length"]) == len(content)
    # Neither server kept it on its own disk.
    assert not list(site["logs"].glob("media-*/evidence/**/*.csv"))


def test_every_log_line_of_a_request_carries_the_id_nginx_gave_it(site):
    # An address the API does not have: Django logs the 404 (django.request).
    status, headers, _ = call(site["front"], "/api/v1/no-such-thing/")
    assert status == 404
    request_id = headers["X-Request-ID"]
    assert len(request_id) == 32
    time.sleep(0.5)
    lines = [
        json.loads(line)
        for name in ("a", "b")
        for line in (site["logs"] / f"{name}.log").read_text().splitlines()
        if line.startswith("{")
    ]
    mine = [line for line in lines if line["request_id"] == request_id]
    assert mine and all(line["level"] for line in mine)
    access = (site["logs"] / "nginx" / "access.log").read_text()
    assert request_id in access


def slow_client(base: str, stop: threading.Event) -> None:
    """Opens a connection, sends half a request, and dribbles a byte now and then."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as conn:
        conn.sendall(
            b"POST /sign-in/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
        )
        while not stop.wait(1):
            try:
                conn.sendall(b"x")
            except OSError:
                return


def test_slow_clients_do_not_stop_others_being_answered(site):
    stop = threading.Event()
    clients = [threading.Thread(target=slow_client, args=(site["front"], stop)) for _ in range(20)]
    for client in clients:
        client.start()
    try:
        time.sleep(1)
        started = time.monotonic()
        for _ in range(10):
            assert call(site["front"], "/healthz")[0] == 200
            assert call(site["front"], "/sign-in/")[0] == 200
        assert time.monotonic() - started < 10
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)


def return_for_more(site, inspector, submission) -> tuple[int, float]:
    """The inspector returns a submission through nginx: (status, seconds taken)."""
    started = time.monotonic()
    status, _, _ = call(
        site["front"],
        f"/api/v1/submissions/{submission.pk}/return/",
        token=token_for(inspector),
        body={"reason": "No costs"},
    )
    return status, time.monotonic() - started


def test_a_notice_owed_while_the_mail_server_is_down_is_sent_once_it_is_back(
    site, inspector, durham, liaison_durham
):
    mail = site["mail"]
    site["workers"]("one")
    assert call(site["front"], "/sign-in/")[0] == 200
    # The worker and the servers are connected, as the application's role; any other
    # connection is this test process's own (a live server left by another test here).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT usename FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        connected = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT current_user")
        (ours,) = cursor.fetchone()
    assert site["role"] in connected and connected <= {site["role"], ours}, connected
    work = build_plan(durham, liaison_durham)
    mail.down, mail.hold = True, 3.0
    status, took = return_for_more(site, inspector, work["submission"])
    # Answered sooner than the mail server answers anything (3 s): it was not asked.
    assert status == 200 and took < 3, took
    eventually(
        lambda: Message.objects.filter(state=Message.State.FAILED).exists(),
        what="the worker's first attempt refused",
    )
    assert mail.envelopes == []
    (job,) = jobs("notices.send_messages")
    assert job["status"] == "todo"  # to be tried again, later

    mail.down, mail.hold = False, 0.0
    eventually(
        lambda: Message.objects.filter(state=Message.State.SENT).exists(),
        what="the notice sent once the mail server is back",
    )
    (envelope,) = mail.envelopes
    assert envelope["to"] == ["liaison-durham@example.police.uk"]
    assert b"Submission returned" in envelope["data"]
    (message,) = Message.objects.all()  # recorded once, through every attempt
    assert message.attempts >= 2 and message.error == ""
    (job,) = jobs("notices.send_messages")
    assert job["status"] == "succeeded" and job["attempts"] >= 2


def test_two_workers_keeping_the_schedule_run_the_daily_reminders_once(site, liaison_durham):
    # Due in a few seconds (cron in UTC, seconds last): a worker up by then queues it
    # when it falls due, one up later catches it up on starting; the queue keeps one.
    due = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(seconds=6)
    cron = f"{due.minute} {due.hour} {due.day} {due.month} * {due.second}"
    site["workers"]("one", "two", PEELTRACK_DAILY_REMINDERS_CRON=cron)
    eventually(
        lambda: [j["status"] for j in jobs("notices.send_daily_reminders")] == ["succeeded"],
        what="the daily run done",
    )
    time.sleep(2)  # both workers past the time it fell due
    (job,) = jobs("notices.send_daily_reminders")
    assert job["args"] == {"timestamp": int(due.timestamp())} and job["attempts"] == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_periodic_defers WHERE periodic_id = 'daily'"
        )
        assert cursor.fetchone()[0] == 1
    # Durham's milestones, long overdue: each of its weekly notices sent once.
    sent = Message.objects.filter(state=Message.State.SENT)
    assert sent.exists() and sent.count() == Message.objects.count()
    assert len(site["mail"].envelopes) == sent.count()
    assert {tuple(e["to"]) for e in site["mail"].envelopes} == {
        ("liaison-durham@example.police.uk",)
    }


def test_a_job_whose_worker_is_killed_is_finished_by_another(
    site, inspector, durham, liaison_durham
):
    second = add_user(
        username="liaison-durham-2",
        role="liaison",
        password=PASSWORD,
        force=durham,
        email="liaison-durham-2@example.police.uk",
        check_password=False,
    )
    mail = site["mail"]
    work = build_plan(durham, liaison_durham)
    workers = site["workers"]("one", "two")
    mail.hold, mail.down = 60.0, True  # the first message is held until after the kill
    status, _ = return_for_more(site, inspector, work["submission"])
    assert status == 200
    assert mail.receiving.wait(30)
    (doing,) = [
        name
        for name in workers
        if "Starting job notices.send_messages" in (site["logs"] / f"worker-{name}.log").read_text()
    ]
    workers[doing].kill()  # SIGKILL: no chance to finish the job or to say goodbye
    workers[doing].wait()
    (job,) = jobs("notices.send_messages")
    assert job["status"] == "doing"
    mail.hold, mail.down = 0.0, False

    # Not heard from for 5 seconds, the dead worker's job is put back and the other
    # worker does it.
    eventually(
        lambda: [j["status"] for j in jobs("notices.send_messages")] == ["succeeded"],
        what="the killed worker's job done by the other",
    )
    other = next(name for name in workers if name != doing)
    said = (site["logs"] / f"worker-{other}.log").read_text()
    assert f"Job {job['id']} (notices.send_messages) was left by a stalled worker" in said
    assert "Starting job notices.send_messages" in said
    # The message in flight when the worker died may have reached the mail server: it
    # is never sent again, and send_reminders lists it. The other, never taken, is sent.
    in_flight = Message.objects.get(state=Message.State.SENDING)
    assert in_flight.recipient == liaison_durham
    assert Message.objects.get(recipient=second).state == Message.State.SENT
    assert [e["to"] for e in mail.envelopes] == [["liaison-durham-2@example.police.uk"]]


def test_readyz_says_503_while_postgresql_is_stopped_and_200_once_it_is_back(tmp_path):
    # A PostgreSQL server of the test's own, with a copy of this test database: the test
    # run's server is shared with other tests, which must not see it stop.
    dump = backups.backup(tmp_path / "backup")
    with ExitStack() as stack:
        database = stack.enter_context(serving.postgresql())
        database.restore(dump, "peeltrack")
        redis_url = stack.enter_context(serving.redis(tmp_path / "redis"))
        env = serving.environment(REDIS_URL=redis_url, DATABASE_URL=database.url("peeltrack"))
        # One thread, so one connection, kept between requests (DATABASE_CONN_MAX_AGE).
        server = stack.enter_context(serving.gunicorn(env, threads=1, log=tmp_path / "app.log"))
        front = stack.enter_context(serving.nginx(server, tmp_path / "nginx"))

        status, _, body = call(front, "/readyz")
        assert status == 200, body

        database.stop()
        status, headers, body = call(front, "/readyz")
        assert status == 503 and headers["Content-Type"] == "application/json"
        said = json.loads(body)
        assert said["status"] == "unavailable"
        assert said["checks"]["database"] == "unavailable"
        assert said["checks"]["cache"] == "ok"
        # Which part is down, and nothing an attacker could use.
        text = body.decode()
        for secret in (str(database.socket), "postgres", "peeltrack_", "Traceback", "password"):
            assert secret not in text
        assert call(front, "/healthz")[0] == 200  # the process itself is fine

        database.start()
        status, _, body = call(front, "/readyz")
        assert status == 200, body
        assert set(json.loads(body)["checks"].values()) == {"ok"}

        # Restarted between two requests: the connection kept from the last is found
        # broken before it is used (CONN_HEALTH_CHECKS) and replaced, so the next request
        # is answered as if nothing had happened.
        database.stop()
        database.start()
        assert call(front, "/readyz")[0] == 200
        assert call(front, "/sign-in/")[0] == 200
