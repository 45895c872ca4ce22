"""`manage.py import_progress`: all rows or none, and every bad row's reason."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from recommendations import progress
from recommendations.models import Milestone, ProgressRecord
from recommendations.services import change_scope

pytestmark = pytest.mark.django_db
HEADER = "force,milestone,status,effective_date,note\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(body: str, *, header: str = HEADER, encoding="utf-8", bom=False):
        path = tmp_path / "progress.csv"
        data = (header + body).encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


def run_import(path):
    call_command("import_progress", str(path))


def run_rejected(path, capsys):
    with pytest.raises(CommandError, match="Nothing imported"):
        run_import(path)
    return capsys.readouterr().err


def test_good_file_imports_every_row_in_order(csv_file):
    path = csv_file(
        "durham,R4-review,in_progress,2018-08-01,Review under way\n"
        "Avon & Somerset,R4-review,met,2018-09-15,Signed off by chief officer\n"
        "npcc-investigative-resilience,R2-advice,met,2018-04-20,Advice circulated\n"
        "KENT,r2-plan,in_progress,2018-09-01,\n"
    )
    run_import(path)
    records = list(ProgressRecord.objects.order_by("id"))
    assert [(r.owner.slug, r.milestone.code, r.status) for r in records] == [
        ("durham", "R4-review", "in_progress"),
        ("avon-and-somerset", "R4-review", "met"),
        ("npcc-investigative-resilience", "R2-advice", "met"),
        ("kent", "R2-plan", "in_progress"),
    ]
    assert {r.source for r in records} == {"import"}
    assert records[0].note == "Review under way"


def test_a_byte_order_mark_is_accepted(csv_file):
    run_import(csv_file("durham,R4-review,met,2018-09-01,Review seen\n", bom=True))
    assert ProgressRecord.objects.count() == 1


def test_the_later_row_wins_a_same_day_tie(csv_file, durham):
    run_import(
        csv_file("durham,R4-review,met,2018-09-01,Seen\ndurham,R4-review,in_progress,2018-09-01,\n")
    )
    (standing,) = progress.standings(
        datetime.date(2018, 9, 2),
        milestones=[Milestone.objects.get(code="R4-review")],
        forces=[durham],
    )
    assert standing.status == "in_progress"


def test_one_bad_row_imports_nothing_and_every_reason_is_printed(csv_file, capsys):
    path = csv_file(
        "durham,R4-review,met,2018-09-01,fine\n"
        "gotham,R4-review,met,2018-09-01,seen\n"
        "kent,R9-nothing,met,2018-09-01,seen\n"
        "kent,R4-review,done,2018-09-01,\n"
        "kent,R4-review,met,01/09/2018,seen\n"
        "kent,R2-advice,met,2018-09-01,seen\n"
        "college-of-policing,R4-review,met,2018-09-01,seen\n"
        "durham,R3-first-review,met,2018-12-01,seen\n"
        "kent,R4-review,met,2999-01-01,seen\n"
        "kent,R4-review\n"
        "kent,R4-review,met,2018-09-01,\n"
    )
    err = run_rejected(path, capsys)
    assert ProgressRecord.objects.count() == 0
    expected = [
        "line 3: unknown force 'gotham'",
        "line 4: unknown milestone code 'R9-nothing'",
        "line 5: status 'done' is not one of",
        "line 6: effective_date '01/09/2018' is not a date in YYYY-MM-DD form",
        "line 7: R2-advice is owned by npcc-investigative-resilience, not 'kent'",
        "line 8: R4-review is a force milestone, not a national body's",
        "line 9: durham is not in the scope of R3-first-review on 2018-12-01",
        "line 10: effective_date 2999-01-01 is in the future",
        "line 11: expected 5 columns, found 2",
        "line 12: a met record needs a note saying what it rests on",
    ]
    for message in expected:
        assert message in err
    assert "line 2" not in err


def test_force_taken_out_of_scope_cannot_be_imported_after_that_date(csv_file, capsys, kent):
    change_scope(
        milestone=Milestone.objects.get(code="R2-plan"),
        force=kent,
        in_scope=False,
        effective_on=datetime.date(2018, 6, 1),
        reason="No shortage",
    )
    err = run_rejected(csv_file("kent,R2-plan,met,2018-09-01,Plan seen\n"), capsys)
    assert "kent is not in the scope of R2-plan on 2018-09-01" in err
    run_import(csv_file("kent,R2-plan,in_progress,2018-05-01,\n"))
    assert ProgressRecord.objects.count() == 1


def test_empty_file_is_refused_clearly(tmp_path, capsys):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "the file is empty" in run_rejected(path, capsys)


def test_header_only_is_refused(csv_file, capsys):
    assert "no records" in run_rejected(csv_file(""), capsys)


def test_wrong_header_is_refused(csv_file, capsys):
    err = run_rejected(csv_file("durham,R4-review,met\n", header="force,code,status\n"), capsys)
    assert "the header must be force,milestone,status,effective_date,note" in err
    assert ProgressRecord.objects.count() == 0


def test_wrong_encoding_is_refused(csv_file, capsys):
    path = csv_file("durham,R4-review,met,2018-09-01,Révisé\n", encoding="latin-1")
    assert "not UTF-8" in run_rejected(path, capsys)
    assert ProgressRecord.objects.count() == 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "nope.csv")


def test_import_is_atomic_when_the_database_refuses_a_row(csv_file, monkeypatch):
    # A failure while writing (after validation) must leave nothing behind.
    from recommendations import services

    original = services.ProgressRecord.objects.create
    calls = {"n": 0}

    def failing_create(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(services.ProgressRecord.objects, "create", failing_create)
    path = csv_file("durham,R4-review,met,2018-09-01,a\nkent,R4-review,met,2018-09-01,b\n")
    with pytest.raises(RuntimeError):
        run_import(path)
    monkeypatch.undo()
    assert ProgressRecord.objects.count() == 0
