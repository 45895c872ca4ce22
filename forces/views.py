from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .filters import ForceFilter
from .models import Force


@require_safe
def force_list(request):
    """Every force, found by name and filtered by country and 2017 grades."""
    query = request.GET.copy()
    name = query.pop("q", [""])[-1].strip()
    filterset = ForceFilter(data=query, queryset=Force.objects.all())
    if not filterset.is_valid():
        return render(
            request, "forces/force_list.html", {"filterset": filterset, "q": name}, status=400
        )
    forces = filterset.qs
    if name:
        forces = forces.filter(Q(name__icontains=name) | Q(slug__icontains=name))
    return render(
        request, "forces/force_list.html", {"forces": forces, "filterset": filterset, "q": name}
    )
