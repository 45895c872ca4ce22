import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.dates import EARLIEST
from core.text import PlainText


class PublicationQuerySet(models.QuerySet["Publication"]):
    def newest_first(self) -> "PublicationQuerySet":
        """The latest publication first: the one the public pages show."""
        return self.order_by("-published_at", "-id")


class Publication(models.Model):
    """The record as it stood at the end of a day, made public: the public pages show the
    standings as known then, and nothing entered afterwards, until the next publication.
    Its day has always ended when it is published, so what it shows can never change."""

    known_on = models.DateField(
        help_text="The day whose record, as entered by the end of that day, is published."
    )
    reason = models.TextField(max_length=5_000, validators=[PlainText("the reason")])
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="publication_has_reason"),
            models.CheckConstraint(
                condition=Q(known_on__gte=EARLIEST), name="publication_known_on_in_the_record"
            ),
        ]

    def __str__(self) -> str:
        return f"Published {self.published_on:%Y-%m-%d}, as known on {self.known_on:%Y-%m-%d}"

    @property
    def published_on(self) -> datetime.date:
        """The UK day it was published: how its address names it (?published=)."""
        return timezone.localdate(self.published_at)
