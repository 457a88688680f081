"""Each installed app's module of a given name (its `demo`, its `personal_data`), found in
INSTALLED_APPS order, so that a composing command or app names no app itself."""

import importlib
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> list[ModuleType]:
    found = []
    for app_config in apps.get_app_configs():
        try:
            found.append(importlib.import_module(f"{app_config.name}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.{name}":
                raise
    return found
