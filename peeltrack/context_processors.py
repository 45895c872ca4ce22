from django.urls import reverse
from django.utils.translation import gettext as _

from core import access
from core.context_processors import dates
from plans.models import Submission


def navigation(request):
    """The service navigation for this person's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        (_("Dashboard"), reverse("recommendations:dashboard"), True),
        (_("Overdue report"), reverse("recommendations:overdue"), True),
        (_("Reports"), reverse("recommendations:reports"), True),
        (_("Responses"), reverse("responses:index"), False),
    ]
    if access.own_force_id(user) is not None:
        items.append((_("My force"), reverse("plans:force", args=[user.force.slug]), True))
    if access.sees_every_force(user):
        items.append((_("Forces"), reverse("forces:list"), False))
        items.append((_("Activity"), reverse("audit:activity"), False))
    if access.may_assess(user):
        waiting = Submission.objects.awaiting().count()
        items.append(
            (
                _("Assessments (%(waiting)s waiting)") % {"waiting": waiting},
                reverse("plans:queue"),
                False,
            )
        )
    if access.may_record_progress(user):
        items.append((_("Record progress"), reverse("recommendations:record"), False))
    if access.PUBLISH(user):
        items.append((_("Publish"), reverse("publishing"), False))
    if user.is_staff:
        items.append((_("Administration"), reverse("admin:index"), False))
    query = dates(request)["as_of_query"]
    return {
        "navigation": [
            {
                "label": label,
                "url": url + (query if carries_dates else ""),
                "current": request.path == url,
            }
            for label, url, carries_dates in items
        ],
        "role_label": access.role_label(user),
    }
