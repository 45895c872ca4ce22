"""`manage.py import_progress`: strict CSV, all rows or none, every bad row's reason."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from audit.models import HistoryEntry
from recommendations import progress
from recommendations.models import Milestone, ProgressRecord
from recommendations.services import change_scope

pytestmark = pytest.mark.django_db
HEADER = "force,milestone,status,effective_on,note\n"


@pytest.fixture
def csv_file(tmp_path):
    def write(body: str, *, header: str = HEADER, encoding="utf-8", bom=False):
        path = tmp_path / "progress.csv"
        data = (header + body).encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write


@pytest.fixture
def run_import(inspector, capsys):
    def run(path, by="inspector"):
        call_command("import_progress", str(path), "--by", by)
        return capsys.readouterr().out

    return run


@pytest.fixture
def run_rejected(run_import, capsys):
    def run(path):
        with pytest.raises(CommandError, match="Nothing imported"):
            run_import(path)
        return capsys.readouterr().err

    return run


def test_good_file_imports_every_row_in_order(csv_file, run_import, inspector):
    path = csv_file(
        "durham,R4-review,in_progress,2018-08-01,Review under way\n"
        "Avon & Somerset,R4-review,met,2018-09-15,Signed off by chief officer\n"
        "npcc-investigative-resilience,R2-advice,met,2018-04-20,Advice circulated\n"
        "KENT,r2-plan,in_progress,2018-09-01,\n"
    )
    assert "Imported 4 progress records" in run_import(path)
    records = list(ProgressRecord.objects.exclude(source="report").order_by("id"))
    assert [(r.owner.slug, r.milestone.code, r.status) for r in records] == [
        ("durham", "R4-review", "in_progress"),
        ("avon-and-somerset", "R4-review", "met"),
        ("npcc-investigative-resilience", "R2-advice", "met"),
        ("kent", "R2-plan", "in_progress"),
    ]
    assert {r.source for r in records} == {"import"}
    assert {r.recorded_by for r in records} == {inspector}
    assert records[0].note == "Review under way"
    # The history says who imported what, per force.
    entry = HistoryEntry.objects.get(force__slug="durham")
    assert entry.by == inspector and "(R4-review) for Durham" in entry.summary


def test_files_written_with_the_old_date_column_name_still_import(csv_file, run_import):
    path = csv_file(
        "durham,R4-review,met,2018-09-01,Seen\n",
        header="force,milestone,status,effective_date,note\n",
    )
    run_import(path)
    assert ProgressRecord.objects.exclude(source="report").count() == 1


def test_imports_are_recorded_as_an_inspectors_and_only_an_inspectors(
    csv_file, run_import, liaison_durham
):
    path = csv_file("durham,R4-review,met,2018-09-01,Seen\n")
    with pytest.raises(CommandError, match="--by must name an active inspector"):
        run_import(path, by="liaison-durham")
    with pytest.raises(CommandError, match="--by must name an active inspector"):
        run_import(path, by="nobody")
    assert ProgressRecord.objects.exclude(source="report").count() == 0


def test_a_byte_order_mark_is_accepted(csv_file, run_import):
    run_import(csv_file("durham,R4-review,met,2018-09-01,Review seen\n", bom=True))
    assert ProgressRecord.objects.exclude(source="report").count() == 1


def test_the_later_row_wins_a_same_day_tie(csv_file, run_import, durham):
    run_import(
        csv_file("durham,R4-review,met,2018-09-01,Seen\ndurham,R4-review,in_progress,2018-09-01,\n")
    )
    (standing,) = progress.standings(
        datetime.date(2018, 9, 2),
        milestones=[Milestone.objects.get(code="R4-review")],
        forces=[durham],
    )
    assert standing.status == "in_progress"


def test_one_bad_row_imports_nothing_and_every_reason_is_printed(csv_file, run_rejected):
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
    err = run_rejected(path)
    assert ProgressRecord.objects.exclude(source="report").count() == 0
    expected = [
        "line 3: unknown force 'gotham'",
        "line 4: unknown milestone code 'R9-nothing'",
        "line 5: The status must be one of not_started, in_progress, met, not_applicable, "
        "not 'done'",
        "line 6: Enter the effective date as YYYY-MM-DD, for example 2018-10-01 "
        "(found '01/09/2018')",
        "line 7: R2-advice is owned by npcc-investigative-resilience",
        "line 8: R4-review is a force milestone, not a national body's",
        "line 9: Durham is not in the scope of Recommendation 3 — The force's first peer review "
        "has taken place (R3-first-review) on 1 Dec 2018",
        "line 10: The date the progress took effect must be today or in the past",
        "line 11: expected 5 columns, found 2",
        "line 12: Say what the met assessment rests on: a note is needed",
    ]
    for message in expected:
        assert message in err
    assert "line 2" not in err


@pytest.mark.parametrize(
    "written, message",
    [
        ("20180901", "Enter the effective date as YYYY-MM-DD"),
        ("2018-W35-6", "Enter the effective date as YYYY-MM-DD"),
        ("2018-02-30", "The effective date must be a real date"),
        ("0019-01-15", "must be on or after 1 January 2017"),
        ("2016-12-31", "must be on or after 1 January 2017"),
    ],
)
def test_dates_are_exactly_year_month_day_from_2017(csv_file, run_rejected, written, message):
    err = run_rejected(csv_file(f"durham,R4-review,in_progress,{written},\n"))
    assert err.startswith("line 2: ") and message in err
    assert ProgressRecord.objects.exclude(source="report").count() == 0


def test_a_stray_opening_quote_is_a_line_numbered_error_not_lost_rows(csv_file, run_rejected):
    rows = ['durham,R4-review,in_progress,2018-08-01,"Review started\n']
    rows += [f"kent,R4-review,in_progress,2018-08-{day:02d},ok\n" for day in range(2, 28)]
    err = run_rejected(csv_file("".join(rows)))
    assert "line 2:" in err and "quote" in err
    assert ProgressRecord.objects.exclude(source="report").count() == 0


def test_a_quote_closed_on_a_later_line_is_still_caught(csv_file, run_rejected):
    body = (
        'durham,R4-review,in_progress,2018-08-01,"Review started\n'
        "kent,R4-review,in_progress,2018-08-02,ok\n"
        'kent,R4-review,met,2018-09-02,"done"\n'
    )
    err = run_rejected(csv_file(body))
    assert "line 2:" in err and "quote" in err
    assert ProgressRecord.objects.exclude(source="report").count() == 0


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_control_characters_are_refused_with_their_line(csv_file, run_rejected, character):
    body = "durham,R4-review,in_progress,2018-08-01,fine\n" + (
        f"kent,R4-review,in_progress,2018-08-02,bad{character}note\n"
    )
    err = run_rejected(csv_file(body))
    assert f"line 3: contains a control character (U+{ord(character):04X})" in err
    assert ProgressRecord.objects.exclude(source="report").count() == 0


def test_running_the_same_file_twice_adds_nothing_the_second_time(csv_file, run_import):
    path = csv_file(
        "durham,R4-review,in_progress,2018-08-01,Review under way\n"
        "kent,R4-review,met,2018-09-15,Signed off\n"
    )
    run_import(path)
    out = run_import(path)
    assert ProgressRecord.objects.exclude(source="report").count() == 2
    assert "line 2: skipped, identical to progress record" in out
    assert "Imported 0 progress records" in out and "skipped 2 already held" in out


def test_identical_rows_in_one_file_are_written_once(csv_file, run_import):
    out = run_import(
        csv_file(
            "durham,R4-review,in_progress,2018-08-01,Same\n"
            "durham,R4-review,in_progress,2018-08-01,Same\n"
            "durham,R4-review,in_progress,2018-08-01,Different\n"
        )
    )
    assert ProgressRecord.objects.exclude(source="report").count() == 2
    assert "line 3: skipped, identical to 2" in out


def test_one_limit_for_a_note_whichever_way_it_comes(csv_file, run_rejected):
    err = run_rejected(csv_file(f"durham,R4-review,in_progress,2018-08-01,{'x' * 10_001}\n"))
    assert "The note must be 10,000 characters or fewer (it has 10,001)" in err


def test_force_taken_out_of_scope_cannot_be_imported_after_that_date(
    csv_file, run_import, run_rejected, kent, inspector
):
    change_scope(
        milestone=Milestone.objects.get(code="R2-plan"),
        force=kent,
        in_scope=False,
        effective_on=datetime.date(2018, 6, 1),
        reason="No shortage",
        by=inspector,
    )
    err = run_rejected(csv_file("kent,R2-plan,met,2018-09-01,Plan seen\n"))
    assert "Kent is not in the scope of Recommendation 2 — " in err
    assert "(R2-plan) on 1 Sep 2018" in err
    run_import(csv_file("kent,R2-plan,in_progress,2018-05-01,\n"))
    assert ProgressRecord.objects.exclude(source="report").count() == 1


def test_empty_file_is_refused_clearly(tmp_path, run_rejected):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "the file is empty" in run_rejected(path)


def test_header_only_is_refused(csv_file, run_rejected):
    assert "no records" in run_rejected(csv_file(""))


def test_wrong_header_is_refused(csv_file, run_rejected):
    err = run_rejected(csv_file("durham,R4-review,met\n", header="force,code,status\n"))
    assert "the header must be force,milestone,status,effective_on,note" in err
    assert ProgressRecord.objects.exclude(source="report").count() == 0


def test_wrong_encoding_is_refused(csv_file, run_rejected):
    path = csv_file("durham,R4-review,met,2018-09-01,Révisé\n", encoding="latin-1")
    assert "not UTF-8" in run_rejected(path)
    assert ProgressRecord.objects.exclude(source="report").count() == 0


def test_missing_file_is_a_clear_error(tmp_path, run_import):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "nope.csv")


def test_import_is_atomic_when_writing_fails_part_way(csv_file, run_import, monkeypatch):
    # A failure after the records are written but before their history is must leave
    # nothing behind: records and history are one transaction.
    from audit import history

    def failing(entries):
        raise RuntimeError("disk full")

    monkeypatch.setattr(history, "log_many", failing)
    from recommendations import services

    monkeypatch.setattr(services, "log_many", failing)
    path = csv_file("durham,R4-review,met,2018-09-01,a\nkent,R4-review,met,2018-09-01,b\n")
    with pytest.raises(RuntimeError):
        run_import(path)
    monkeypatch.undo()
    assert ProgressRecord.objects.exclude(source="report").count() == 0
    assert not HistoryEntry.objects.filter(subject="progress_record").exists()
