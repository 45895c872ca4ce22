"""The report files peeltrack ships say only what the 2017 report says: every verbatim
text is in it word for word, every summary and finding is quoted from it (with "…" for
words left out and [brackets] for words added), and the sources name its sections."""

import re
from pathlib import Path

import pytest
import yaml

from recommendations import report_files

SOURCE = Path(__file__).resolve().parents[2] / "docs" / "source" / "peel-effectiveness-2017.txt"
NOTES = SOURCE.with_name("earlier-inspections-unrecorded-findings.yaml")
SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def body_text() -> str:
    """The report's text as one line, footnotes (they split sentences at page breaks) and
    footnote markers left out."""
    lines = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line[:1] in SUPERSCRIPT:
            continue
        lines.append(re.sub(f"[{SUPERSCRIPT}]+", "", line))
    return " ".join(" ".join(lines).split())


BODY = body_text()


def quoted(text: str) -> bool:
    """Every piece between cuts ("…", and words added in [brackets]) is in the report,
    in order."""
    pieces = [" ".join(p.split()).strip(" .;,") for p in re.split(r"…|\[[^\]]*\]", text)]
    at = 0
    for piece in (p for p in pieces if p):
        found = BODY.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def shipped():
    for path in report_files.SHIPPED:
        yield path.name, report_files.shipped(path)


@pytest.mark.parametrize(
    ("name", "document"), list(shipped()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_text_of_a_shipped_file_is_the_2017_reports_own(name, document):
    for item in document["items"]:
        assert quoted(item["text"]), (name, item["kind"], item["number"])
        if item["text_is"] == "summary":
            assert item["source"].startswith("PEEL: Police effectiveness 2017, "), item["source"]
    for finding in document.get("findings", []):
        assert quoted(finding["text"]), (name, finding["milestone"])
        assert finding["source"].startswith("PEEL: Police effectiveness 2017, ")


def test_the_earlier_reports_are_never_presented_as_verbatim():
    for name, document in shipped():
        if name != "peel-effectiveness-2017.yaml":
            assert {item["text_is"] for item in document["items"]} == {"summary"}
            assert document["published_on"] is None  # the 2017 report does not say


def test_the_notes_on_findings_that_cannot_be_recorded_quote_the_report_too():
    notes = yaml.safe_load(NOTES.read_text(encoding="utf-8"))
    for entry in notes["unrecorded_findings"]:
        assert quoted(entry["text"]), entry["milestone"]


def test_the_2017_report_records_a_finding_on_each_national_earlier_milestone():
    document = report_files.shipped(report_files.FOLDER / "peel-effectiveness-2017.yaml")
    assert {f["milestone"] for f in document["findings"]} == {
        "E15-1-vulnerability",
        "E16-2-steps-report",
        "E16-3-national-plan",
        "E16-5-pnc-guidance",
        "E16-8-ocgm-review",
        "E16-11-outcomes-guidance",
    }
