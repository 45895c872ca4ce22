"""A person's language, kept on their account: chosen on their email and calendars page,
asked once of a Welsh force's liaison after they first sign in, followed after every
sign-in, and in every email peeltrack sends them (reminders, notices, digests, password
resets), whatever the language of the page or command that caused it."""

import datetime
import html
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client, TestCase

from accounts.models import User
from accounts.services import add_user, change_role, set_language
from audit.models import HistoryEntry
from forces.models import Force
from notices import schedule
from notices.delivery import new_message
from notices.models import Message
from plans.services import accept_submission, return_submission
from policing_bodies.models import LocalPolicingBody
from policing_bodies.services import set_publication_day
from recommendations.models import Milestone, Report
from tests.conftest import PASSWORD, build_plan
from tests.notices.conftest import at, run_on
from tests.test_welsh_liaison import is_welsh, names
from tests.welsh import english_left

pytestmark = pytest.mark.django_db

PAGE = "/account/email-and-calendars/"
QUESTION = "/account/language/"
SITE = "http://127.0.0.1:8000"
ASKED_IN_ENGLISH = "Which language would you like for pages and emails from peeltrack?"
ASKED_IN_WELSH = "Pa iaith hoffech chi ar gyfer tudalennau a negeseuon e-bost gan peeltrack?"


@pytest.fixture
def liaison_gwent(db):
    return add_user(
        username="liaison-gwent",
        role="liaison",
        password=PASSWORD,
        force=Force.objects.get(slug="gwent"),
        first_name="Gwen",
        last_name="Gwent",
        email="liaison-gwent@example.police.uk",
        check_password=False,
    )


def in_welsh(person: User) -> User:
    return set_language(user=person, language="cy", by=person)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def sign_in(client: Client, username: str, url: str = "/sign-in/"):
    return client.post(url, {"username": username, "password": PASSWORD})


# --- Choosing, on the email and calendars page -----------------------------------------


def test_the_preferences_page_changes_the_language_and_records_it(liaison_durham):
    client = signed_in(liaison_durham)
    page = BeautifulSoup(client.get(PAGE).content, "html.parser")
    assert page.select_one("input[name=language][value=en-gb]").has_attr("checked")
    response = client.post(PAGE, {"form": "language", "language": "cy"})
    assert response.status_code == 302 and response["Location"] == f"/cy{PAGE}"
    liaison_durham.refresh_from_db()
    assert liaison_durham.language == "cy" and liaison_durham.language_chosen_at is not None
    entry = HistoryEntry.objects.latest("id")
    assert entry.summary == "Dan Durham chose Cymraeg for their pages and email"
    assert entry.changes == {"language": ["en-gb", "cy"]}
    # The page it goes back to is in Welsh, saying so in Welsh.
    welsh = is_welsh(client.get(f"/cy{PAGE}"), "preferences")
    assert "Cadwyd iaith y tudalennau a’r e-bost" in welsh.get_text()
    assert welsh.select_one("input[name=language][value=cy]").has_attr("checked")
    client.post(f"/cy{PAGE}", {"form": "language", "language": "en-gb"})
    assert HistoryEntry.objects.latest("id").summary == (
        "Dan Durham changed their language from Cymraeg to English"
    )


def test_no_language_chosen_is_an_error_on_the_form(liaison_durham):
    response = signed_in(liaison_durham).post(PAGE, {"form": "language"})
    assert response.status_code == 400
    assert "Select English or Cymraeg" in response.content.decode()
    liaison_durham.refresh_from_db()
    assert liaison_durham.language_chosen_at is None


def test_the_digests_form_still_works_beside_the_language_form(manager):
    signed_in(manager).post(PAGE, {"digests": "off"})
    manager.refresh_from_db()
    assert manager.notice_preferences.digests is False
    assert manager.language_chosen_at is None


def test_only_the_person_themselves_chooses_their_language(liaison_durham, manager):
    from core.refusals import Refused

    with pytest.raises(Refused):
        set_language(user=liaison_durham, language="cy", by=manager)
    liaison_durham.refresh_from_db()
    assert liaison_durham.language == "en-gb"


# --- Asked once, after sign-in ----------------------------------------------------------


def test_a_welsh_forces_liaison_is_asked_once_in_both_languages(liaison_gwent):
    client = Client()
    response = sign_in(client, "liaison-gwent")
    assert response["Location"] == f"{QUESTION}?next=%2Fforces%2Fmine%2F"
    question = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    heading = question.h1
    assert heading.select_one('[lang="en"]').get_text() == ASKED_IN_ENGLISH
    assert heading.select_one('[lang="cy"]').get_text() == ASKED_IN_WELSH
    answered = client.post(response["Location"], {"language": "cy"})
    assert answered["Location"] == "/cy/forces/mine/"
    liaison_gwent.refresh_from_db()
    assert liaison_gwent.language == "cy"
    assert HistoryEntry.objects.latest("id").summary == (
        "Gwen Gwent chose Cymraeg for their pages and email"
    )
    # Signed in again: not asked again, and straight to the Welsh pages.
    client.logout()
    assert sign_in(client, "liaison-gwent")["Location"] == "/cy/forces/mine/"
    assert client.get(QUESTION)["Location"] == "/cy/forces/mine/"


def test_an_answer_of_english_is_an_answer_too(liaison_gwent):
    client = Client()
    asked = sign_in(client, "liaison-gwent")["Location"]
    assert client.post(asked, {"language": "en-gb"})["Location"] == "/forces/mine/"
    client.logout()
    assert sign_in(client, "liaison-gwent", "/cy/sign-in/")["Location"] == "/forces/mine/"


def test_no_answer_is_asked_again_in_both_languages(liaison_gwent):
    client = Client()
    asked = sign_in(client, "liaison-gwent")["Location"]
    response = client.post(asked, {})
    assert response.status_code == 400
    summary = BeautifulSoup(response.content, "html.parser").select_one(".govuk-error-summary")
    assert "Select English or Cymraeg" in summary.get_text()
    assert "Dewiswch English neu Cymraeg" in summary.get_text()


def test_a_liaison_who_chose_on_the_preferences_page_is_not_asked(liaison_gwent):
    client = signed_in(liaison_gwent)
    client.post(PAGE, {"form": "language", "language": "en-gb"})
    client.logout()
    assert sign_in(client, "liaison-gwent")["Location"] == "/forces/mine/"


def test_an_english_forces_liaison_is_not_asked(liaison_durham):
    client = Client()
    assert sign_in(client, "liaison-durham")["Location"] == "/forces/mine/"
    assert client.get(QUESTION)["Location"] == "/forces/mine/"


def test_the_question_keeps_where_the_liaison_was_going_and_only_if_it_is_safe(liaison_gwent):
    client = Client()
    asked = client.post(
        "/sign-in/?next=/reports/overdue/%3Fas_of%3D2018-10-01",
        {"username": "liaison-gwent", "password": PASSWORD},
    )["Location"]
    answered = client.post(asked, {"language": "cy"})
    assert answered["Location"] == "/cy/reports/overdue/?as_of=2018-10-01"
    elsewhere = client.post(f"{QUESTION}?next=https://elsewhere.example/", {"language": "cy"})
    assert elsewhere["Location"] == "/cy/forces/mine/"


# --- Sign-in in the person's language ---------------------------------------------------


def test_a_welsh_preferring_person_lands_on_the_welsh_page_they_were_going_to(manager):
    in_welsh(manager)
    client = Client()
    response = client.post(
        "/sign-in/?next=/reports/overdue/%3Fas_of%3D2018-10-01",
        {"username": "manager", "password": PASSWORD},
    )
    assert response["Location"] == "/cy/reports/overdue/?as_of=2018-10-01"
    client.logout()
    assert sign_in(client, "manager")["Location"] == "/cy/"


def test_an_unsafe_next_still_goes_to_the_front_page_in_welsh(manager):
    in_welsh(manager)
    response = Client().post(
        "/sign-in/?next=https://elsewhere.example/",
        {"username": "manager", "password": PASSWORD},
    )
    assert response["Location"] == "/cy/"


# --- Email in the recipient's language -------------------------------------------------

# Data the emails show as they are, beside the pages' (tests/test_welsh_liaison.py).
EMAIL_DATA = ("Mary Manager", "Irene Inspector", "No costs", "Plan covers it", "peeltrack")


def allowed() -> tuple[str, ...]:
    bodies = tuple(LocalPolicingBody.objects.values_list("name", flat=True))
    return tuple(sorted({*names(), *bodies, *EMAIL_DATA}, key=len, reverse=True))


def lines_as_html(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def lang_of(html_body: str) -> str:
    page = BeautifulSoup(html_body, "html.parser").html
    assert page is not None
    return str(page["lang"])


def assert_welsh(subject: object, body: str, html_body: str) -> None:
    """Subject, plain text and HTML all Welsh, the HTML saying so, and every link to a
    Welsh page."""
    assert lang_of(html_body) == "cy"
    for part in (lines_as_html(str(subject)), lines_as_html(body), html_body):
        left = english_left(part, allowed=allowed())
        assert left == [], left
    links = re.findall(r"https?://[^\s\"<>]+", body + html_body)
    assert links and all(link.startswith(f"{SITE}/cy/") for link in links), links


def assert_english(subject: object, body: str, html_body: str) -> None:
    assert lang_of(html_body) == "en-GB"
    assert body.startswith("Dear ") and "Annwyl" not in body
    links = re.findall(r"https?://[^\s\"<>]+", body + html_body)
    assert links and not [link for link in links if "/cy/" in link], links


def sent_to(person: User) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


def check(message, *, welsh: bool) -> None:
    (assert_welsh if welsh else assert_english)(
        message.subject, message.body, message.alternatives[0].content
    )


@pytest.fixture
def season(liaison_durham, liaison_kent, manager, inspector, durham, record):
    """Durham's liaison reads Welsh, Kent's English; the manager Welsh, the inspector
    English. R2-plan is due on 30 September 2018 for both forces; Durham's plan waits for
    assessment from 2 October."""
    in_welsh(liaison_durham)
    in_welsh(manager)
    record(durham, "R2-plan", "in_progress", "2018-08-01")
    with time_machine.travel(at("2018-10-02", 10), tick=False):
        build_plan(durham, liaison_durham)
    return {"cy": liaison_durham, "en": liaison_kent}


def test_a_reminder_before_a_due_date_is_in_each_liaisons_language(season):
    run_on("2018-08-31")
    (welsh, *_rest) = sent_to(season["cy"])
    assert welsh.subject.startswith("Argymhelliad 2 (R2-plan) i’w chyflawni ymhen 30 diwrnod")
    check(welsh, welsh=True)
    (english, *_rest) = sent_to(season["en"])
    assert english.subject.startswith("Recommendation 2 (R2-plan) is due in 30 days")
    check(english, welsh=False)


def test_an_overdue_notice_is_in_each_liaisons_language(season):
    run_on("2018-10-01")
    overdue = Message.objects.filter(kind=Message.Kind.OVERDUE)
    welsh = overdue.get(recipient=season["cy"], milestone__code="R2-plan")
    assert "yn orddyledus" in welsh.subject
    # The weekday as a Welsh sentence has it: softened after "ar".
    assert "Roedd i’w chyflawni ar ddydd Sul 30 Medi 2018" in welsh.body, welsh.body
    assert_welsh(welsh.subject, welsh.body, welsh.html_body)
    # The milestone's description, in English only, is marked so in the Welsh HTML.
    description = Milestone.objects.get(code="R2-plan").description
    assert f'<span lang="en">{html.escape(description)}</span>' in welsh.html_body
    english = overdue.get(recipient=season["en"], milestone__code="R2-plan")
    assert english.subject.startswith("Recommendation 2 (R2-plan) is overdue")
    assert_english(english.subject, english.body, english.html_body)


def test_the_managers_digest_is_in_their_language(season, manager):
    run_on("2018-12-03")  # a Monday, with R2-plan escalated
    (digest,) = sent_to(manager)
    assert digest.subject == "Cerrig milltir gorddyledus: crynodeb wythnosol ar gyfer 3 Rhag 2018"
    assert "WEDI’I HUWCHGYFEIRIO" in digest.body
    check(digest, welsh=True)
    # Each milestone's English-only description is marked so in the list.
    items = BeautifulSoup(digest.alternatives[0].content, "html.parser").select("li")
    assert items and all(item.select('span[lang="en"]') for item in items if "(R" in item.text)


def test_the_inspectors_digest_is_in_their_language(season, inspector):
    run_on("2018-10-04")
    (digest,) = sent_to(inspector)
    assert digest.subject == "1 submission waiting for assessment"
    check(digest, welsh=False)
    mail.outbox.clear()
    in_welsh(inspector)
    run_on("2018-10-05")
    (digest,) = sent_to(inspector)
    assert digest.subject == "1 cyflwyniad yn aros am asesiad"
    check(digest, welsh=True)


@pytest.mark.parametrize("welsh", [True, False], ids=["cy", "en"])
def test_a_returned_submission_is_told_in_the_liaisons_language(
    welsh, durham_work, liaison_durham, inspector, django_capture_on_commit_callbacks
):
    if welsh:
        in_welsh(liaison_durham)
    # Decided on a Welsh page or an English one: the notice follows its recipient.
    with django_capture_on_commit_callbacks(execute=True):
        return_submission(submission=durham_work["submission"], by=inspector, reason="No costs")
    (message,) = mail.outbox
    check(message, welsh=welsh)
    assert ("Dychwelwyd y cyflwyniad" in message.subject) is welsh


@pytest.mark.parametrize("welsh", [True, False], ids=["cy", "en"])
def test_an_accepted_submission_is_told_in_the_liaisons_language(
    welsh, durham_work, liaison_durham, inspector, milestone, django_capture_on_commit_callbacks
):
    if welsh:
        in_welsh(liaison_durham)
    with django_capture_on_commit_callbacks(execute=True):
        accept_submission(
            submission=durham_work["submission"],
            by=inspector,
            milestone=milestone("R2-plan"),
            status="met",
            effective_on=datetime.date(2018, 9, 20),
            note="Plan covers it",
        )
    (message,) = mail.outbox
    check(message, welsh=welsh)
    assert ("dydd Iau 20 Medi 2018" in message.body) is welsh  # "ar ddydd Iau" inside a sentence


@pytest.mark.parametrize("welsh", [True, False], ids=["cy", "en"])
def test_a_role_change_is_told_in_the_persons_language(
    welsh, liaison_durham, administrator, django_capture_on_commit_callbacks
):
    if welsh:
        in_welsh(liaison_durham)
    with django_capture_on_commit_callbacks(execute=True):
        change_role(
            user=liaison_durham,
            role="liaison",
            force=Force.objects.get(slug="gwent"),
            by=administrator,
            reason="Moved to Gwent",
        )
    (message,) = mail.outbox
    if welsh:
        assert "Heddlu Gwent" in message.body and "Moved to Gwent" in message.body
        assert_welsh(
            message.subject,
            message.body.replace("Moved to Gwent", ""),
            message.alternatives[0].content.replace("Moved to Gwent", ""),
        )
    else:
        check(message, welsh=False)


def test_a_response_reminder_is_in_each_recipients_language(
    liaison_durham, liaison_kent, inspector
):
    in_welsh(liaison_durham)
    set_publication_day(
        report=Report.objects.get(slug="peel-effectiveness-2017"),
        published_on=datetime.date(2018, 3, 22),
        reason="The inspectorate's page for it",
        by=inspector,
    )
    owed = [o for o in schedule.owed_on(datetime.date(2018, 5, 2)) if "response" in o.kind]
    welsh = new_message(next(o for o in owed if o.recipient == liaison_durham), "pending")
    assert "yn ddyledus ymhen 14 diwrnod" in welsh.subject
    assert_welsh(welsh.subject, welsh.body, welsh.html_body)
    english = new_message(next(o for o in owed if o.recipient == liaison_kent), "pending")
    assert "is due in 14 days" in english.subject
    assert_english(english.subject, english.body, english.html_body)
    to_inspector = new_message(next(o for o in owed if o.recipient == inspector), "pending")
    assert_english(to_inspector.subject, to_inspector.body, to_inspector.html_body)


@pytest.mark.parametrize("page", ["/account/password/reset/", "/cy/account/password/reset/"])
def test_a_password_reset_is_in_the_persons_language_from_either_page(
    page, liaison_durham, liaison_kent, settings
):
    settings.PEELTRACK_SITE_URL = SITE
    in_welsh(liaison_durham)
    client = Client()
    # The link is sent once the request's work commits (a job, on PostgreSQL).
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(page, {"email": liaison_durham.email})
        client.post(page, {"email": liaison_kent.email}, REMOTE_ADDR="192.0.2.2")
    (welsh,) = sent_to(liaison_durham)
    assert welsh.subject == "Ailosod eich cyfrinair peeltrack"
    check(welsh, welsh=True)
    (english,) = sent_to(liaison_kent)
    assert english.subject == "Reset your peeltrack password"
    assert "It works once, within 3 days" in english.body
    check(english, welsh=False)
