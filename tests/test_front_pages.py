"""Each role signs in to its own front page, and that page answers first what the role
needs first."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(username, next_page=None):
    client = Client()
    query = f"?next={next_page}" if next_page else ""
    return client, client.post(f"/sign-in/{query}", {"username": username, "password": PASSWORD})


@pytest.mark.parametrize(
    ("who", "lands_on"),
    [
        ("liaison_durham", "/forces/mine/"),
        ("inspector", "/assessments/"),
        ("manager", "/"),
    ],
)
def test_each_role_lands_on_its_own_front_page(request, who, lands_on):
    user = request.getfixturevalue(who)
    client, response = sign_in(user.username)
    assert response.status_code == 302 and response["Location"] == lands_on
    if lands_on == "/forces/mine/":
        assert client.get(lands_on)["Location"] == "/forces/durham/"


def test_a_page_asked_for_comes_first(liaison_durham):
    _client, response = sign_in(liaison_durham.username, "/reports/")
    assert response["Location"] == "/reports/"


def test_a_liaisons_force_page_opens_with_what_is_due_and_what_came_back(
    liaison_durham, durham_work
):
    client = Client()
    client.force_login(liaison_durham)
    html = client.get("/forces/durham/", {"as_of": "2018-10-01"}).content.decode()
    start = html.index('id="next-up"')
    assert start < html.index("Grades:")
    panel = html[start : html.index("</div>\n</div>", start)]
    assert "Due next" in panel and "overdue</strong></a> as of 1 October 2018" in panel
    assert "2 overdue" in panel and "the oldest due 30 September 2018" in panel
    # Names first, the code after.
    assert (
        "Recommendation 1 — Force has reviewed its neighbourhood policing against the "
        "guidelines (R1-review), due 31 October 2018" in panel
    )
    assert "1 awaiting an inspector" in panel


def test_the_queue_says_how_many_wait_and_for_how_long(inspector, durham_work):
    submission = durham_work["submission"]
    client = Client()
    client.force_login(inspector)
    html = client.get("/assessments/").content.decode()
    waited = (timezone.localdate() - timezone.localdate(submission.submitted_at)).days
    day = timezone.localdate(submission.submitted_at)
    assert f"<strong>1</strong> awaiting assessment. The oldest has waited {waited} day" in html
    assert f"since {day.day} {day:%B %Y}" in html
    assert isinstance(day, datetime.date)
