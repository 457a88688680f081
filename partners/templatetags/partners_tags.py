from django import template

register = template.Library()


@register.filter
def hours(value) -> str:
    """3.5 → "3.5", 2.0 → "2", 1.25 → "1.25": exact hours without trailing zeros."""
    return f"{float(value or 0):g}"
