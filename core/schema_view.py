"""The view that serves the API's OpenAPI description (apart from core.viewsets, which
drf-spectacular's views import through the schema class)."""

from drf_spectacular.views import SpectacularAPIView

from .viewsets import ErrorsAsJSON


class SchemaView(ErrorsAsJSON, SpectacularAPIView):
    """The OpenAPI description, as YAML or JSON; a bad `?format=` is a JSON 400."""
