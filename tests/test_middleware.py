"""peeltrack's middleware has names of its own: a reader of MIDDLEWARE must never take one
of them for Django's class of the same name."""

import importlib
import importlib.util
import inspect
import pkgutil

import django.middleware
from django.apps import apps

from peeltrack import middleware


def djangos_middleware_names() -> set[str]:
    found = pkgutil.iter_modules(django.middleware.__path__, "django.middleware.")
    modules = [module.name for module in found]
    for app in apps.get_app_configs():
        if app.name.startswith("django.") and importlib.util.find_spec(f"{app.name}.middleware"):
            modules.append(f"{app.name}.middleware")
    names = set()
    for module in modules:
        names |= set(vars(importlib.import_module(module)))
    return {name for name in names if name.endswith("Middleware")}


def test_peeltracks_middleware_borrows_no_name_from_django():
    ours = {
        name
        for name, found in vars(middleware).items()
        if inspect.isclass(found) and found.__module__ == middleware.__name__
    }
    assert ours and not ours & djangos_middleware_names()
