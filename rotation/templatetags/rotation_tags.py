from django import template

from rotation.namesakes import namesake_details
from rotation.navigation import program_tabs as tabs_of
from rotation.selectors.partners import programs_of_partner, upcoming_sessions_in_room

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or an empty list: {% for w in warnings|get_item:session.pk %}."""
    return mapping.get(key, []) if mapping else []


@register.filter
def namesakes(rows):
    """{% with details=enrollments|namesakes %}: learner id → what tells learners who share a
    name apart (rotation.namesakes). `rows` hold learners, or have a `.learner`, or are tuples
    whose first member has one (the attendance sheet's (enrollment, status))."""
    learners = []
    for row in rows:
        row = row[0] if isinstance(row, tuple) else row
        learners.append(getattr(row, "learner", row))
    return namesake_details(learners)


@register.simple_tag
def partner_programs(organization):
    """The programs an organization takes part in, for the partners directory's pages (partners
    sits below rotation, so its pages ask for them here)."""
    return programs_of_partner(organization=organization)


@register.simple_tag
def upcoming_room_sessions(room):
    """A meeting room's upcoming sessions, for the partners directory's room page."""
    return list(upcoming_sessions_in_room(room=room))


@register.simple_tag(takes_context=True)
def program_tabs(context, program):
    """{% program_tabs program as tabs %}: the program's tab row, the page's own tab current."""
    match = getattr(context.get("request"), "resolver_match", None)
    return tabs_of(program=program, here=match.view_name if match else "")
