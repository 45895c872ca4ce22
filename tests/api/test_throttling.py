"""Per-token rate limits: reads and writes counted apart, 429 with Retry-After."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import api_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"read": "3/minute", "write": "2/minute"},
    }


def test_a_token_over_its_read_limit_gets_429_with_retry_after(small_limits, manager, inspector):
    client = api_for(manager)
    for _ in range(3):
        assert client.get("/api/v1/forces/").status_code == 200
    response = client.get("/api/v1/forces/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")
    # Another token has its own count.
    assert api_for(inspector).get("/api/v1/forces/").status_code == 200


def test_writes_are_counted_apart_from_reads(small_limits, inspector):
    client = api_for(inspector)
    body = {"milestone": "R9", "force": "durham", "status": "met", "effective_on": "2018-09-20"}
    for _ in range(2):
        assert client.post("/api/v1/progress-records/", body, format="json").status_code == 400
    assert client.post("/api/v1/progress-records/", body, format="json").status_code == 429
    assert client.get("/api/v1/forces/").status_code == 200


@pytest.mark.parametrize("value", ["600", "600/fortnight", "0/minute", "lots"])
def test_a_bad_rate_in_the_environment_fails_loudly(monkeypatch, value):
    from peeltrack.settings import env_rate

    monkeypatch.setenv("PEELTRACK_API_READ_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="PEELTRACK_API_READ_RATE"):
        env_rate("PEELTRACK_API_READ_RATE", "600/minute")
