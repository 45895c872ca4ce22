"""What each message says, in the GOV.UK Notify style: short, plain, one link.

Every message is drawn by the same two templates (plain text and HTML) from an
:class:`Email`: a greeting, a few paragraphs, the milestone in an inset, a list where
a digest needs one, the link, and why the person gets it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.services import describe
from recommendations.progress import Standing

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from accounts.models import User
    from forces.models import Force
    from plans.models import Submission
    from policing_bodies.obligations import Obligation
    from recommendations.models import Milestone

TEXT_TEMPLATE = "notices/email/message.txt"
HTML_TEMPLATE = "notices/email/message.html"


def site_url(path: str) -> str:
    """An address on the site, absolute: mail is read far from any request."""
    site: str = settings.PEELTRACK_SITE_URL
    return site + path


def long_date(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def name_of(user: AbstractUser) -> str:
    return user.get_full_name() or user.get_username()


def milestone_line(milestone: Milestone) -> str:
    return milestone.full_name


@dataclass(frozen=True)
class Email:
    subject: str
    greeting: str
    paragraphs: list[str]
    link_text: str
    link_path: str
    why: str
    inset: str = ""
    after_inset: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    def render(self) -> tuple[str, str]:
        """(plain text, HTML)."""
        context = {"email": self, "link_url": site_url(self.link_path)}
        return (
            render_to_string(TEXT_TEMPLATE, context),
            render_to_string(HTML_TEMPLATE, context),
        )


def force_page(force: Force) -> str:
    return reverse("plans:force", args=[force.slug])


def due_soon(person: User, standing: Standing) -> Email:
    force, milestone = standing.force, standing.milestone
    assert force is not None, "Reminders are of force milestones, to the force's liaisons."
    due, until = milestone.due_on, standing.days_until_due
    assert due is not None and until is not None, "Only dated milestones are reminded of."
    when = "today" if until == 0 else f"in {days(until)}"
    return Email(
        subject=f"{milestone.recommendation.label} ({milestone.code}) is due {when} – {force.name}",
        greeting=f"Dear {name_of(person)}",
        paragraphs=[f"{force.name}'s milestone is due {when}, on {long_date(due)}:"],
        inset=milestone_line(milestone),
        after_inset=[f"Status today: {standing.status_label}."],
        link_text=f"See {force.name}'s milestones and action plans",
        link_path=force_page(force),
        why=f"You get this reminder because you are a force liaison for {force.name}. "
        "Reminders of your force's deadlines cannot be turned off.",
    )


def overdue(person: User, standing: Standing) -> Email:
    force, milestone = standing.force, standing.milestone
    assert force is not None, "Reminders are of force milestones, to the force's liaisons."
    assert milestone.due_on is not None, "Only a dated milestone is overdue."
    after = [
        f"It was due on {long_date(milestone.due_on)}, {days(standing.days_overdue)} ago.",
        f"Status today: {standing.status_label}.",
    ]
    if standing.is_escalated:
        after.append(
            f"It has been overdue for more than {days(settings.PEELTRACK_ESCALATE_AFTER_DAYS)}, "
            "so it is now escalated to managers."
        )
    return Email(
        subject=f"{milestone.recommendation.label} ({milestone.code}) is overdue – {force.name}",
        greeting=f"Dear {name_of(person)}",
        paragraphs=[f"{force.name}'s milestone is overdue:"],
        inset=milestone_line(milestone),
        after_inset=after,
        link_text=f"See {force.name}'s milestones and action plans",
        link_path=force_page(force),
        why=f"You get this notice because you are a force liaison for {force.name}. "
        "You will be sent one each week while the milestone stays overdue. Overdue notices "
        "cannot be turned off.",
    )


def _response_link(obligation: Obligation) -> str:
    return reverse("responses:obligation", args=[obligation.report.slug, obligation.force.slug])


def response_due_soon(person: User, obligation: Obligation) -> Email:
    """To a force's liaison: their local policing body's comments on a report are due."""
    force, report, until = obligation.force, obligation.report, obligation.days_until_due
    assert obligation.due_on is not None and until is not None, "Only a dated response is due."
    when = "today" if until == 0 else f"in {days(until)}"
    return Email(
        subject=f"Response to {report.title} is due {when} – {obligation.body_name}",
        greeting=f"Dear {name_of(person)}",
        paragraphs=[
            f"{obligation.body_name} must publish its comments on {report.title} by "
            f"{long_date(obligation.due_on)}, {when}: the end of the 56 days beginning with "
            "the day the report was published (Police Act 1996, section 55).",
            "The comments say, for each recommendation addressed to the force, what has been "
            "or will be done, or why nothing.",
        ],
        link_text="Record the response once it is published",
        link_path=_response_link(obligation),
        why=f"You get this reminder because you are a force liaison for {force.name}. "
        "Reminders of your force's deadlines cannot be turned off.",
    )


def responses_due_soon(person: User, rows: list[Obligation]) -> Email:
    """To an inspector: the bodies yet to respond to one report, due on one day."""
    first = rows[0]
    report, until = first.report, first.days_until_due
    assert first.due_on is not None and until is not None, "Only dated responses are due."
    when = "today" if until == 0 else f"in {days(until)}"
    count = len(rows)
    return Email(
        subject=f"{count} response{'s' if count != 1 else ''} to {report.title} due {when}",
        greeting=f"Dear {name_of(person)}",
        paragraphs=[
            f"{count} local policing bod{'ies have' if count != 1 else 'y has'} not yet "
            f"published comments on {report.title}, due by {long_date(first.due_on)}:"
        ],
        items=[f"{o.body_name} ({o.force.name})" for o in rows],
        link_text="See every local policing body's response",
        link_path=f"{reverse('responses:index')}?report={report.slug}",
        why="You get this reminder because you are an inspector.",
    )


def overdue_digest(
    person: User,
    rows: list[Standing],
    as_of: datetime.date,
    responses: list[Obligation] | None = None,
) -> Email:
    """Everything overdue, one line per milestone: the owners behind on it share its age;
    then the local policing bodies' responses overdue."""
    by_milestone: dict[int, list[Standing]] = {}
    for standing in rows:
        by_milestone.setdefault(standing.milestone.pk, []).append(standing)
    items = []
    escalated = 0
    for group in by_milestone.values():
        first = group[0]
        milestone = first.milestone
        assert milestone.due_on is not None, "Only a dated milestone is overdue."
        owners = ", ".join(s.owner.name for s in group)
        mark = "ESCALATED: " if first.is_escalated else ""
        escalated += len(group) if first.is_escalated else 0
        items.append(
            f"{mark}{milestone.full_name} (due {short_date(milestone.due_on)}, "
            f"{days(first.days_overdue)} overdue) – {len(group)} behind: {owners}"
        )
    count = len(rows)
    if count:
        summary = f"{count} milestone{'s are' if count != 1 else ' is'} overdue across forces "
    else:
        summary = "No milestone is overdue across forces "
    summary += f"and national bodies as of {long_date(as_of)}."
    paragraphs = [summary]
    if escalated:
        paragraphs.append(
            f"{escalated} of them {'are' if escalated != 1 else 'is'} escalated: overdue for "
            f"more than {days(settings.PEELTRACK_ESCALATE_AFTER_DAYS)}."
        )
    late = responses or []
    if late:
        paragraphs.append(
            f"{len(late)} local policing bod{'ies have' if len(late) != 1 else 'y has'} not "
            "published comments on a report within its 56 days."
        )
        for obligation in late:
            assert obligation.due_on is not None, "Only a dated response is overdue."
            items.append(
                f"Response overdue: {obligation.body_name} ({obligation.force.name}) on "
                f"{obligation.report.title} (due {short_date(obligation.due_on)}, "
                f"{days(obligation.days_overdue)} overdue)"
            )
    what = "Overdue milestones and responses" if late else "Overdue milestones"
    return Email(
        subject=f"{what}: weekly digest for {short_date(as_of)}",
        greeting=f"Dear {name_of(person)}",
        paragraphs=paragraphs,
        items=items,
        link_text="See the overdue report",
        link_path=f"{reverse('recommendations:overdue')}?as_of={as_of.isoformat()}",
        why="You get this digest every Monday because you are a manager. You can turn "
        "digests off in your email settings.",
    )


def waiting_digest(person: User, waiting: list[Submission], as_of: datetime.date) -> Email:
    oldest = waiting[0]
    age = (as_of - timezone.localdate(oldest.submitted_at)).days
    count = len(waiting)
    items = [
        f"{s.force.name}, {s.action_plan.recommendation.label.lower()}, submitted "
        f"{short_date(timezone.localdate(s.submitted_at))}"
        for s in waiting
    ]
    return Email(
        subject=f"{count} submission{'s' if count != 1 else ''} waiting for assessment",
        greeting=f"Dear {name_of(person)}",
        paragraphs=[
            f"{count} submission{'s are' if count != 1 else ' is'} waiting for assessment. "
            f"The oldest has waited {days(age)}."
        ],
        items=items,
        link_text="See the submissions waiting",
        link_path=reverse("plans:queue"),
        why="You get this digest each day that submissions are waiting because you are an "
        "inspector. You can turn digests off in your email settings.",
    )


def submission_decided(person: User, submission: Submission) -> Email:
    recommendation = submission.action_plan.recommendation
    force = submission.force
    decider = submission.decided_by
    assert decider is not None, "A decided submission has the inspector who decided it."
    decided_by = name_of(decider)
    if submission.state == submission.State.ACCEPTED:
        subject = f"Submission accepted – {force.name}, {recommendation.label.lower()}"
        paragraphs = [
            f"{decided_by} accepted {force.name}'s submission for "
            f"{recommendation.label.lower()} on "
            f"{long_date(timezone.localdate(submission.decided_at))}."
        ]
        inset = f"What the assessment rests on: {submission.decision_note}"
        if submission.progress_record is not None:
            record = submission.progress_record
            paragraphs.append(
                f"{record.milestone.full_name} is recorded as "
                f"{record.get_status_display().lower()} from {long_date(record.effective_on)}."
            )
    else:
        subject = f"Submission returned – {force.name}, {recommendation.label.lower()}"
        paragraphs = [
            f"{decided_by} returned {force.name}'s submission for "
            f"{recommendation.label.lower()} to the force on "
            f"{long_date(timezone.localdate(submission.decided_at))}."
        ]
        inset = f"Reason: {submission.decision_note}"
    return Email(
        subject=subject,
        greeting=f"Dear {name_of(person)}",
        paragraphs=paragraphs,
        inset=inset,
        link_text="See the submission",
        link_path=reverse("plans:plan", args=[submission.action_plan_id]),
        why=f"You get this email because you are a force liaison for {force.name}.",
    )


def role_changed(
    person: User, *, before_role: str, before_force: Force | None, by: User | None, reason: str
) -> Email:
    before = describe(before_role, before_force)
    after = describe(person.role, person.force)
    paragraphs = [f"Your role in peeltrack has changed from {before} to {after}."]
    if by is not None and by.pk != person.pk:
        paragraphs.append(f"The change was made by {name_of(by)}.")
    return Email(
        subject="Your role in peeltrack has changed",
        greeting=f"Dear {name_of(person)}",
        paragraphs=paragraphs,
        inset=f"Reason: {reason}" if reason else "",
        link_text="Sign in to peeltrack",
        link_path=reverse("recommendations:dashboard"),
        why="You get this email because your account's role or force changed. If you did "
        "not expect it, tell your administrator.",
    )
