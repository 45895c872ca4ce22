"""When SQLite's one writer holds the database past the wait, people are told to retry."""

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from core.middleware import BusyDatabaseMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path, kind", [("/plans/1/summary/", "text/html"), ("/api/v1/x/", "json")])
def test_a_locked_database_is_a_503_that_says_when_to_retry(manager, path, kind):
    request = RequestFactory().post(path)
    request.user = manager
    middleware = BusyDatabaseMiddleware(lambda r: HttpResponse())
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert kind in response["Content-Type"]
    assert "Nothing you sent has been saved" in response.content.decode()


def test_other_database_errors_are_not_disguised(manager):
    request = RequestFactory().get("/")
    middleware = BusyDatabaseMiddleware(lambda r: HttpResponse())
    assert middleware.process_exception(request, OperationalError("disk I/O error")) is None
