"""People acting at the same moment: exactly one change lands, the rest get a clear 409,
and nobody gets a server error. Real concurrent requests against a real server."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from plans.models import Submission
from recommendations.models import Milestone, ProgressRecord
from recommendations.services import record_progress
from tests.conftest import build_plan, persona, token_for

pytestmark = pytest.mark.django_db(transaction=True)
AT_ONCE = 8


def all_at_once(send, count=AT_ONCE) -> list[requests.Response]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(send, range(count)))


def post(live_server, token, path, body):
    return requests.post(
        f"{live_server.url}{path}",
        json=body,
        headers={"Authorization": f"Token {token}"},
        timeout=60,
    )


def outcome(responses) -> list[int]:
    return sorted(r.status_code for r in responses)


def test_concurrent_corrections_of_one_record(reference_data, live_server):
    from forces.models import Force

    inspector = persona("inspector")
    token = token_for(inspector)
    durham = Force.objects.get(slug="durham")
    milestone = Milestone.objects.get(code="R4-review")
    for attempt in range(5):
        wrong = record_progress(
            milestone=milestone,
            force=durham,
            status="met",
            effective_on=datetime.date(2018, 9, 1 + attempt),
            note="Entered against the wrong force",
            by=inspector,
        )
        responses = all_at_once(
            lambda i, wrong=wrong: post(
                live_server,
                token,
                "/api/v1/progress-records/",
                {
                    "milestone": "R4-review",
                    "force": "durham",
                    "status": "in_progress",
                    "effective_on": wrong.effective_on.isoformat(),
                    "note": f"Correction {i}",
                    "corrects": wrong.pk,
                },
            )
        )
        assert outcome(responses) == [201] + [409] * (AT_ONCE - 1), [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 409).json()
        assert "already been corrected" in refused["detail"]
        assert ProgressRecord.objects.filter(corrects=wrong).count() == 1


def test_concurrent_decisions_on_one_submission(reference_data, live_server):
    from forces.models import Force

    inspectors = [persona("inspector"), persona("inspector-2")]
    tokens = [token_for(i) for i in inspectors]
    work = build_plan(Force.objects.get(slug="durham"), persona("liaison-durham"))
    url = f"/api/v1/submissions/{work['submission'].pk}/"

    def decide(i):
        if i % 2:
            return post(live_server, tokens[i % 2], url + "return/", {"reason": f"No {i}"})
        body = {"milestone": "R2-plan", "status": "met", "effective_on": "2018-09-20", "note": "ok"}
        return post(live_server, tokens[i % 2], url + "accept/", body)

    responses = all_at_once(decide)
    assert outcome(responses) == [200] + [409] * (AT_ONCE - 1), [r.text for r in responses]
    submission = Submission.objects.get()
    assert submission.state in {"accepted", "returned"}
    assert ProgressRecord.objects.exclude(source="report").count() == (
        1 if submission.state == "accepted" else 0
    )


def test_concurrent_submissions_of_one_plan(reference_data, live_server):
    from forces.models import Force

    liaison = persona("liaison-durham")
    token = token_for(liaison)
    work = build_plan(Force.objects.get(slug="durham"), liaison)
    inspector = persona("inspector")
    from plans.services import return_submission

    return_submission(submission=work["submission"], by=inspector, reason="More detail")
    work["plan"].refresh_from_db()
    version = work["plan"].version
    responses = all_at_once(
        lambda i: post(
            live_server,
            token,
            "/api/v1/submissions/",
            {"action_plan": work["plan"].pk, "version": version, "summary": f"Again {i}"},
        )
    )
    assert outcome(responses) == [201] + [409] * (AT_ONCE - 1), [r.text for r in responses]
    assert Submission.objects.filter(state="awaiting").count() == 1
