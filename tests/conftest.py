import datetime
import os

import pytest

from forces.models import Force, NationalBody
from recommendations.models import Milestone, ProgressRecord

# Playwright's sync API runs an event loop in this thread; the browser tests only
# touch the database between page actions, never from inside the loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def durham(db):
    return Force.objects.get(slug="durham")


@pytest.fixture
def kent(db):
    return Force.objects.get(slug="kent")


@pytest.fixture
def milestone(db):
    def get(code: str) -> Milestone:
        return Milestone.objects.select_related("national_body", "recommendation").get(code=code)

    return get


@pytest.fixture
def record(db, milestone):
    """Append a progress record: record(force_or_body, code, status, "2018-09-01", note=…)."""

    def add(owner, code, status, effective_on, **extra):
        owner_field = "force" if isinstance(owner, Force) else "national_body"
        assert isinstance(owner, (Force, NationalBody))
        return ProgressRecord.objects.create(
            milestone=milestone(code),
            status=status,
            effective_on=datetime.date.fromisoformat(effective_on),
            **{owner_field: owner},
            **extra,
        )

    return add


@pytest.fixture(autouse=True)
def plain_http(settings):
    # Production redirects to HTTPS; the test client and live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
