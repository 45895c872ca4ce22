"""Local policing bodies, the day a report was published (where its file gives only the
month), and the bodies' responses. The rule that turns these into obligations (due,
overdue, met late) is policing_bodies.obligations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation

from core.access import ForceOwnedQuerySet
from core.text import PlainText
from forces.models import Force
from recommendations.models import ReasonedChange, Report


class LocalPolicingBody(models.Model):
    """The body that held a force's local policing role for a while (Police Act 1996
    s101(1)), as the cited reference file gives it (policing_bodies/reference/).

    Where a date is not known exactly but its sources bound it, ``since_earliest`` (or
    ``until_earliest``) holds the earliest day it can be and ``since`` (``until``) the
    latest: between the two, who held the role is unknown."""

    class Kind(models.TextChoices):
        PCC = "pcc", "Police and crime commissioner"
        PFCC = "pfcc", "Police, fire and crime commissioner"
        MOPAC = "mopac", "Mayor's Office for Policing and Crime"
        COMMON_COUNCIL = "common_council", "Common Council of the City of London"
        MAYOR = "mayor", "Mayor exercising police and crime commissioner functions"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="policing_bodies")
    kind = models.CharField(max_length=20, choices=Kind)
    name = models.CharField(max_length=200)
    name_cy = models.CharField(
        max_length=200,
        blank=True,
        help_text="The body's official Welsh name, where it has one (sources in "
        "policing_bodies/migrations/0003_welsh_names.py); empty where it has none.",
    )
    since = models.DateField(
        null=True, blank=True, help_text="Empty: it held the role before this data begins (2012)."
    )
    since_earliest = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True, help_text="Empty: it holds the role still.")
    until_earliest = models.DateField(null=True, blank=True)
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500)
    website = models.URLField(max_length=300, blank=True)
    note = models.TextField(blank=True)

    objects = ForceOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["force__name", "since", "id"]
        verbose_name_plural = "local policing bodies"
        constraints = [
            models.UniqueConstraint(fields=["force", "name"], name="one_entry_per_body_and_force"),
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gt=models.F("since")),
                name="policing_body_ends_after_it_begins",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the page's language: the Welsh name on a Welsh page, where there
        is one; otherwise the name as the reference file gives it."""
        if self.name_cy and translation.get_language() == "cy":
            return self.name_cy
        return self.name

    def may_hold_on(self, day: datetime.date) -> bool:
        """Whether it may have held the role on the day, as far as the sources tell."""
        starts = self.since_earliest or self.since
        return (starts is None or starts <= day) and (self.until is None or day < self.until)


class PublicationDay(ReasonedChange):
    """The exact day a report was published, set by an inspector where the report's file
    gives only the month or year; the 56-day period begins on it. The latest entered
    stands; the earlier ones are kept."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="publication_days")
    published_on = models.DateField()

    class Meta(ReasonedChange.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="publication_day_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.report.slug} published on {self.published_on:%Y-%m-%d}"


class Response(models.Model):
    """A local policing body's published comments on a report (Police Act 1996 s55(5A)):
    when, where, and whether they say, for every recommendation addressed to its force,
    what has been or will be done, or why nothing (s55(5B)).

    Appended, never edited: a correction is a new row, which stands from then on."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="responses")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="responses")
    published_on = models.DateField(help_text="The day the body published its comments.")
    url = models.URLField(max_length=500, help_text="Where the comments are published.")
    answers_every_recommendation = models.BooleanField(
        help_text="Every recommendation addressed to the force is answered (s55(5B))."
    )
    note = models.TextField(
        blank=True,
        max_length=5_000,
        validators=[PlainText("the note")],
        help_text="For staff only; never shown publicly.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ForceOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["report", "force", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.force}: response to {self.report.slug} published {self.published_on}"
