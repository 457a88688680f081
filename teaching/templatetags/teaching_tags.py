from django import template

from teaching.forms import PrintingRecordForm

register = template.Library()


@register.inclusion_tag("teaching/_printing_form.html")
def printing_form(organization, programs):
    """The form that records printing, for the partner's contribution page (partners sits below
    teaching, so the page asks for the form here instead of importing it)."""
    return {
        "organization": organization,
        "form": PrintingRecordForm(organization=organization, programs=programs),
    }
