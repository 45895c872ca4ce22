"""Inputs that once answered 500: each is now a clear 4xx, and every API error is JSON."""

import json

import pytest
from django.test import Client

from plans.models import ActionPlan
from tests.conftest import api_for

pytestmark = pytest.mark.django_db
TOO_BIG = "99999999999999999999"


@pytest.fixture
def liaison(liaison_durham):
    client = Client()
    client.force_login(liaison_durham)
    return client


def test_starting_a_plan_for_a_recommendation_that_is_not_a_number(liaison):
    assert liaison.post("/forces/durham/plans/start/", {"recommendation": "abc"}).status_code == 404
    assert (
        liaison.post("/forces/durham/plans/start/", {"recommendation": TOO_BIG}).status_code == 404
    )
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/evidence/{TOO_BIG}/",
        f"/evidence/{TOO_BIG}/withdraw/",
        f"/plans/{TOO_BIG}/",
        f"/assessments/{TOO_BIG}/",
        f"/progress/record/?corrects={TOO_BIG}",
    ],
)
def test_ids_too_large_for_the_database_are_not_found(inspector, liaison, url):
    client = liaison
    if "progress" in url:
        client = Client()
        client.force_login(inspector)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", [f"/api/v1/evidence/{TOO_BIG}/", f"/api/v1/action-plans/{TOO_BIG}/"]
)
def test_api_ids_too_large_are_a_json_404(manager, url):
    response = api_for(manager).get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("day", ["9999-12-02", "9999-12-31", "9999-01-02"])
def test_as_of_dates_at_the_end_of_the_calendar_are_refused(manager, day):
    response = api_for(manager).get("/api/v1/standings/", {"as_of": day})
    assert response.status_code == 400
    assert "before the year 9999" in json.dumps(response.json())


def test_a_deeply_nested_body_is_a_400_and_refused_before_it_is_read(inspector, manager):
    body = "[" * 100_000 + "]" * 100_000
    response = api_for(inspector).post(
        "/api/v1/progress-records/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    # Someone who may not record progress is refused before the body is parsed at all.
    response = api_for(manager).post(
        "/api/v1/progress-records/bulk/", body, content_type="application/json"
    )
    assert response.status_code == 403


def test_evidence_whose_file_has_gone_is_reported_not_a_server_error(
    liaison, liaison_durham, durham_work
):
    evidence = durham_work["evidence"]
    evidence.file.storage.delete(evidence.file.name)
    response = liaison.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 404
    assert (
        "is missing" in response.content.decode() and evidence.sha256 in response.content.decode()
    )
    response = api_for(liaison_durham).get(f"/api/v1/evidence/{evidence.pk}/file/")
    assert response.status_code == 404
    assert "missing from storage" in response.json()["detail"]


def test_a_body_over_the_limit_gets_a_json_400_from_the_api(inspector):
    body = json.dumps({"note": "x" * (6 * 1024 * 1024)})
    response = api_for(inspector).post(
        "/api/v1/progress-records/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_page_given_a_huge_page_number_is_not_an_error(signed_in):
    assert signed_in.get("/forces/durham/", {"history_page": TOO_BIG}).status_code == 200


@pytest.mark.parametrize("value", ["²", "①", "١٢", "12\u200b"])
def test_ids_in_unicode_digits_are_not_found_rather_than_an_error(inspector, liaison, value):
    client = Client()
    client.force_login(inspector)
    assert client.get("/progress/record/", {"corrects": value}).status_code == 404
    response = liaison.post("/forces/durham/plans/start/", {"recommendation": value})
    assert response.status_code == 404
    assert not ActionPlan.objects.exists()


def test_dates_typed_in_unicode_digits_are_a_form_error(inspector):
    client = Client()
    client.force_login(inspector)
    response = client.post(
        "/progress/record/",
        {
            "owner": "force:durham",
            "milestone": "R4-review",
            "status": "in_progress",
            "effective_on_0": "²",
            "effective_on_1": "9",
            "effective_on_2": "2018",
        },
    )
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()


@pytest.fixture
def gunicorn_server(reference_data, tmp_path):
    from core import serving

    log = tmp_path / "gunicorn.log"
    with serving.gunicorn(serving.environment(DJANGO_LOG_LEVEL="ERROR"), log=log) as base:
        yield base


def test_an_overlong_address_is_answered_by_the_site_not_gunicorn(gunicorn_server):
    import requests

    long_query = "q=" + "x" * 20_000
    api = requests.get(f"{gunicorn_server}/api/v1/forces/?{long_query}", timeout=30)
    assert api.status_code == 414
    assert api.headers["Content-Type"] == "application/json"
    assert "at most 8,192" in api.json()["detail"]
    page = requests.get(f"{gunicorn_server}/forces/?{long_query}", timeout=30)
    assert page.status_code == 414
    assert "That address is too long" in page.text and "govuk-template" in page.text


def test_an_address_within_the_limit_is_answered(signed_in):
    assert signed_in.get("/forces/", {"q": "d" * 4_000}).status_code == 200


@pytest.mark.parametrize("value", ["exe", "yaml.exe", "csv"])
def test_the_schema_refuses_a_format_it_does_not_have_in_json(value):
    response = Client().get("/api/schema/", {"format": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["format"] == ["Use one of: yaml, json."]


def test_the_schema_still_comes_as_yaml_and_json():
    assert Client().get("/api/schema/")["Content-Type"].startswith("application/vnd.oai.openapi")
    assert Client().get("/api/schema/", {"format": "json"}).json()["openapi"].startswith("3.")
