from django import template

from teaching.forms import PrintingRecordForm
from teaching.selectors.sessions import materials_by_session

register = template.Library()


@register.inclusion_tag("teaching/_printing_form.html")
def printing_form(organization, programs):
    """The form that records printing, for the partner's contribution page (partners sits below
    teaching, so the page asks for the form here instead of importing it)."""
    return {
        "organization": organization,
        "form": PrintingRecordForm(organization=organization, programs=programs),
    }


@register.simple_tag
def materials_for(sessions) -> dict[int, list]:
    """Each session's materials by session id, in one query, for rotation's pages about
    sessions (rotation sits below teaching, so the page asks for them here)."""
    return materials_by_session(sessions=sessions)
