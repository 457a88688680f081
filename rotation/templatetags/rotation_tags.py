from django import template

from rotation.selectors.partners import programs_of_partner, upcoming_sessions_in_room

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or an empty list: {% for w in warnings|get_item:session.pk %}."""
    return mapping.get(key, []) if mapping else []


@register.simple_tag
def partner_programs(organization):
    """The programs an organization takes part in, for the partners directory's pages (partners
    sits below rotation, so its pages ask for them here)."""
    return programs_of_partner(organization=organization)


@register.simple_tag
def upcoming_room_sessions(room):
    """A meeting room's upcoming sessions, for the partners directory's room page."""
    return list(upcoming_sessions_in_room(room=room))
