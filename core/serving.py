"""gunicorn serving this project on a loopback port, for the benchmark and the tests that
use the API as an outside program would; and nginx in front of it, as the shared cache
and proxy of deploy/nginx.conf.template."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

from . import backups


class ServerDidNotStart(RuntimeError):
    pass


def environment(**extra: str) -> dict[str, str]:
    """The environment of a production-like server (DEBUG off, plain HTTP on loopback)
    on the database this process uses, with `extra` on top."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    # The database by name, so that a test database (not the configured one) is served.
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        url = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(name)
    return {**env, **extra}


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    workers: int = 1,
    threads: int = 1,
    worker_class: str = "gthread",
    ready_path: str = "/sign-in/",
    log: Path | None = None,
) -> Iterator[str]:
    """Serve the project from gunicorn; yields its base URL and stops it on leaving.

    The socket is bound here and handed to gunicorn, so no other program can take the
    port between choosing it and using it.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    log_file = open(log, "w") if log else None  # noqa: SIM115 (closed with the server)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "peeltrack.wsgi",
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            worker_class,
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        pass_fds=[listener.fileno()],
        stdout=subprocess.DEVNULL if log_file else None,
        stderr=log_file,
    )
    try:
        wait_until_up(base + ready_path, server, log)
        yield base
    finally:
        stop(server)
        listener.close()
        if log_file:
            log_file.close()


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop; kill it if it has not within 15 seconds."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path | None) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = log.read_text() if log else "see its output above"
            raise ServerDidNotStart(f"The server stopped while starting: {said}")
        try:
            urllib.request.urlopen(url, timeout=30).close()
            return
        except (OSError, urllib.error.URLError):
            # Refused, reset or timed out (TimeoutError is an OSError): not up yet.
            time.sleep(0.2)
    raise ServerDidNotStart("The server did not start within 60 seconds.")


NGINX_TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx.conf.template"


def free_port() -> int:
    """A loopback port nothing listens on now (nginx binds its own, so a port is chosen
    and freed first; a clash is reported as the server not starting)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def nginx(
    upstream: str | list[str], prefix: Path, *, ready_path: str = "/sign-in/"
) -> Iterator[str]:
    """nginx from deploy/nginx.conf.template in front of the app servers at `upstream`
    (base URLs), with everything it writes under `prefix`; yields its base URL."""
    upstreams = [upstream] if isinstance(upstream, str) else upstream
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # Run as root (as a test may be), nginx's workers would be nobody, who may not
    # write under a private temporary folder: they run as the user who started it.
    user = "user root;" if os.geteuid() == 0 else ""
    config = NGINX_TEMPLATE.read_text()
    for name, value in {
        "prefix": str(prefix),
        "user": user,
        "upstreams": " ".join(f"server {urlsplit(each).netloc};" for each in upstreams),
        # The evidence limit, and a megabyte for the form around the file.
        "max_body": str(settings.PEELTRACK_EVIDENCE_MAX_BYTES + 1024 * 1024),
        "listen": f"127.0.0.1:{port}",
    }.items():
        config = config.replace(f"@{name}@", value)
    conf = prefix / "nginx.conf"
    conf.write_text(config)
    log = prefix / "error.log"
    server = subprocess.Popen(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(prefix)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + ready_path, server, log)
        yield base
    finally:
        stop(server)


@contextlib.contextmanager
def redis(folder: Path) -> Iterator[str]:
    """Debian's redis-server on a Unix socket in `folder`, with nothing saved to disk;
    yields its REDIS_URL (unix://…) and stops it on leaving."""
    folder.mkdir(parents=True, exist_ok=True)
    sock = folder / "redis.sock"
    log = folder / "redis.log"
    server = subprocess.Popen(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
            "--logfile",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while not sock.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                said = log.read_text() if log.exists() else ""
                raise ServerDidNotStart(f"redis-server did not start: {said}")
            time.sleep(0.05)
        yield f"unix://{sock}"
    finally:
        stop(server)


@contextlib.contextmanager
def workers(
    env: dict[str, str], names: list[str], *, logs: Path, options: tuple[str, ...] = ()
) -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    """Job workers (`manage.py procrastinate worker --name NAME`, as docs/operations.md
    runs them) on the database `env` names, started side by side; yields their processes
    by name once each has told the queue it is up, and stops them on leaving (SIGTERM:
    the job in hand finishes first). Each one's log is `logs`/worker-NAME.log."""

    def started_since(newest: int) -> int:
        # Counting rows would miss a worker that started by removing a dead one.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM procrastinate_workers WHERE id > %s", [newest])
            return int(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_workers")
        newest = int(cursor.fetchone()[0])
    with contextlib.ExitStack() as stack:
        processes = {}
        for name in names:
            log_file = stack.enter_context(open(logs / f"worker-{name}.log", "w"))
            processes[name] = subprocess.Popen(
                [sys.executable, "manage.py", "procrastinate", "worker", "--name", name, *options],
                env=env,
                cwd=settings.BASE_DIR,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            stack.callback(stop_unless_gone, processes[name])
        deadline = time.monotonic() + 60
        while started_since(newest) < len(names):
            stopped = [name for name, p in processes.items() if p.poll() is not None]
            if stopped or time.monotonic() > deadline:
                said = (logs / f"worker-{(stopped or names)[0]}.log").read_text()
                raise ServerDidNotStart(f"A worker did not start: {said}")
            time.sleep(0.1)
        yield processes


def stop_unless_gone(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        stop(process)


class PostgreSQL:
    """A PostgreSQL server of its own, on a Unix socket in `folder`, that a test may stop
    and start again (the test run's own server is shared with others)."""

    def __init__(self, folder: Path, bin_dir: Path) -> None:
        self.folder = folder
        self.bin = bin_dir
        self.data = folder / "data"
        self.socket = folder / "socket"
        # initdb and pg_ctl refuse to run as root.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def url(self, database: str) -> str:
        host = str(self.socket).replace("/", "%2F")
        return f"postgres://postgres@{host}/{database}"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_owner, str(self.bin / tool), *args],
            check=True,
            cwd="/",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def create(self) -> None:
        self.data.mkdir(mode=0o700)
        self.socket.mkdir(mode=0o755)
        if self.as_owner:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.socket, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
            "--encoding=UTF8", "--no-locale",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-c listen_addresses='' -k {self.socket} -c fsync=off"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "start", "-o", options)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restore(self, dump: Path, database: str) -> None:
        """A new database here from a backup (core.backups' format)."""
        to = ["-h", str(self.socket), "-U", "postgres"]
        subprocess.run([str(self.bin / "createdb"), *to, database], check=True, cwd="/")
        subprocess.run(
            [
                str(self.bin / "pg_restore"),
                *to,
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                f"--dbname={database}",
                str(dump),
            ],
            check=True,
            cwd="/",
        )


@contextlib.contextmanager
def postgresql() -> Iterator[PostgreSQL]:
    """A new PostgreSQL server of the version this process's server runs, started;
    stopped and removed on leaving. Its folder is one that the server's own user may
    enter (a test's temporary folder may not be)."""
    folder = Path(tempfile.mkdtemp(prefix="peeltrack-pg-"))
    folder.chmod(0o755)
    server = PostgreSQL(folder, Path(backups.tool("pg_ctl")).parent)
    try:
        server.create()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
