import argparse
import datetime
import random
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from forces.models import Force
from recommendations import progress
from recommendations.models import Milestone, ProgressRecord
from recommendations.services import ProgressEntry, create_progress_records

DEMO_NOTE = "DEMO record for local development: fictional, not the inspectorate's assessment."
DEMO_INSPECTOR = "demo-inspector"


class Command(BaseCommand):
    help = "Local demo only (DEBUG on): add fictional progress histories if there are none."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2018)

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        if not (settings.DEBUG or settings.LOCAL):
            raise CommandError(
                "Demo data is for a copy on one's own machine only: set PEELTRACK_LOCAL=true "
                "(make run does)."
            )
        # The findings reports ship with are the record's own; demo data joins only an
        # empty one.
        if ProgressRecord.objects.exclude(source=ProgressRecord.Source.REPORT).exists():
            self.stdout.write("Progress records exist already; no demo data added.")
            return
        inspector = get_user_model().objects.filter(username=DEMO_INSPECTOR).first()
        if inspector is None:
            raise CommandError("Run create_demo_users first: the demo records need an inspector.")
        chance = random.Random(seed)
        # Fictional histories around the 2017 report's dated milestones.
        milestones = list(
            Milestone.objects.for_the_rule().filter(
                recommendation__report__slug="peel-effectiveness-2017", due_on__isnull=False
            )
        )
        forces = list(Force.objects.all())
        entries = []
        first_due = min(m.due_on for m in milestones if m.due_on is not None)
        for standing in progress.standings(first_due, milestones=milestones, forces=forces):
            due = standing.milestone.due_on
            assert due is not None
            force, body = standing.force, standing.national_body
            started = due - datetime.timedelta(days=chance.randint(30, 120))
            entries.append(
                ProgressEntry(
                    standing.milestone,
                    "in_progress",
                    started,
                    DEMO_NOTE,
                    force=force,
                    national_body=body,
                )
            )
            outcome = chance.random()
            if outcome < 0.55:
                met = due - datetime.timedelta(days=chance.randint(0, 25))
            elif outcome < 0.85:
                met = due + datetime.timedelta(days=chance.randint(5, 150))
            else:
                continue
            entries.append(
                ProgressEntry(
                    standing.milestone, "met", met, DEMO_NOTE, force=force, national_body=body
                )
            )
        create_progress_records(
            entries, by=inspector, source=ProgressRecord.Source.IMPORT, origin="demo data"
        )
        self.stdout.write(f"Added {len(entries)} demo progress records (fictional).")
