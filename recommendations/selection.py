"""What a page, export, command or API call is asked to show: a report, an as-of date,
a known-on date, and filters on forces, milestones and statuses.

The same Selection feeds the dashboard, the overdue report and its downloads, the
API's standings and overdue endpoints and the overdue_report command, so they always
agree on the rows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core import written
from core.dates import today
from core.filters import MONTH, RECORD_DATE
from core.forms import StrictDateField
from forces.filters import FORCE_FILTER_NAMES, force_filterset
from forces.models import Force

from . import catalogue, progress
from .models import Milestone, Report


class MonthField(forms.DateField):
    """YYYY-MM exactly, as the message says (strptime alone also takes 2018-9)."""

    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": _("Enter the due month as YYYY-MM, for example 2018-09.")}

    def to_python(
        self, value: str | datetime.datetime | datetime.date | None
    ) -> datetime.date | None:
        if isinstance(value, str) and value and not re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@extend_schema_field({**MONTH, "description": "Due month, YYYY-MM."})
class MonthFilter(django_filters.Filter):
    field_class = MonthField


@extend_schema_field(RECORD_DATE)
class DateFilter(django_filters.Filter):
    field_class = StrictDateField


# How the API's schema describes each filter (core.schema reads them from this filterset).
@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "example": "durham",
        "description": "Force slugs: repeat the parameter for several (any of them). Leaves "
        "out national bodies' milestones.",
    }
)
class ForceSlugsFilter(django_filters.ModelMultipleChoiceFilter):
    pass


class NamedMilestonesField(django_filters.fields.ModelMultipleChoiceField):
    """Offered by name first, the code second (Milestone.full_name)."""

    def label_from_instance(self, obj: Milestone) -> str:
        return obj.full_name


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "example": "R2-plan",
        "description": "Milestone codes: repeat the parameter for several (any of them).",
    }
)
class MilestoneCodesFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = NamedMilestonesField


def keep(queryset: QuerySet[Force], name: str, value: object) -> QuerySet[Force]:
    # Not a filter on forces: read by Selection once the form is valid.
    return queryset


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "example": "peel-effectiveness-2017",
        "description": "The report whose milestones to show (its slug). Pages show the "
        "newest report with open milestones when none is given; the API, every report.",
    }
)
class ReportSlugFilter(django_filters.ModelChoiceFilter):
    pass


if TYPE_CHECKING:
    # A FilterSet made at run time with the force filters, which mypy cannot follow.
    _ForceFilters = django_filters.FilterSet
else:
    _ForceFilters = force_filterset(empty_labels=True)


class StandingFilter(_ForceFilters):
    """Query-string filters shared by the compliance pages, their exports and the API."""

    def __init__(self, *args: Any, typed_dates: bool = False, **kwargs: Any) -> None:
        """`typed_dates`: the dates as people type them (the pages); else YYYY-MM-DD only
        (the API, commands)."""
        super().__init__(*args, **kwargs)
        if typed_dates:
            for name in ("as_of", "known_on"):
                self.filters[name].extra["typed"] = True

    report = ReportSlugFilter(
        label=_("Report"),
        queryset=Report.objects.newest_first().select_related("inspection"),
        to_field_name="slug",
        method=keep,
        empty_label=None,
        error_messages={"invalid_choice": _("There is no report with the slug %(value)s.")},
    )
    as_of = DateFilter(
        label=_("As of"),
        method=keep,
        what=_("the as-of date"),
        help_text="YYYY-MM-DD; empty for today in the UK.",
    )
    known_on = DateFilter(
        label=_("As known on"),
        method=keep,
        what=_("the known-on date"),
        help_text="YYYY-MM-DD: show the record as it stood at the end of that day.",
    )
    force = ForceSlugsFilter(
        label=_("Force"),
        queryset=Force.objects.all(),
        to_field_name="slug",
        method="filter_force",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no force with the slug %(value)s.")},
    )
    milestone = MilestoneCodesFilter(
        label=_("Milestone"),
        queryset=Milestone.objects.select_related("recommendation"),
        to_field_name="code",
        method=keep,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no milestone with the code %(value)s.")},
    )
    due = MonthFilter(
        label=_("Due month"), method=keep, help_text=_("YYYY-MM, for example 2018-09")
    )
    status = django_filters.MultipleChoiceFilter(
        # The categories' names (marked in progress), in the page's language when shown.
        choices=[(key, gettext_lazy(label)) for key, label in progress.CATEGORIES.items()],
        method=keep,
        label=_("Status"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Force
        fields: list[str] = []

    @property
    def filters_forces(self) -> bool:
        data = self.form.cleaned_data
        return any(data.get(name) for name in ["force", *FORCE_FILTER_NAMES])

    def filter_force(
        self, queryset: QuerySet[Force], name: str, value: list[Force]
    ) -> QuerySet[Force]:
        return queryset.filter(pk__in=[force.pk for force in value]) if value else queryset


def matches_status(standing: progress.Standing, statuses: set[str]) -> bool:
    return not statuses or standing.category in statuses or standing.status in statuses


class Selection:
    """The rows a query asks for. Nothing is read from the database until it is needed,
    so a page whose content is already cached costs no work for it."""

    def __init__(
        self,
        filterset: StandingFilter,
        *,
        force_milestones_only: bool = False,
        default_report: Callable[[Selection], Report | None] | None = None,
        default_as_of: datetime.date | None = None,
    ) -> None:
        data = filterset.form.cleaned_data
        self.filterset = filterset
        self.data = data
        self.force_milestones_only = force_milestones_only
        self.default_report = default_report
        self.as_of: datetime.date = data.get("as_of") or default_as_of or today()
        self.known_on: datetime.date | None = data.get("known_on")
        self.statuses: set[str] = set(data.get("status") or [])
        self.include_national = not force_milestones_only and not filterset.filters_forces

    @classmethod
    def from_filterset(
        cls,
        filterset: StandingFilter,
        *,
        force_milestones_only: bool = False,
        default_report: Callable[[Selection], Report | None] | None = None,
        default_as_of: datetime.date | None = None,
    ) -> Selection:
        """Build from a *valid* filterset. A selection that names no report is of every
        report, or of the one `default_report` chooses (pages: the newest report with
        open milestones, `newest_open_report`, remembered per data version). With no
        as-of date it is as of `default_as_of` (pages: `dates.opening_day`), else today."""
        return cls(
            filterset,
            force_milestones_only=force_milestones_only,
            default_report=default_report,
            default_as_of=default_as_of,
        )

    @cached_property
    def report(self) -> Report | None:
        """The report asked for; for a page that asked for none, the newest report that
        has milestones still open on the as-of date; None for every report."""
        chosen: Report | None = self.data.get("report")
        if chosen is not None or self.default_report is None:
            return chosen
        return self.default_report(self)

    @cached_property
    def report_milestones(self) -> list[Milestone]:
        """Every milestone of the report (of every report, for none), as known on the day."""
        return progress.milestones_as_known(
            catalogue.current().milestones_of(self.report), progress.Knowledge(self.known_on)
        )

    @cached_property
    def milestones(self) -> list[Milestone]:
        """The milestones asked for: those chosen, or due in the month chosen."""
        milestones = self.report_milestones
        if chosen := self.data.get("milestone"):
            wanted = {m.pk for m in chosen}
            milestones = [m for m in milestones if m.pk in wanted]
        if self.force_milestones_only:
            milestones = [m for m in milestones if m.is_for_forces]
        if due := self.data.get("due"):
            milestones = [
                m
                for m in milestones
                if m.due_on is not None and (m.due_on.year, m.due_on.month) == (due.year, due.month)
            ]
        return milestones

    @cached_property
    def forces(self) -> list[Force]:
        if not self.filterset.filters_forces:
            return list(catalogue.current().forces)
        return list(self.filterset.qs)

    @cached_property
    def all_standings(self) -> list[progress.Standing]:
        """Computed once per selection, whatever asks for them."""
        return progress.standings(
            self.as_of,
            milestones=self.milestones,
            forces=self.forces,
            include_national=self.include_national,
            known_on=self.known_on,
        )

    def standings(self, *, apply_status: bool = True) -> list[progress.Standing]:
        if not apply_status:
            return self.all_standings
        return [s for s in self.all_standings if matches_status(s, self.statuses)]

    def standings_to_page(self) -> Sequence[progress.Standing]:
        """The standings, for a page of them: without a status filter, a window that runs
        the rule only for the page's owners; with one, every standing must be worked out
        to know which match, so the filtered list."""
        if self.statuses:
            return self.standings()
        return progress.StandingsWindow(
            self.as_of,
            milestones=self.milestones,
            forces=self.forces,
            include_national=self.include_national,
            known_on=self.known_on,
        )

    def overdue(self) -> list[progress.Standing]:
        return progress.sort_overdue(
            s for s in self.all_standings if s.is_overdue and matches_status(s, self.statuses)
        )

    def shown_filters(self) -> list[tuple[str, str]]:
        """The filters in force, in words for a page's captions: (label, what was
        chosen), names first ("Milestone", "Recommendation 2 — … (R2-plan)"). The
        report and dates are said by the page's heading, so are not here."""
        data = self.data
        fields = self.filterset.form.fields
        found = []
        for name in ["country", "graded", "force", "milestone", "due", "status"]:
            value = data.get(name)
            if not value:
                continue
            label = str(fields[name].label)
            if name == "milestone":
                words = [m.full_name for m in value]
            elif name == "force":
                words = [force.name for force in value]
            elif name == "due":
                words = [written.month(value)]
            else:
                choices = dict(fields[name].choices)  # type: ignore[attr-defined]
                values = value if isinstance(value, list) else [value]
                words = [str(choices.get(v, v)) for v in values]
            # Any of them, as the filters read.
            found.append((label, gettext(" or ").join(words)))
        return found

    @cached_property
    def filter_words(self) -> str:
        """The filters in force in one line, for every table's caption ("" for none)."""
        return "; ".join(f"{label}: {value}" for label, value in self.shown_filters())

    def describe(self) -> list[tuple[str, str, str]]:
        """What was asked for, for downloads: (short key, label, value) for each part."""
        data = self.data
        found = []
        if self.report is not None:
            found.append(("report", gettext("Report"), self.report.slug))
        found.append(("as-of", gettext("As of"), self.as_of.isoformat()))
        if self.known_on:
            found.append(
                ("known-on", gettext("As known on (end of that day)"), self.known_on.isoformat())
            )
        if data.get("due"):
            found.append(("due", gettext("Due month"), data["due"].strftime("%Y-%m")))
        if data.get("milestone"):
            codes = " ".join(sorted(m.code for m in data["milestone"]))
            found.append(("milestone", gettext("Milestones"), codes))
        if data.get("force"):
            forces = " ".join(sorted(f.slug for f in data["force"]))
            found.append(("force", gettext("Forces"), forces))
        for name in FORCE_FILTER_NAMES:
            if data.get(name):
                # The force filters' labels are plain strings (forces.filters).
                label = str(self.filterset.form.fields[name].label)
                value = data[name]
                shown = " ".join(value) if isinstance(value, list) else str(value)
                found.append((name.replace("_", "-"), label, shown))
        if self.statuses:
            found.append(("status", gettext("Status"), " ".join(sorted(self.statuses))))
        return found


def newest_open_report(as_of: datetime.date, known_on: datetime.date | None) -> Report | None:
    """The newest report with a milestone not yet met (or not applicable) by everyone in
    its scope on the date; else the newest report; None when none is loaded.

    Reports are tried newest first, and the rule runs for each only until one is open:
    usually the first, so this costs one run of the rule for one report.
    """
    held = catalogue.current()
    for report in held.reports:  # newest first
        milestones = held.milestones_of(report)
        if not milestones:
            continue
        standings = progress.standings(as_of, milestones=milestones, known_on=known_on)
        if any(s.status not in progress.DONE_STATUSES for s in standings):
            return report
    return held.reports[0] if held.reports else None
