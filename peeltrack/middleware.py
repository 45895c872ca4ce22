from django.contrib.auth.middleware import LoginRequiredMiddleware
from rest_framework.views import APIView


class LoginRequiredExceptAPIMiddleware(LoginRequiredMiddleware):
    """Sign-in for every page; API views authenticate (token or session) themselves.

    A token arrives with the request but is only checked inside the API view, so the
    middleware must leave API views to DRF, which answers 401 rather than redirecting.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
