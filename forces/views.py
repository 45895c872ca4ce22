from django.shortcuts import render
from django.views.decorators.http import require_safe

from .filters import ForceFilter
from .models import Force


@require_safe
def force_list(request):
    """Every force, found by name and filtered by country and 2017 grades."""
    filterset = ForceFilter(data=request.GET, queryset=Force.objects.all())
    context = {"filterset": filterset, "q": request.GET.get("q", "").strip()}
    if not filterset.is_valid():
        return render(request, "forces/force_list.html", context, status=400)
    return render(request, "forces/force_list.html", {**context, "forces": filterset.qs})
