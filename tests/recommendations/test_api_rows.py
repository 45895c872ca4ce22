"""The standings and overdue reports' rows, written directly (recommendations.api.rows),
are exactly what their serializers, the schema's description of them, would give."""

import datetime
import json

import pytest
from rest_framework.utils.encoders import JSONEncoder

from forces.models import Force, NationalBody
from recommendations import progress
from recommendations.api import rows
from recommendations.api.serializers import OverdueRowSerializer, StandingSerializer

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat


def serialized(serializer, standings):
    return json.loads(json.dumps(serializer(standings, many=True).data, cls=JSONEncoder))


@pytest.fixture
def standings(record, durham, kent):
    """Every report's milestones (dated and undated, force and national) for two forces,
    with met, met late, in progress and corrected records, as of two dates and known on
    one past day."""
    body = NationalBody.objects.get(slug="college-of-policing")
    record(durham, "R1-review", "met", "2018-09-30")
    record(durham, "R2-plan", "met", "2018-11-01")
    record(kent, "R2-plan", "in_progress", "2018-05-01")
    record(body, "R3-infrastructure", "in_progress", "2018-06-01")
    forces = Force.objects.filter(slug__in=["durham", "kent"])
    found = []
    for as_of, known_on in [(D("2018-10-01"), None), (D("2019-02-01"), D("2018-12-31"))]:
        found += progress.standings(as_of, forces=forces, known_on=known_on)
    assert {s.category for s in found} >= {"met", "met_late", "overdue", "in_progress"}
    assert any(s.milestone.due_on is None for s in found)
    assert any(s.national_body for s in found) and any(s.known_on for s in found)
    return found


def test_the_standings_rows_are_the_serializers(standings):
    assert rows.standing_rows(standings) == serialized(StandingSerializer, standings)


def test_the_overdue_rows_are_the_serializers(standings):
    overdue = [s for s in standings if s.is_overdue]
    assert overdue
    assert rows.overdue_rows(overdue) == serialized(OverdueRowSerializer, overdue)


def test_every_field_the_schema_describes_is_written(standings):
    assert set(rows.standing_rows(standings[:1])[0]) == set(StandingSerializer().fields)
    assert set(rows.overdue_rows(standings[:1])[0]) == set(OverdueRowSerializer().fields)
