"""Every role (and anonymous) × every page and action × own force and another force.

Anonymous → sign-in; another force's object → 404; a role that may not do a thing → 403.
"""

import pytest
from django.test import Client

from tests.conftest import PASSWORD, pdf

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "liaison", "manager", "inspector"]
OK, FOUND, DENIED, MISSING, SIGN_IN = 200, 302, 403, 404, "sign-in"


def cells(work, own: bool):
    """(name, method, url, data, {role: expected}) for one force's objects.

    `own` means the objects belong to the liaison's force (Durham); otherwise to Kent.
    """
    plan, action, evidence, submission = (
        work["plan"],
        work["action"],
        work["evidence"],
        work["submission"],
    )
    slug = plan.force.slug
    liaison_read = OK if own else MISSING
    v = plan.version
    action_data = {"version": v, "description": "x", "horizon": "short", "owner": "y"}
    return [
        (
            "force page",
            "get",
            f"/forces/{slug}/",
            None,
            {"liaison": liaison_read, "manager": OK, "inspector": OK},
        ),
        (
            "plan page",
            "get",
            f"/plans/{plan.pk}/",
            None,
            {"liaison": liaison_read, "manager": OK, "inspector": OK},
        ),
        (
            "start plan",
            "post",
            f"/forces/{slug}/plans/start/",
            {"recommendation": plan.recommendation_id},
            {"liaison": FOUND if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "edit summary",
            "post",
            f"/plans/{plan.pk}/summary/",
            {"version": v, "summary": "s"},
            {"liaison": FOUND if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "add action form",
            "get",
            f"/plans/{plan.pk}/actions/add/",
            None,
            {"liaison": OK if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "add action",
            "post",
            f"/plans/{plan.pk}/actions/add/",
            action_data,
            {"liaison": FOUND if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "change action form",
            "get",
            f"/plans/{plan.pk}/actions/{action.pk}/",
            None,
            {"liaison": OK if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "attach evidence form",
            "get",
            f"/plans/{plan.pk}/evidence/add/",
            None,
            {"liaison": OK if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "attach evidence",
            "post",
            f"/plans/{plan.pk}/evidence/add/",
            {"title": "t", "file": pdf()},
            {"liaison": FOUND if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "download evidence",
            "get",
            f"/evidence/{evidence.pk}/",
            None,
            {"liaison": liaison_read, "manager": OK, "inspector": OK},
        ),
        (
            "withdraw evidence form",
            "get",
            f"/evidence/{evidence.pk}/withdraw/",
            None,
            {"liaison": OK if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "submit form",
            "get",
            f"/plans/{plan.pk}/submit/",
            None,
            {"liaison": OK if own else MISSING, "manager": DENIED, "inspector": DENIED},
        ),
        (
            "submission page",
            "get",
            f"/assessments/{submission.pk}/",
            None,
            {"liaison": liaison_read, "manager": OK, "inspector": OK},
        ),
        (
            "assess submission",
            "post",
            f"/assessments/{submission.pk}/",
            {"decision": "return", "reason": "More detail needed"},
            {"liaison": DENIED if own else MISSING, "manager": DENIED, "inspector": FOUND},
        ),
        (
            "scope form",
            "get",
            f"/forces/{slug}/scope/",
            None,
            {"liaison": DENIED, "manager": DENIED, "inspector": OK},
        ),
    ]


GLOBAL_CELLS = [
    ("dashboard", "get", "/", None, {"liaison": OK, "manager": OK, "inspector": OK}),
    (
        "overdue report",
        "get",
        "/reports/overdue/",
        None,
        {"liaison": OK, "manager": OK, "inspector": OK},
    ),
    (
        "overdue csv",
        "get",
        "/reports/overdue/?format=csv",
        None,
        {"liaison": OK, "manager": OK, "inspector": OK},
    ),
    ("forces list", "get", "/forces/", None, {"liaison": OK, "manager": OK, "inspector": OK}),
    (
        "recommendation",
        "get",
        "/reports/peel-effectiveness-2017/recommendation-1/",
        None,
        {"liaison": OK, "manager": OK, "inspector": OK},
    ),
    (
        "my force",
        "get",
        "/forces/mine/",
        None,
        {"liaison": FOUND, "manager": FOUND, "inspector": FOUND},
    ),
    (
        "assessment queue",
        "get",
        "/assessments/",
        None,
        {"liaison": DENIED, "manager": OK, "inspector": OK},
    ),
    (
        "activity report",
        "get",
        "/reports/activity/",
        None,
        {"liaison": DENIED, "manager": OK, "inspector": OK},
    ),
    (
        "record progress form",
        "get",
        "/progress/record/",
        None,
        {"liaison": DENIED, "manager": DENIED, "inspector": OK},
    ),
    (
        "record progress",
        "post",
        "/progress/record/",
        {
            "owner": "force:durham",
            "milestone": "R4-review",
            "status": "in_progress",
            "effective_on_0": "1",
            "effective_on_1": "9",
            "effective_on_2": "2018",
            "note": "n",
        },
        {"liaison": DENIED, "manager": DENIED, "inspector": FOUND},
    ),
    (
        "password change",
        "get",
        "/account/password/",
        None,
        {"liaison": OK, "manager": OK, "inspector": OK},
    ),
]


@pytest.fixture
def users(liaison_durham, manager, inspector):
    return {"liaison": liaison_durham, "manager": manager, "inspector": inspector}


def fetch(role, users, method, url, data):
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    if isinstance(data, dict) and "file" in data:
        data = {**data, "file": pdf()}  # a fresh upload per request
    return getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)


def check(role, expected, response, name):
    if role == "anonymous":
        assert response.status_code == 302, name
        assert response["Location"].startswith("/sign-in/"), name
    else:
        assert response.status_code == expected[role], f"{name} as {role}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [True, False], ids=["own force", "other force"])
def test_force_owned_pages_and_actions(role, own, users, durham_work, kent_work):
    work = durham_work if own else kent_work
    for name, method, url, data, expected in cells(work, own):
        if data and "version" in data:
            # Earlier allowed writes move the plan on; each request starts from its latest.
            work["plan"].refresh_from_db()
            data = {**data, "version": work["plan"].version}
        check(role, expected, fetch(role, users, method, url, data), name)


@pytest.mark.parametrize("role", ROLES)
def test_global_pages_and_actions(role, users, durham_work):
    for name, method, url, data, expected in GLOBAL_CELLS:
        check(role, expected, fetch(role, users, method, url, data), name)


def test_liaisons_see_other_forces_names_but_no_links_to_their_work(users, durham_work):
    client = Client()
    client.force_login(users["liaison"])
    html = client.get("/").content.decode()
    assert 'href="/forces/durham/"' in html
    assert 'href="/forces/kent/"' not in html and "Kent" in html


def test_withdrawing_other_forces_evidence_is_refused(users, kent_work):
    client = Client()
    client.force_login(users["liaison"])
    url = f"/evidence/{kent_work['evidence'].pk}/withdraw/"
    assert client.post(url, {"reason": "mine now"}).status_code == 404
    kent_work["evidence"].refresh_from_db()
    assert not kent_work["evidence"].is_withdrawn


def csrf_posts(work):
    plan = work["plan"]
    return [
        ("liaison", f"/plans/{plan.pk}/summary/", {"version": plan.version, "summary": "s"}),
        (
            "liaison",
            f"/plans/{plan.pk}/actions/add/",
            {"version": plan.version, "description": "x", "horizon": "short", "owner": "y"},
        ),
        ("liaison", f"/plans/{plan.pk}/evidence/add/", {"title": "t", "file": pdf()}),
        ("liaison", f"/evidence/{work['evidence'].pk}/withdraw/", {"reason": "r"}),
        ("liaison", f"/plans/{plan.pk}/submit/", {"version": plan.version, "summary": "s"}),
        (
            "liaison",
            f"/forces/{plan.force.slug}/plans/start/",
            {"recommendation": plan.recommendation_id},
        ),
        (
            "inspector",
            f"/assessments/{work['submission'].pk}/",
            {"decision": "return", "reason": "r"},
        ),
        ("inspector", "/progress/record/", {"owner": "force:durham"}),
        ("inspector", f"/forces/{plan.force.slug}/scope/", {"reason": "r"}),
        ("liaison", "/account/password/", {"old_password": "x"}),
        ("liaison", "/sign-out/", {}),
    ]


def test_every_form_refuses_a_post_without_a_csrf_token(users, durham_work):
    for role, url, data in csrf_posts(durham_work):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users[role])
        assert client.post(url, data).status_code == 403, url


def test_sign_in_refuses_a_post_without_a_csrf_token(manager):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "manager", "password": PASSWORD})
    assert response.status_code == 403


def test_forms_carry_a_csrf_token(users, durham_work):
    plan = durham_work["plan"]
    client = Client()
    client.force_login(users["liaison"])
    for url in [
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/actions/add/",
        f"/plans/{plan.pk}/evidence/add/",
        f"/plans/{plan.pk}/submit/",
        "/forces/durham/",
    ]:
        assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode(), url
