"""Reference data is held in memory only while the database says it is unchanged.

The token (audit.reference) is renewed by a trigger on every reference table, whatever
writes to it; a process's catalogue (recommendations.catalogue) is used only under the
token it was read under, and a request reads the token once. Run on SQLite and on
PostgreSQL (CI runs both).
"""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import reference
from audit.history import reference_token
from forces.models import Force, Judgment
from recommendations import catalogue, progress
from recommendations.models import Milestone, ProgressRecord, Recommendation, Report
from recommendations.services import change_due_date

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def test_every_reference_table_has_its_trigger():
    tables = set(reference.reference_tables())
    assert {
        "recommendations_milestone",
        "recommendations_milestone_scope_forces",
        "recommendations_report",
        "forces_judgment",
        "forces_force",
        "recommendations_duedatechange",
        "recommendations_scopechange",
        "recommendations_gradecorrection",
    } <= tables
    assert reference.installed() == tables


@pytest.mark.parametrize(
    "change",
    [
        lambda: Milestone.objects.filter(code="R2-plan").update(description="Moved on"),
        lambda: Force.objects.filter(slug="kent").update(name="Kent Police"),
        lambda: Judgment.objects.filter(force__slug="kent").update(grade="good"),
        lambda: Report.objects.update(title="Renamed"),
        lambda: Milestone.objects.get(code="R2-plan").scope_forces.add(
            Force.objects.get(slug="kent")
        ),
        lambda: Recommendation.objects.filter(number=1).update(theme="Other"),
    ],
)
def test_any_write_to_reference_data_renews_the_token(change):
    before = reference_token()
    assert before
    change()
    assert reference_token() not in (None, before)


def test_a_raw_statement_renews_it_too():
    before = reference_token()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE recommendations_milestone SET description = 'Raw' WHERE id < 0")
    # Even a statement that changes no row: PostgreSQL's trigger is a statement's.
    if connection.vendor == "postgresql":
        assert reference_token() != before
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recommendations_milestone SET description = 'Raw' WHERE id = %s",
            [Milestone.objects.get(code="R4-review").pk],
        )
    assert reference_token() != before


def test_progress_and_other_day_to_day_writes_leave_it(record, kent):
    before = reference_token()
    record(kent, "R2-plan", "in_progress", "2018-08-01")
    ProgressRecord.objects.count()
    assert reference_token() == before


def test_a_change_rolled_back_leaves_the_earlier_token():
    before = reference_token()
    held = catalogue.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Milestone.objects.filter(code="R2-plan").update(description="Never")
        inside = catalogue.current()
        assert inside.token != before
        assert next(m for m in inside.milestones if m.code == "R2-plan").description == "Never"
        raise RuntimeError("roll back")
    assert reference_token() == before
    after = catalogue.current()
    assert next(m for m in after.milestones if m.code == "R2-plan").description != "Never"
    assert after.token == held.token


def test_the_rule_sees_a_due_date_change_at_once(inspector, kent):
    as_of = D("2018-10-15")
    code = "R2-plan"

    def overdue_codes():
        return {s.milestone.code for s in progress.overdue(as_of, forces=[kent])}

    assert code in overdue_codes()  # due 30 September 2018
    catalogue.current()  # held
    milestone = Milestone.objects.get(code=code)
    change_due_date(milestone=milestone, due_on=D("2018-12-31"), reason="Extended", by=inspector)
    assert code not in overdue_codes()
    # And as known on a day before the change was entered, the old date again.
    known = progress.overdue(as_of, forces=[kent], known_on=D("2018-10-15"))
    assert code in {s.milestone.code for s in known}


def test_held_it_costs_one_query_and_read_a_constant_number():
    catalogue.current()
    with CaptureQueriesContext(connection) as warm:
        catalogue.current()
    assert len(warm) == 1  # the token
    Report.objects.update(title="Renamed")
    with CaptureQueriesContext(connection) as cold:
        found = catalogue.current()
    # The token, nine tables' reads (a listed scope's forces among them), the token again.
    assert len(cold) == 11
    assert all(r.title == "Renamed" for r in found.reports)


def test_a_request_reads_the_token_once(client, manager):
    client.force_login(manager)
    catalogue.current()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/forces/kent/?as_of=2019-02-01").status_code == 200
    tokens = [q for q in queries if "reference" in q["sql"] and "dataversion" in q["sql"]]
    assert len(tokens) == 1


def test_a_catalogue_is_never_shared_with_a_write(inspector):
    """What a service changes is read from the database, not from the shared instances:
    the instance the process holds keeps its own due date."""
    held = catalogue.current()
    shared = next(m for m in held.milestones if m.code == "R3-first-review")
    due = shared.due_on
    change_due_date(
        milestone=Milestone.objects.get(code="R3-first-review"),
        due_on=D("2019-03-31"),
        reason="Moved",
        by=inspector,
    )
    assert shared.due_on == due
    assert next(
        m for m in catalogue.current().milestones if m.code == "R3-first-review"
    ).due_on == D("2019-03-31")
