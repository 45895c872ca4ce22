import datetime

from django.urls import reverse

from . import access


def as_of(request):
    """Carries an explicitly chosen as-of date into every link of the page."""
    value = request.GET.get("as_of", "")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return {"as_of_query": "", "as_of_param": ""}
    return {"as_of_query": f"?as_of={value}", "as_of_param": value}


def navigation(request):
    """The service navigation for this person's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    query = as_of(request)["as_of_query"]
    items = [("Dashboard", reverse("recommendations:dashboard"), query)]
    items.append(("Overdue report", reverse("recommendations:overdue"), query))
    if access.liaison_force(user):
        items.append(
            ("My force", reverse("forces:detail", args=[access.liaison_force(user).slug]), "")
        )
    if access.sees_all_forces(user):
        items.append(("Forces", reverse("forces:list"), query))
        items.append(("Activity", reverse("recommendations:activity"), ""))
    if access.can_assess(user):
        items.append(("Assessments", reverse("recommendations:queue"), ""))
    if access.can_record_progress(user):
        items.append(("Record progress", reverse("recommendations:record"), ""))
    if user.is_staff:
        items.append(("Administration", reverse("admin:index"), ""))
    return {
        "navigation": [
            {"label": label, "url": url + extra, "current": request.path == url}
            for label, url, extra in items
        ],
        "role_label": access.role_label(user),
    }
