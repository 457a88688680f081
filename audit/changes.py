"""Snapshots of model fields as JSON-safe values, and the {field: [old, new]} between two."""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.db import models
from django.utils import timezone


def json_safe(value):
    """Datetimes in local ISO form to the minute, dates and times ISO, related objects by label."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_safe(each) for each in value]
    if isinstance(value, dict):
        return {str(key): json_safe(each) for key, each in value.items()}
    return str(value)  # model instances, decimals, lazy strings


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The named fields of an instance; a foreign key is recorded as its related object's label."""
    return {name: json_safe(getattr(instance, name)) for name in fields}


EMPTY = (None, "", [])


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field whose value differs; a missing field counts as None,
    and empty to empty ("" to None) is no change."""
    changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if old != new and not (old in EMPTY and new in EMPTY):
            changes[name] = [old, new]
    return changes
