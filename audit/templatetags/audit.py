import re
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from audit.actions import ACTIONS

register = template.Library()

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@register.filter
def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


@register.filter
def field_label(name: str) -> str:
    """`bookable_from` reads as "Bookable from"; labels that are already words stay."""
    return name.replace("_", " ")[:1].upper() + name.replace("_", " ")[1:]


@register.filter
def audit_value(value) -> str:
    """An old or new value in words: a dash for nothing, lists joined, booleans as yes/no,
    times as "Tue 2 Mar 2027, 09:00" in the installation's time zone."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(audit_value(each) for each in value)
    if isinstance(value, str) and ISO_DATETIME.match(value):
        return date_format(timezone.localtime(datetime.fromisoformat(value)), "D j M Y, H:i")
    return str(value)
