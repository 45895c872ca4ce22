"""Conditional GET and cached results: unchanged pages cost a 304, and nothing cached is
ever shown after a write that changes it."""

import datetime
import hashlib
import urllib.request

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.history import data_version
from core import serving
from core.dates import today
from recommendations.models import Milestone
from recommendations.services import record_progress
from tests.conftest import api_for, token_for

pytestmark = pytest.mark.django_db

READS = [
    "/?as_of=2018-10-01",
    "/reports/overdue/?as_of=2018-10-01",
    "/reports/overdue/?as_of=2018-10-01&format=csv",
    "/reports/overdue/?as_of=2018-10-01&format=xlsx",
    "/forces/durham/?as_of=2018-10-01",
    "/reports/peel-effectiveness-2017/recommendation-4/?as_of=2018-10-01",
]


def write(inspector, durham, status="met"):
    record_progress(
        milestone=Milestone.objects.get(code="R4-review"),
        force=durham,
        status=status,
        effective_on=datetime.date(2018, 9, 20),
        note="Bail review seen",
        by=inspector,
    )


@pytest.mark.parametrize("url", READS)
def test_an_unchanged_page_is_a_304_without_the_work(signed_in, url):
    first = signed_in.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    with CaptureQueriesContext(connection) as queries:
        again = signed_in.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # The session, its user and the data version: nothing of the page itself.
    assert len(queries) <= 3


@pytest.mark.parametrize("url", READS)
def test_a_write_changes_the_tag_and_the_page(signed_in, inspector, durham, url):
    before = signed_in.get(url)
    write(inspector, durham)
    after = signed_in.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert after.content != before.content


def test_cached_content_is_never_stale_after_a_write(signed_in, inspector, durham):
    def durhams_cell():
        html = signed_in.get("/?as_of=2018-10-01").content.decode()
        row = html[html.index('data-force="durham"') :]
        return row[row.index('data-milestone="R4-review"') :][:200]

    assert "Overdue" in durhams_cell()
    assert "Overdue" in durhams_cell()  # from the cache now
    write(inspector, durham)
    assert "Met" in durhams_cell() and "Overdue" not in durhams_cell()
    write(inspector, durham, status="in_progress")
    assert "Overdue" in durhams_cell()


def test_the_api_answers_conditional_gets_and_is_never_stale(manager, inspector, durham):
    api = api_for(manager)
    first = api.get("/api/v1/overdue/", {"as_of": "2018-10-01"})
    assert (
        api.get(
            "/api/v1/overdue/", {"as_of": "2018-10-01"}, HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )
    write(inspector, durham)
    after = api.get("/api/v1/overdue/", {"as_of": "2018-10-01"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert len(after.json()) == len(first.json()) - 1


def test_tags_differ_between_people(signed_in, inspector):
    other = Client()
    other.force_login(inspector)
    assert signed_in.get("/")["ETag"] != other.get("/")["ETag"]


def test_a_page_with_a_message_waiting_is_shown_in_full(client, liaison_durham, inspector):
    client.force_login(inspector)
    first = client.get("/")
    client.get("/forces/mine/")  # leaves a message for the next page
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Only force liaisons have a force of their own" in again.content.decode()


def test_cached_fragments_are_kept_per_kind_of_reader(liaison_durham, manager):
    cache.clear()
    reader = Client()
    reader.force_login(manager)
    assert 'href="/forces/kent/' in reader.get("/").content.decode()
    liaison = Client()
    liaison.force_login(liaison_durham)
    html = liaison.get("/").content.decode()
    assert 'href="/forces/kent/' not in html and 'href="/forces/durham/' in html


# Conditional GET answers only people who have proved who they are. Before that, a 304
# would tell a stranger (or a revoked token) that their copy is current, and the data
# version behind it: how many writes have happened.

GUESSED_VERSIONS = range(200)


def guessed_tags(release: str, who: str, path: str, accept: str = "application/json") -> str:
    """Every tag an outsider could compute offline, were a tag a plain digest of the
    release, the data version, the day, the Authorization header, the address and Accept."""
    tags = []
    for version in GUESSED_VERSIONS:
        parts = [release, str(version), today().isoformat(), who, path, accept]
        tags.append('W/"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"')
    return ", ".join(tags)


def test_a_token_revoked_by_a_password_change_gets_401_even_with_a_matching_tag(manager):
    api = api_for(manager)
    etag = api.get("/api/v1/forces/")["ETag"]
    manager.set_password("a-new-long-passphrase-2018")
    manager.save()
    response = api.get("/api/v1/forces/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 401
    assert "revoked when its owner's password changed" in response.json()["detail"]


def test_a_deactivated_persons_token_gets_401_even_with_a_matching_tag(manager):
    api = api_for(manager)
    etag = api.get("/api/v1/forces/")["ETag"]
    manager.is_active = False
    manager.save()
    assert api.get("/api/v1/forces/", HTTP_IF_NONE_MATCH=etag).status_code == 401


@pytest.mark.parametrize("url", ["/api/v1/forces/", "/api/v1/overdue/?as_of=2018-10-01"])
def test_a_made_up_token_gets_401_whatever_tags_it_sends(url, manager, settings):
    settings.PEELTRACK_RELEASE = "2026.12.1"  # a release anyone could read off a changelog
    assert data_version() in GUESSED_VERSIONS
    api = APIClient()
    who = "Token made-up-0123456789"
    api.credentials(HTTP_AUTHORIZATION=who)
    for sent in [guessed_tags(settings.PEELTRACK_RELEASE, who, url), "*"]:
        response = api.get(url, HTTP_IF_NONE_MATCH=sent, HTTP_ACCEPT="application/json")
        assert response.status_code == 401
        assert not response.has_header("ETag")


def test_a_page_asked_for_with_a_made_up_token_and_guessed_tags_is_sent_to_sign_in(
    client, settings
):
    settings.PEELTRACK_RELEASE = "2026.12.1"
    url = "/?as_of=2018-10-01"
    who = "Token made-up-0123456789"
    response = client.get(
        url,
        HTTP_AUTHORIZATION=who,
        HTTP_IF_NONE_MATCH=guessed_tags(settings.PEELTRACK_RELEASE, who, url, accept=""),
    )
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_tags_are_keyed_with_the_server_secret(manager, settings):
    """A tag cannot be worked out offline from what a reader knows: it needs SECRET_KEY."""
    api = api_for(manager)
    first = api.get("/api/v1/forces/")["ETag"]
    settings.SECRET_KEY = "another-secret-for-another-deployment"
    assert api.get("/api/v1/forces/")["ETag"] != first


def test_a_reader_asking_for_any_tag_gets_a_304_only_for_what_exists(manager):
    api = api_for(manager)
    assert api.get("/api/v1/forces/durham/", HTTP_IF_NONE_MATCH="*").status_code == 304
    assert api.get("/api/v1/forces/atlantis/", HTTP_IF_NONE_MATCH="*").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_servers_of_the_same_code_give_one_tag_for_one_page(manager, tmp_path):
    """Without PEELTRACK_RELEASE, every process of the same code must agree on the tag:
    gunicorn (or a load balancer) sends one reader's requests to any of them. Two servers,
    not only two workers of one, since which worker answers is the kernel's choice."""
    headers = {"Authorization": f"Token {token_for(manager)}"}
    env = serving.environment()
    env.pop("PEELTRACK_RELEASE", None)
    with (
        serving.gunicorn(env, workers=2, log=tmp_path / "one.log") as one,
        serving.gunicorn(env, log=tmp_path / "two.log") as two,
    ):
        tags = set()
        for base in [one, two] * 3:
            request = urllib.request.Request(base + "/api/v1/forces/", headers=headers)
            with urllib.request.urlopen(request, timeout=30) as response:
                tags.add(response.headers["ETag"])
    assert len(tags) == 1 and None not in tags
