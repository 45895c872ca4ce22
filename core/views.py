"""The page side of the one write path: a form's input goes to a service, and a
refusal comes back onto the form with the person's input kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest

from .refusals import Refused, put_on_form


@dataclass
class Outcome:
    saved: bool
    result: Any = None
    status: int = 200
    refused: Refused | None = None


def submit(request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], Any]) -> Outcome:
    """On POST, validate the form and call `save(cleaned_data)`.

    Invalid input is a 400 and a refusal its own status (403, 409…), both with the
    form bound to what was typed, so nothing the person typed is lost.
    """
    if request.method != "POST":
        return Outcome(saved=False)
    if not form.is_valid():
        return Outcome(saved=False, status=400)
    try:
        result = save(form.cleaned_data)
    except Refused as refused:
        return Outcome(saved=False, status=put_on_form(form, refused), refused=refused)
    return Outcome(saved=True, result=result)
