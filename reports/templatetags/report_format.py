"""Numbers as the course evaluation prints them; a missing figure prints as a dash."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports.statistics.wording import format_number, format_p_value

register = template.Library()
DASH = "–"


def _missing(value) -> bool:
    """None, or "" where the template looked a figure up on a result that is not there."""
    return value is None or value == ""


@register.filter
def num(value, digits=2):
    return DASH if _missing(value) else format_number(float(value), int(digits))


@register.filter
def percent(value, digits=1):
    """A percentage (0–100) with its sign: "58.3 %"."""
    return DASH if _missing(value) else f"{format_number(float(value), int(digits))} %"


@register.filter
def share(value, digits=0):
    """A proportion (0–1) as a percentage: "67 %"."""
    return DASH if _missing(value) else f"{format_number(100 * float(value), int(digits))} %"


@register.filter
def pvalue(value):
    """ "< 0.001", "0.039", "> 0.999" (without the "p =")."""
    if _missing(value):
        return DASH
    return (
        format_p_value(None if _missing(value) else value).removeprefix("p = ").removeprefix("p ")
    )


@register.filter
def interval(result, digits=2):
    """ "[low, high]" of a result with ci_low/ci_high."""
    if _missing(result) or getattr(result, "ci_low", None) is None:
        return ""
    return f"[{num(result.ci_low, digits)}, {num(result.ci_high, digits)}]"


@register.filter
def p_text(value):
    """ "p = 0.039", "p < 0.001"."""
    return format_p_value(None if _missing(value) else value)


EFFECT_SIZES = re.compile(r"\bd_(z|av)\b")


@register.filter
def subscripts(text):
    """A line of results with its effect sizes as the statistics write them ("d_z = 1.30")
    set as they print: d<sub>z</sub>. The rest of the text is escaped."""
    return mark_safe(EFFECT_SIZES.sub(r"d<sub>\1</sub>", str(escape(text))))  # noqa: S308 -- escaped first


@register.filter
def dollars(value, cents=True):
    """An amount in dollars with thousands separators: "$1,234.50" (cents=False: "$1,235")."""
    if _missing(value):
        return DASH
    return f"${value:,.2f}" if cents not in (False, "0", 0) else f"${value:,.0f}"
