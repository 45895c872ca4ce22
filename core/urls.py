"""Path converters shared by every app's URLs."""

from django.urls import register_converter


class IdConverter:
    """A primary key: digits that fit the database's 64-bit integers (else 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: object) -> str:
        return str(value)


register_converter(IdConverter, "id")
