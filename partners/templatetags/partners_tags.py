from django import template

from partners.navigation import organization_tabs as tabs_of

register = template.Library()


@register.filter
def hours(value) -> str:
    """3.5 → "3.5", 2.0 → "2", 1.25 → "1.25": exact hours without trailing zeros."""
    return f"{float(value or 0):g}"


@register.simple_tag
def organization_tabs(organization):
    """{% organization_tabs organization as tabs %}: the organization's tab row."""
    return tabs_of(organization=organization)
