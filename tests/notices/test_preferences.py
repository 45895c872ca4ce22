"""Each person's email and calendars page: digests on or off, calendar addresses made,
renewed and stopped; a liaison's reminders cannot be turned off."""

import pytest
from django.test import Client

from audit.models import HistoryEntry
from notices.models import CalendarKey, Preferences

pytestmark = pytest.mark.django_db

PAGE = "/account/email-and-calendars/"


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_page_is_linked_from_the_signed_in_line(manager):
    assert f'href="{PAGE}"' in signed_in(manager).get("/").content.decode()


def test_a_manager_turns_digests_off_and_on_again(manager):
    client = signed_in(manager)
    assert "Send me digests" in client.get(PAGE).content.decode()
    response = client.post(PAGE, {"digests": "off"}, follow=True)
    assert "Digests turned off" in response.content.decode()
    assert Preferences.objects.get(user=manager).digests is False
    client.post(PAGE, {"digests": "on"})
    assert Preferences.objects.get(user=manager).digests is True
    summaries = list(HistoryEntry.objects.values_list("summary", flat=True).order_by("id"))
    assert summaries[-2:] == [
        "Mary Manager turned their digests off",
        "Mary Manager turned their digests on",
    ]


def test_no_choice_is_an_error_on_the_form(inspector):
    response = signed_in(inspector).post(PAGE, {})
    assert response.status_code == 400
    assert "Select whether to send you digests" in response.content.decode()


def test_a_liaison_is_told_their_reminders_cannot_be_turned_off(liaison_durham):
    page = signed_in(liaison_durham).get(PAGE).content.decode()
    assert "cannot be turned off" in page
    assert "Send me digests" not in page


def test_calendar_addresses_are_made_renewed_and_stopped_by_their_owner(liaison_durham):
    client = signed_in(liaison_durham)
    assert "Make calendar addresses" in client.get(PAGE).content.decode()
    client.post(f"{PAGE}calendars/renew/")
    first = CalendarKey.objects.get(user=liaison_durham)
    page = client.get(PAGE).content.decode()
    assert f"http://testserver/calendars/{first.pk}/{first.secret}/milestones.ics" in page
    assert f"/calendars/{first.pk}/{first.secret}/forces/durham.ics" in page

    client.post(f"{PAGE}calendars/renew/")
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert CalendarKey.objects.filter(user=liaison_durham, revoked_at__isnull=True).count() == 1

    response = client.post(f"{PAGE}calendars/stop/", follow=True)
    assert "Calendar addresses stopped" in response.content.decode()
    assert not CalendarKey.objects.filter(user=liaison_durham, revoked_at__isnull=True).exists()
    response = client.post(f"{PAGE}calendars/stop/", follow=True)
    assert "already been stopped" in response.content.decode()


def test_nobody_changes_another_persons_settings(manager, liaison_durham):
    from core.refusals import Refused
    from notices.services import renew_calendar_key, set_digests

    with pytest.raises(Refused):
        set_digests(user=liaison_durham, digests=False, by=manager)
    with pytest.raises(Refused):
        renew_calendar_key(user=liaison_durham, by=manager)


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
