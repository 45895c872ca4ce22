"""Calendar feeds: parsed back with icalendar, answering only to a secret in use, and
only with what the secret's owner may see."""

import datetime

import icalendar
import pytest
import time_machine
from django.test import Client

from notices.models import CalendarKey
from notices.services import renew_calendar_key, revoke_calendar_key

from .conftest import at

pytestmark = pytest.mark.django_db


def key_for(person) -> CalendarKey:
    return renew_calendar_key(user=person, by=person)


def feed(url: str) -> icalendar.Calendar:
    with time_machine.travel(at("2018-10-01", 9), tick=False):
        response = Client().get(url)  # no session: a calendar program
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_a_forces_feed_has_each_milestone_in_scope_on_its_due_date_with_todays_status(
    liaison_durham, durham, record
):
    record(durham, "R2-plan", "in_progress", "2018-08-01")
    record(durham, "R4-review", "met", "2018-09-28")
    key = key_for(liaison_durham)
    calendar = feed(f"/calendars/{key.pk}/{key.secret}/forces/durham.ics")
    assert str(calendar["X-WR-CALNAME"]) == "peeltrack: Durham's deadlines"
    found = events(calendar)
    # Durham (graded outstanding for vulnerability) is not in R3-first-review's cohort.
    assert sorted(found) == [
        "Recommendation 1 (R1-review) due – Durham",
        "Recommendation 2 (R2-plan) due – Durham",
        "Recommendation 4 (R4-review) due – Durham",
    ]
    plan = found["Recommendation 2 (R2-plan) due – Durham"]
    assert plan.start == datetime.date(2018, 9, 30)
    assert plan.end == datetime.date(2018, 10, 1)
    assert str(plan["uid"]) == "R2-plan.durham@peeltrack"
    assert "Status as of Monday 1 October 2018: Overdue (In progress, 1 day overdue)." in str(
        plan["description"]
    )
    assert str(plan["url"]) == "http://127.0.0.1:8000/forces/durham/"
    assert "Status as of Monday 1 October 2018: Met." in str(
        found["Recommendation 4 (R4-review) due – Durham"]["description"]
    )
    assert "Due soon" not in str(found["Recommendation 1 (R1-review) due – Durham"]["description"])
    assert "due in 30 days" in str(
        found["Recommendation 1 (R1-review) due – Durham"]["description"]
    )


def test_the_all_milestones_feed_counts_where_forces_and_national_bodies_stand(
    manager, kent, record
):
    record(kent, "R2-plan", "met", "2018-09-20")
    key = key_for(manager)
    found = events(feed(f"/calendars/{key.pk}/{key.secret}/milestones.ics"))
    # Every dated milestone of every report: the 2017 report's seven and the 2016
    # inspection's two with a deadline (the others have none, so no day to be shown on).
    assert len(found) == 9
    plan = str(found["Recommendation 2 (R2-plan) due – Forces"]["description"])
    assert "Status as of Monday 1 October 2018: 43 forces in scope: 1 met, 42 overdue." in plan
    guidelines = [e for name, e in found.items() if "(R1-guidelines)" in name][0]
    assert "Overdue (Not started, 184 days overdue), escalated" in str(guidelines["description"])


def test_a_liaison_gets_their_own_forces_feed_and_no_other(liaison_durham):
    key = key_for(liaison_durham)
    assert Client().get(f"/calendars/{key.pk}/{key.secret}/forces/durham.ics").status_code == 200
    assert Client().get(f"/calendars/{key.pk}/{key.secret}/forces/kent.ics").status_code == 404


def test_managers_and_inspectors_get_any_forces_feed(manager, inspector):
    for person in (manager, inspector):
        key = key_for(person)
        response = Client().get(f"/calendars/{key.pk}/{key.secret}/forces/kent.ics")
        assert response.status_code == 200


def test_a_revoked_or_renewed_address_is_a_404(liaison_durham):
    old = key_for(liaison_durham)
    new = key_for(liaison_durham)  # renewing revokes the old one
    assert Client().get(f"/calendars/{old.pk}/{old.secret}/milestones.ics").status_code == 404
    assert Client().get(f"/calendars/{new.pk}/{new.secret}/milestones.ics").status_code == 200
    revoke_calendar_key(user=liaison_durham, by=liaison_durham)
    assert Client().get(f"/calendars/{new.pk}/{new.secret}/milestones.ics").status_code == 404
    assert Client().get(f"/calendars/{new.pk}/{new.secret}/forces/durham.ics").status_code == 404


def test_a_wrong_secret_or_another_persons_key_is_a_404(liaison_durham, manager):
    key = key_for(liaison_durham)
    theirs = key_for(manager)
    assert Client().get(f"/calendars/{key.pk}/{key.secret[:-1]}x/milestones.ics").status_code == 404
    assert Client().get(f"/calendars/{key.pk}/{theirs.secret}/milestones.ics").status_code == 404


def test_an_address_stops_working_when_its_owner_leaves_or_moves_force(liaison_durham, kent):
    from accounts.services import change_role

    key = key_for(liaison_durham)
    change_role(user=liaison_durham, role="liaison", force=kent, by=None)
    assert Client().get(f"/calendars/{key.pk}/{key.secret}/forces/durham.ics").status_code == 404
    assert Client().get(f"/calendars/{key.pk}/{key.secret}/forces/kent.ics").status_code == 200
    liaison_durham.is_active = False
    liaison_durham.save()
    assert Client().get(f"/calendars/{key.pk}/{key.secret}/milestones.ics").status_code == 404


def test_secrets_are_long_random_and_one_in_use_per_person(liaison_durham):
    first, second = key_for(liaison_durham), key_for(liaison_durham)
    assert len(first.secret) >= 43 and first.secret != second.secret
    assert CalendarKey.objects.filter(user=liaison_durham, revoked_at__isnull=True).get() == second


def test_the_force_page_and_dashboard_link_to_the_readers_own_feed(liaison_durham, manager):
    durham_key, manager_key = key_for(liaison_durham), key_for(manager)
    for person, key in [(liaison_durham, durham_key), (manager, manager_key)]:
        client = Client()
        client.force_login(person)
        force_page = client.get("/forces/durham/").content.decode()
        assert f"/calendars/{key.pk}/{key.secret}/forces/durham.ics" in force_page
        dashboard = client.get("/").content.decode()
        assert f"/calendars/{key.pk}/{key.secret}/milestones.ics" in dashboard
    # Cached page content is shared by readers of one kind: the secret never is.
    other = persona_manager_without_key()
    client = Client()
    client.force_login(other)
    page = client.get("/").content.decode()
    assert manager_key.secret not in page
    assert "set up your calendar addresses" in page


def persona_manager_without_key():
    from accounts.services import add_user

    return add_user(
        username="manager-2", role="manager", password=None, email="m2@example.police.uk"
    )
