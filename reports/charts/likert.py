"""Diverging stacked bars for Likert items."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from reports.charts.svg import (
    GRID,
    INK,
    MUTED,
    STATEMENT_CHARACTERS,
    _add,
    _document,
    _percent,
    _svg,
    _text,
    _wrap,
)

AGREEMENT_LEVELS = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


# ColorBrewer PuOr: disagreement orange, agreement purple; the stronger, the darker. The
# disagreeing side is also hatched, so the sides stay apart in greyscale.
_DISAGREE = ("#b35806", "#f1a340")


_NEUTRAL = "#e0e0e0"


_AGREE = ("#998ec3", "#542788")


def _palette(levels: int) -> list[tuple[str, bool]]:
    """(fill, hatched) for each level, from the most disagreeing to the most agreeing."""
    half = levels // 2
    disagree = [
        _blend(*_DISAGREE, index / (half - 1)) if half > 1 else _DISAGREE[0]
        for index in range(half)
    ]
    agree = [
        _blend(*_AGREE, index / (half - 1)) if half > 1 else _AGREE[1] for index in range(half)
    ]
    middle = [(_NEUTRAL, False)] if levels % 2 else []
    return [(colour, True) for colour in disagree] + middle + [(c, False) for c in agree]


def _rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return red, green, blue


def _blend(first: str, last: str, share: float) -> str:
    pairs = zip(_rgb(first), _rgb(last), strict=True)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in pairs)


def _is_dark(colour: str) -> bool:
    """Relative luminance (sRGB, WCAG) below 0.3: white text reads better on it."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.3


def _statement(parent: ET.Element, statement: str, *, x: float, middle: float) -> None:
    """The statement right-aligned at x on at most two lines; the full text as a tooltip."""
    lines = _wrap(statement, STATEMENT_CHARACTERS)
    text = _add(
        parent,
        "text",
        x=x,
        y=middle + 4 - 6.5 * (len(lines) - 1),
        fill=INK,
        text_anchor="end",
        class_="statement",
    )
    if len(lines) > 1 or lines[0] != statement:
        _add(text, "title", statement)
    for index, line in enumerate(lines):
        _add(text, "tspan", line, x=x, dy="0" if index == 0 else "13")


def likert_diverging_bars(
    items: Sequence[tuple[str, Sequence[int]]],
    *,
    levels: Sequence[str] = AGREEMENT_LEVELS,
    title: str = "Attitudes",
    width: float = 640.0,
    label_width: float = 200.0,
    row_height: float = 30.0,
    chart_id: str = "likert",
) -> str:
    """One horizontal bar per item, its answer levels stacked and centred on the neutral point.

    `items` are (statement, counts per level) with counts ordered as `levels`, from the most
    disagreeing. Disagreement extends left of the centre line, agreement right, the neutral
    level (odd scales) straddles it; the scale runs from 100 % to 100 %. Segments wide enough
    carry their percentage; each bar ends with its n. `chart_id` prefixes the SVG ids, so that
    several charts may share one HTML page.
    """
    level_count = len(levels)
    if level_count < 2:
        raise ValueError("a Likert scale has at least two levels")
    for statement, counts in items:
        if len(counts) != level_count:
            raise ValueError(f"{statement!r} has {len(counts)} counts for {level_count} levels")
        if any(count < 0 for count in counts):
            raise ValueError(f"{statement!r} has a negative count")
    palette = _palette(level_count)
    top = 34.0
    legend_height = 20.0 * math.ceil(level_count / 3) + 8
    axis_height = 22.0
    height = top + row_height * len(items) + axis_height + legend_height
    root = _svg(
        width,
        height,
        title,
        f"Answers to {len(items)} statements on a {level_count}-level agreement scale, "
        "disagreement to the left of the centre line and agreement to the right.",
    )
    defs = _add(root, "defs")
    for index, (colour, hatched) in enumerate(palette):
        if hatched:
            pattern = _add(
                defs,
                "pattern",
                id=f"{chart_id}-hatch-{index}",
                width=6,
                height=6,
                patternUnits="userSpaceOnUse",
                patternTransform="rotate(45)",
            )
            _add(pattern, "rect", width=6, height=6, fill=colour)
            _add(pattern, "line", x1=0, y1=0, x2=0, y2=6, stroke="#ffffff", stroke_width=2)

    def fill(index: int) -> str:
        colour, hatched = palette[index]
        return f"url(#{chart_id}-hatch-{index})" if hatched else colour

    bar_left, bar_right = label_width + 8, width - 56
    centre = (bar_left + bar_right) / 2
    half_span = (bar_right - bar_left) / 2
    _text(root, width / 2, 18.0, title, text_anchor="middle", font_size=13, font_weight="bold")
    axis_y = top + row_height * len(items)
    grid = _add(root, "g", class_="grid")
    for share in (-1.0, -0.5, 0.0, 0.5, 1.0):
        x = centre + share * half_span
        _add(grid, "line", x1=x, y1=top, x2=x, y2=axis_y, stroke=GRID, stroke_width=0.5)
        _text(grid, x, axis_y + 14, _percent(abs(share) * 100), text_anchor="middle", fill=MUTED)

    # Under the bars: it shows in the gaps and does not cross the neutral share's label.
    _add(root, "line", class_="centre", x1=centre, y1=top, x2=centre, y2=axis_y, stroke=INK)
    neutral = level_count // 2 if level_count % 2 else None
    disagreeing = level_count // 2
    for row, (statement, counts) in enumerate(items):
        y = top + row * row_height
        n = sum(counts)
        group = _add(root, "g", class_="item")
        _statement(group, statement, x=label_width, middle=y + row_height / 2)
        _text(group, bar_right + 6, y + row_height / 2 + 4, f"n = {n}", fill=MUTED)
        if n == 0:
            _text(group, centre + 6, y + row_height / 2 + 4, "no answers", fill=MUTED)
            continue
        shares = [count / n for count in counts]
        left_share = sum(shares[:disagreeing]) + (shares[neutral] / 2 if neutral is not None else 0)
        x = centre - left_share * half_span
        for index, share in enumerate(shares):
            segment = share * half_span
            if segment > 0:
                _add(
                    group,
                    "rect",
                    class_=f"level level-{index}",
                    x=x,
                    y=y + 3,
                    width=segment,
                    height=row_height - 6,
                    fill=fill(index),
                    stroke="#ffffff",
                    stroke_width=0.5,
                )
                if segment >= 26 and palette[index][1]:
                    # A light ground keeps the share legible on the hatching.
                    _add(
                        group,
                        "rect",
                        class_="label-ground",
                        x=x + segment / 2 - 13,
                        y=y + row_height / 2 - 6,
                        width=26,
                        height=12,
                        rx=2,
                        fill="#ffffff",
                        fill_opacity=0.85,
                    )
                if segment >= 26:
                    colour, hatched = palette[index]
                    dark = not hatched and _is_dark(colour)
                    _text(
                        group,
                        x + segment / 2,
                        y + row_height / 2 + 4,
                        _percent(share * 100),
                        text_anchor="middle",
                        font_size=9,
                        class_="share",
                        fill="#ffffff" if dark else INK,
                    )
            x += segment

    legend = _add(root, "g", class_="legend")
    column_width = (width - 20) / 3
    for index, level in enumerate(levels):
        column, line = index % 3, index // 3
        x = 10 + column * column_width
        y = axis_y + axis_height + 4 + line * 20
        _add(
            legend,
            "rect",
            x=float(x),
            y=float(y),
            width=14,
            height=12,
            fill=fill(index),
            stroke=MUTED,
            stroke_width=0.5,
        )
        _text(legend, x + 20, y + 10, level)
    return _document(root)
