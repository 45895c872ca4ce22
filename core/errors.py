"""Error pages that answer in the caller's language: JSON under /api/, HTML elsewhere.

Django calls these for requests that never reach a view's own error handling: a body
too large to read, a malformed address, an unexpected failure.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"

MESSAGES = {
    400: "The request could not be read: check its body, size and parameters.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    500: "Server error. Nothing was saved half-way.",
}


def _api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": str(exception) or MESSAGES[400]}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": MESSAGES[403]}, status=403)
    return defaults.permission_denied(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": MESSAGES[404]}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": MESSAGES[500]}, status=500)
    return defaults.server_error(request)
