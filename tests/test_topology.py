"""Past one machine, on loopback: PostgreSQL, Redis, two gunicorn app servers and nginx
in front, all started and stopped here. The two servers behave as one site: a write
through one is read at once through the other, evidence uploaded through one downloads
through the other, one token's writes are limited across both together, their ETags
agree, and slow clients held by nginx keep no one else waiting. (PostgreSQL only: SQLite is the one-machine default.)

gunicorn runs gthread workers: a request's thread waits on the database while the
worker's other threads answer, and nginx buffers whole requests and answers, so a slow
client never holds a thread at all; sync workers would each be held by one request."""

import hashlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest
from django.db import connection

from core import serving
from tests.conftest import token_for

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


@pytest.fixture
def site(reference_data, tmp_path):
    """Redis, two app servers (A and B) sharing it and the database, nginx before both."""
    with ExitStack() as stack:
        redis_url = stack.enter_context(serving.redis(tmp_path / "redis"))
        env = serving.environment(
            REDIS_URL=redis_url,
            PEELTRACK_API_WRITE_RATE=f"{WRITE_LIMIT}/minute",
            PEELTRACK_CLIENT_ADDRESS_HEADER="X-Forwarded-For",
            PEELTRACK_LOG_FORMAT="json",
        )
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
        yield {"a": servers[0], "b": servers[1], "front": front, "logs": tmp_path}


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
