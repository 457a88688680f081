from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or an empty list: {% for w in warnings|get_item:session.pk %}."""
    return mapping.get(key, []) if mapping else []
