"""What each message says, in the GOV.UK Notify style: short, plain, one link.

Every message is drawn by the same two templates (plain text and HTML) from an
:class:`Email`: a greeting, a few paragraphs, the milestone in an inset, a list where
a digest needs one, the link, and why the person gets it.

Each is worded in the language active when it is composed: notices.delivery composes
every message inside its recipient's language, so these never choose one themselves.
Its addresses are reversed then too, so a Welsh message links to Welsh pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from core import written
from core.access import Role
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


long_date = written.weekday
short_date = written.short_day


def days(count: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def role_in_words(role: str, force: Force | None) -> str:
    """A role as a sentence names it: "force liaison for Durham", "no role"."""
    if not role:
        return gettext("no role")
    label = str(Role(role).label).lower()
    if force is None:
        return label
    return gettext("%(role)s for %(force)s") % {"role": label, "force": force.local_name}


def greeting(person: AbstractUser) -> str:
    return gettext("Dear %(person)s") % {"person": name_of(person)}


def name_of(user: AbstractUser) -> str:
    return user.get_full_name() or user.get_username()


def milestone_line(milestone: Milestone) -> str:
    return milestone.full_name


def english_of(*milestones: Milestone) -> tuple[str, ...]:
    """The descriptions of these milestones that have no Welsh (Email.english)."""
    return tuple(m.description for m in milestones if not m.description_cy)


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
    # Words in it that exist only in English (milestones' descriptions with no Welsh):
    # the HTML marks them lang="en" in a message in another language.
    english: tuple[str, ...] = ()

    def render(self) -> tuple[str, str]:
        """(plain text, HTML)."""
        context = {"email": self, "link_url": site_url(self.link_path)}
        return (
            render_to_string(TEXT_TEMPLATE, context),
            render_to_string(HTML_TEMPLATE, context),
        )


def force_page(force: Force) -> str:
    return reverse("plans:force", args=[force.slug])


def _liaison_why(force: Force, *, notice: bool = False) -> str:
    if notice:
        return gettext(
            "You get this notice because you are a force liaison for %(force)s. You will be "
            "sent one each week while the milestone stays overdue. Overdue notices cannot be "
            "turned off."
        ) % {"force": force.local_name}
    return gettext(
        "You get this reminder because you are a force liaison for %(force)s. Reminders of "
        "your force's deadlines cannot be turned off."
    ) % {"force": force.local_name}


def due_soon(person: User, standing: Standing) -> Email:
    force, milestone = standing.force, standing.milestone
    assert force is not None, "Reminders are of force milestones, to the force's liaisons."
    due, until = milestone.due_on, standing.days_until_due
    assert due is not None and until is not None, "Only dated milestones are reminded of."
    words = {
        "item": milestone.recommendation.label,
        "code": milestone.code,
        "force": force.local_name,
        "days": days(until),
        "day": long_date(due),
    }
    if until == 0:
        subject = gettext("%(item)s (%(code)s) is due today – %(force)s") % words
        paragraph = gettext("%(force)s's milestone is due today, on %(day)s:") % words
    else:
        subject = gettext("%(item)s (%(code)s) is due in %(days)s – %(force)s") % words
        paragraph = gettext("%(force)s's milestone is due in %(days)s, on %(day)s:") % words
    return Email(
        subject=subject,
        greeting=greeting(person),
        paragraphs=[paragraph],
        inset=milestone_line(milestone),
        english=english_of(milestone),
        after_inset=[gettext("Status today: %(status)s.") % {"status": standing.status_label}],
        link_text=gettext("See %(force)s's milestones and action plans") % words,
        link_path=force_page(force),
        why=_liaison_why(force),
    )


def overdue(person: User, standing: Standing) -> Email:
    force, milestone = standing.force, standing.milestone
    assert force is not None, "Reminders are of force milestones, to the force's liaisons."
    assert milestone.due_on is not None, "Only a dated milestone is overdue."
    words = {
        "item": milestone.recommendation.label,
        "code": milestone.code,
        "force": force.local_name,
    }
    after = [
        gettext("It was due on %(day)s, %(days)s ago.")
        % {"day": long_date(milestone.due_on), "days": days(standing.days_overdue)},
        gettext("Status today: %(status)s.") % {"status": standing.status_label},
    ]
    if standing.is_escalated:
        after.append(
            gettext(
                "It has been overdue for more than %(days)s, so it is now escalated to managers."
            )
            % {"days": days(settings.PEELTRACK_ESCALATE_AFTER_DAYS)}
        )
    return Email(
        subject=gettext("%(item)s (%(code)s) is overdue – %(force)s") % words,
        greeting=greeting(person),
        paragraphs=[gettext("%(force)s's milestone is overdue:") % words],
        inset=milestone_line(milestone),
        english=english_of(milestone),
        after_inset=after,
        link_text=gettext("See %(force)s's milestones and action plans") % words,
        link_path=force_page(force),
        why=_liaison_why(force, notice=True),
    )


def _response_link(obligation: Obligation) -> str:
    return reverse("responses:obligation", args=[obligation.report.slug, obligation.force.slug])


def response_due_soon(person: User, obligation: Obligation) -> Email:
    """To a force's liaison: their local policing body's comments on a report are due."""
    force, report, until = obligation.force, obligation.report, obligation.days_until_due
    assert obligation.due_on is not None and until is not None, "Only a dated response is due."
    words = {
        "report": report.title,
        "body": obligation.body_name,
        "days": days(until),
        "day": long_date(obligation.due_on),
    }
    if until == 0:
        subject = gettext("Response to %(report)s is due today – %(body)s") % words
        first = gettext(
            "%(body)s must publish its comments on %(report)s by %(day)s, today: the end of "
            "the 56 days beginning with the day the report was published (Police Act 1996, "
            "section 55)."
        )
    else:
        subject = gettext("Response to %(report)s is due in %(days)s – %(body)s") % words
        first = gettext(
            "%(body)s must publish its comments on %(report)s by %(day)s, in %(days)s: the "
            "end of the 56 days beginning with the day the report was published (Police Act "
            "1996, section 55)."
        )
    return Email(
        subject=subject,
        greeting=greeting(person),
        paragraphs=[
            first % words,
            gettext(
                "The comments say, for each recommendation addressed to the force, what has "
                "been or will be done, or why nothing."
            ),
        ],
        link_text=gettext("Record the response once it is published"),
        link_path=_response_link(obligation),
        why=_liaison_why(force),
    )


def responses_due_soon(person: User, rows: list[Obligation]) -> Email:
    """To an inspector: the bodies yet to respond to one report, due on one day."""
    first = rows[0]
    report, until = first.report, first.days_until_due
    assert first.due_on is not None and until is not None, "Only dated responses are due."
    count = len(rows)
    words = {
        "count": count,
        "report": report.title,
        "days": days(until),
        "day": long_date(first.due_on),
    }
    if until == 0:
        subject = ngettext(
            "%(count)s response to %(report)s due today",
            "%(count)s responses to %(report)s due today",
            count,
        )
    else:
        subject = ngettext(
            "%(count)s response to %(report)s due in %(days)s",
            "%(count)s responses to %(report)s due in %(days)s",
            count,
        )
    return Email(
        subject=subject % words,
        greeting=greeting(person),
        paragraphs=[
            ngettext(
                "%(count)s local policing body has not yet published comments on %(report)s, "
                "due by %(day)s:",
                "%(count)s local policing bodies have not yet published comments on "
                "%(report)s, due by %(day)s:",
                count,
            )
            % words
        ],
        items=[f"{o.body_name} ({o.force.local_name})" for o in rows],
        link_text=gettext("See every local policing body's response"),
        link_path=f"{reverse('responses:index')}?report={report.slug}",
        why=gettext("You get this reminder because you are an inspector."),
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
        line = {
            "milestone": milestone.full_name,
            "day": short_date(milestone.due_on),
            "days": days(first.days_overdue),
            "count": len(group),
            "owners": ", ".join(s.force.local_name if s.force else s.owner.name for s in group),
        }
        if first.is_escalated:
            escalated += len(group)
            item = gettext(
                "ESCALATED: %(milestone)s (due %(day)s, %(days)s overdue) – %(count)s behind: "
                "%(owners)s"
            )
        else:
            item = gettext(
                "%(milestone)s (due %(day)s, %(days)s overdue) – %(count)s behind: %(owners)s"
            )
        items.append(item % line)
    count = len(rows)
    day = long_date(as_of)
    if count:
        summary = ngettext(
            "%(count)s milestone is overdue across forces and national bodies as of %(day)s.",
            "%(count)s milestones are overdue across forces and national bodies as of %(day)s.",
            count,
        ) % {"count": count, "day": day}
    else:
        summary = gettext(
            "No milestone is overdue across forces and national bodies as of %(day)s."
        ) % {"day": day}
    paragraphs = [summary]
    if escalated:
        paragraphs.append(
            ngettext(
                "%(count)s of them is escalated: overdue for more than %(days)s.",
                "%(count)s of them are escalated: overdue for more than %(days)s.",
                escalated,
            )
            % {"count": escalated, "days": days(settings.PEELTRACK_ESCALATE_AFTER_DAYS)}
        )
    late = responses or []
    if late:
        paragraphs.append(
            ngettext(
                "%(count)s local policing body has not published comments on a report within "
                "its 56 days.",
                "%(count)s local policing bodies have not published comments on a report "
                "within its 56 days.",
                len(late),
            )
            % {"count": len(late)}
        )
        for obligation in late:
            assert obligation.due_on is not None, "Only a dated response is overdue."
            items.append(
                gettext(
                    "Response overdue: %(body)s (%(force)s) on %(report)s (due %(day)s, "
                    "%(days)s overdue)"
                )
                % {
                    "body": obligation.body_name,
                    "force": obligation.force.local_name,
                    "report": obligation.report.local_title,
                    "day": short_date(obligation.due_on),
                    "days": days(obligation.days_overdue),
                }
            )
    if late:
        subject = gettext("Overdue milestones and responses: weekly digest for %(day)s")
    else:
        subject = gettext("Overdue milestones: weekly digest for %(day)s")
    return Email(
        subject=subject % {"day": short_date(as_of)},
        greeting=greeting(person),
        paragraphs=paragraphs,
        items=items,
        english=(
            *english_of(*(group[0].milestone for group in by_milestone.values())),
            *(o.report.title for o in late if not o.report.title_cy),
        ),
        link_text=gettext("See the overdue report"),
        link_path=f"{reverse('recommendations:overdue')}?as_of={as_of.isoformat()}",
        why=gettext(
            "You get this digest every Monday because you are a manager. You can turn "
            "digests off in your email settings."
        ),
    )


def waiting_digest(person: User, waiting: list[Submission], as_of: datetime.date) -> Email:
    oldest = waiting[0]
    age = (as_of - timezone.localdate(oldest.submitted_at)).days
    count = len(waiting)
    items = [
        gettext("%(force)s, %(item)s, submitted %(day)s")
        % {
            "force": s.force.local_name,
            "item": s.action_plan.recommendation.label.lower(),
            "day": short_date(timezone.localdate(s.submitted_at)),
        }
        for s in waiting
    ]
    return Email(
        subject=ngettext(
            "%(count)s submission waiting for assessment",
            "%(count)s submissions waiting for assessment",
            count,
        )
        % {"count": count},
        greeting=greeting(person),
        paragraphs=[
            ngettext(
                "%(count)s submission is waiting for assessment. The oldest has waited %(days)s.",
                "%(count)s submissions are waiting for assessment. The oldest has waited %(days)s.",
                count,
            )
            % {"count": count, "days": days(age)}
        ],
        items=items,
        link_text=gettext("See the submissions waiting"),
        link_path=reverse("plans:queue"),
        why=gettext(
            "You get this digest each day that submissions are waiting because you are an "
            "inspector. You can turn digests off in your email settings."
        ),
    )


def submission_decided(person: User, submission: Submission) -> Email:
    recommendation = submission.action_plan.recommendation
    force = submission.force
    decider = submission.decided_by
    assert decider is not None, "A decided submission has the inspector who decided it."
    words = {
        "person": name_of(decider),
        "force": force.local_name,
        "item": recommendation.label.lower(),
        "day": long_date(timezone.localdate(submission.decided_at)),
    }
    if submission.state == submission.State.ACCEPTED:
        subject = gettext("Submission accepted – %(force)s, %(item)s") % words
        paragraphs = [
            gettext("%(person)s accepted %(force)s's submission for %(item)s on %(day)s.") % words
        ]
        inset = gettext("What the assessment rests on: %(note)s") % {
            "note": submission.decision_note
        }
        if submission.progress_record is not None:
            record = submission.progress_record
            paragraphs.append(
                gettext("%(milestone)s is recorded as %(status)s from %(day)s.")
                % {
                    "milestone": record.milestone.full_name,
                    "status": record.get_status_display().lower(),
                    "day": long_date(record.effective_on),
                }
            )
    else:
        subject = gettext("Submission returned – %(force)s, %(item)s") % words
        paragraphs = [
            gettext(
                "%(person)s returned %(force)s's submission for %(item)s to the force on %(day)s."
            )
            % words
        ]
        inset = gettext("Reason: %(reason)s") % {"reason": submission.decision_note}
    return Email(
        subject=subject,
        greeting=greeting(person),
        paragraphs=paragraphs,
        inset=inset,
        english=english_of(submission.progress_record.milestone)
        if submission.progress_record is not None
        else (),
        link_text=gettext("See the submission"),
        link_path=reverse("plans:plan", args=[submission.action_plan_id]),
        why=gettext("You get this email because you are a force liaison for %(force)s.") % words,
    )


def role_changed(
    person: User, *, before_role: str, before_force: Force | None, by: User | None, reason: str
) -> Email:
    paragraphs = [
        gettext("Your role in peeltrack has changed from %(before)s to %(after)s.")
        % {
            "before": role_in_words(before_role, before_force),
            "after": role_in_words(person.role, person.force),
        }
    ]
    if by is not None and by.pk != person.pk:
        paragraphs.append(gettext("The change was made by %(person)s.") % {"person": name_of(by)})
    return Email(
        subject=gettext("Your role in peeltrack has changed"),
        greeting=greeting(person),
        paragraphs=paragraphs,
        inset=gettext("Reason: %(reason)s") % {"reason": reason} if reason else "",
        link_text=gettext("Sign in to peeltrack"),
        link_path=reverse("recommendations:dashboard"),
        why=gettext(
            "You get this email because your account's role or force changed. If you did "
            "not expect it, tell your administrator."
        ),
    )
