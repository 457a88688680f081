from django import template

from audit.actions import ACTIONS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


@register.filter
def audit_value(value) -> str:
    """An old or new value in words: empty for None, lists joined, booleans as yes/no."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(audit_value(each) for each in value)
    return str(value)
