"""Pages of a long list that never count the whole list.

Django's Paginator counts every row to number its pages; a force's history only needs
"newer" and "older" links, which one extra row answers whatever the list's length.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet


class NextPrevious:
    # `number` as asked for (a query parameter, or None): not a whole number is page 1.
    def __init__(self, queryset: QuerySet[Any], number: Any, per_page: int) -> None:
        self.number: int
        try:
            self.number = max(1, min(int(number), 10**6))
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        self.has_next = len(rows) > per_page
        self.object_list = rows[:per_page]
        self.has_previous = self.number > 1

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __bool__(self) -> bool:
        return bool(self.object_list) or self.has_previous

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1
