"""Health, for load balancers and monitoring: /healthz says the process answers;
/readyz says whether it can do its work (the database reachable and fully migrated,
the cache reachable, evidence storage writable, and on PostgreSQL the job queue's tables
reachable; on SQLite there is no queue, and the check says "not applicable"). JSON, no
sign-in, nothing secret: each check is named with "ok" or a short reason, never an
address, a password or a trace.

A load balancer takes a server out of service while /readyz says 503 and back when it
says 200; /healthz failing means the process itself should be restarted."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import jobs

logger = logging.getLogger(__name__)


class NotReady(Exception):
    """A check's short, public reason."""


class NotApplicable(Exception):
    """The part checked is not used here: reported so, and no reason to say 503."""


NOT_APPLICABLE = "not applicable"


def database() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise NotReady("migrations not applied")


def cache_store() -> None:
    key = f"peeltrack:readyz:{secrets.token_hex(8)}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise NotReady("cache does not keep what is written")
    cache.delete(key)


def storage() -> None:
    store = storages["default"]
    name = store.save(f"readyz/{secrets.token_hex(8)}.txt", ContentFile(b"ready"))
    try:
        with store.open(name) as written:
            if written.read() != b"ready":
                raise NotReady("storage does not return what is written")
    finally:
        store.delete(name)


def job_queue() -> None:
    if not jobs.queue_installed():
        raise NotApplicable
    try:
        jobs.check_queue()
    except LookupError as missing:
        raise NotReady(str(missing)) from None


# Each check, by the name /readyz reports it under.
CHECKS: dict[str, Callable[[], None]] = {
    "database": database,
    "cache": cache_store,
    "storage": storage,
    "job queue": job_queue,
}


def readiness() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except NotApplicable:
            results[name] = NOT_APPLICABLE
        except NotReady as reason:
            results[name] = str(reason)
        except Exception as error:  # a check's failure is the answer, not a 500
            # The detail goes to the log, where operators read it; the page says only
            # which part is down.
            logger.warning(
                "readyz: %s failed: %r %s", name, error, getattr(error, "filename", "") or ""
            )
            results[name] = "unavailable"
        else:
            results[name] = "ok"
        logger.debug("readyz: %s in %.1f ms", name, (time.monotonic() - started) * 1000)
    return all(value in ("ok", NOT_APPLICABLE) for value in results.values()), results


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    ready, checks = readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
