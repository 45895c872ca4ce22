from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .filters import ForceFilter, latest_inspection
from .models import Force, Grade, Judgment


@require_safe
def force_list(request: HttpRequest) -> HttpResponse:
    """Every force, found by name and filtered by country and grades, with its grades in
    the newest inspection."""
    filterset = ForceFilter(data=request.GET, queryset=Force.objects.all())
    inspection = latest_inspection()
    areas = list(inspection.areas.all()) if inspection else []
    context = {
        "filterset": filterset,
        "q": request.GET.get("q", "").strip(),
        "inspection": inspection,
        "areas": areas,
    }
    if not filterset.is_valid():
        return render(request, "forces/force_list.html", context, status=400)
    grades = {
        (force_id, area_id): grade
        for force_id, area_id, grade in Judgment.objects.filter(area__in=areas).values_list(
            "force_id", "area_id", "grade"
        )
    }
    rows = [
        (
            force,
            [
                Grade(grades[(force.pk, a.pk)]).label if (force.pk, a.pk) in grades else "—"
                for a in areas
            ],
        )
        for force in filterset.qs
    ]
    return render(request, "forces/force_list.html", {**context, "rows": rows})
