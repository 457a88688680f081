"""Forest plot: one estimate with its 95 % interval a row, pooled rows as diamonds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from reports.charts.svg import (
    GRID,
    INK,
    MUTED,
    STATEMENT_CHARACTERS,
    _add,
    _document,
    _nice_step,
    _number,
    _svg,
    _text,
    _truncate,
)


class ForestRow(NamedTuple):
    label: str
    estimate: float | None  # None: not shown (e.g. a suppressed small cell)
    low: float | None = None
    high: float | None = None
    is_pooled: bool = False  # drawn as a diamond, after a rule


def forest_plot(
    rows: Sequence[ForestRow],
    *,
    title: str = "Knowledge gain by cohort",
    unit: str = "points",
    width: float = 640.0,
    label_width: float = 230.0,
    row_height: float = 20.0,
) -> str:
    """Estimates as squares (pooled ones as diamonds) on horizontal 95 % intervals, a line at
    zero; a row without an estimate says "not shown". The axis spans every interval and 0."""
    for row in rows:
        has_interval = row.estimate is not None and None not in (row.low, row.high)
        if has_interval and not row.low <= row.estimate <= row.high:
            raise ValueError(f"{row.label!r}: the estimate lies outside its interval")
    values = [0.0] + [
        value for row in rows for value in (row.estimate, row.low, row.high) if value is not None
    ]
    low, high = min(values), max(values)
    step = _nice_step(high - low) if high > low else 1.0
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if high == low:
        high = low + step
    shown = [row for row in rows if row.estimate is not None]
    top, axis_height, legend_height = 34.0, 22.0, 24.0
    height = top + row_height * len(rows) + axis_height + legend_height
    root = _svg(
        width,
        height,
        title,
        f"Mean change with its 95 % confidence interval for {len(shown)} of {len(rows)} rows, "
        f"in {unit}; a line marks no change.",
    )
    scale_left, scale_right = label_width + 12, width - 60

    def x_of(value: float) -> float:
        return scale_left + (scale_right - scale_left) * (value - low) / (high - low)

    _text(root, width / 2, 18.0, title, text_anchor="middle", font_size=13, font_weight="bold")
    axis_y = top + row_height * len(rows)
    grid = _add(root, "g", class_="grid")
    tick = low
    while tick <= high + step / 2:
        x = x_of(tick)
        _add(grid, "line", x1=x, y1=top, x2=x, y2=axis_y, stroke=GRID, stroke_width=0.5)
        _text(grid, x, axis_y + 14, _number(tick), text_anchor="middle", fill=MUTED)
        tick += step
    _text(root, scale_right + 6, axis_y + 14, unit, fill=MUTED)
    _add(root, "line", class_="zero", x1=x_of(0), y1=top, x2=x_of(0), y2=axis_y, stroke=INK)
    for index, row in enumerate(rows):
        middle = top + index * row_height + row_height / 2
        group = _add(root, "g", class_="pooled" if row.is_pooled else "cohort")
        if row.is_pooled and index and not rows[index - 1].is_pooled:
            y = top + index * row_height
            _add(group, "line", x1=8.0, y1=y, x2=width - 8, y2=y, stroke=MUTED, stroke_width=0.5)
        shown_label = _truncate(row.label, int(STATEMENT_CHARACTERS * label_width / 200))
        weight = "bold" if row.is_pooled else "normal"
        text = _text(
            group, label_width, middle + 4, shown_label, text_anchor="end", font_weight=weight
        )
        if shown_label != row.label:
            _add(text, "title", row.label)
        if row.estimate is None:
            _text(group, scale_left + 4, middle + 4, "not shown", fill=MUTED)
            continue
        if row.low is not None and row.high is not None:
            _add(
                group,
                "line",
                class_="interval",
                x1=x_of(row.low),
                y1=middle,
                x2=x_of(row.high),
                y2=middle,
                stroke=INK,
                stroke_width=1.5,
            )
        x = x_of(row.estimate)
        if row.is_pooled:
            half = 6.0
            points = (
                f"{_number(x - half)},{_number(middle)} {_number(x)},{_number(middle - half)} "
                f"{_number(x + half)},{_number(middle)} {_number(x)},{_number(middle + half)}"
            )
            _add(group, "polygon", class_="estimate", points=points, fill=INK)
        else:
            _add(
                group,
                "rect",
                class_="estimate",
                x=x - 4.0,
                y=middle - 4.0,
                width=8.0,
                height=8.0,
                fill=INK,
            )
        _text(group, width - 54, middle + 4, f"{row.estimate:+.1f}", fill=INK, class_="value")
    legend = _add(root, "g", class_="legend")
    y = height - 10
    _add(legend, "rect", x=12.0, y=y - 8, width=8.0, height=8.0, fill=INK)
    _text(legend, 26, y, "cohort mean change")
    _add(legend, "line", x1=160.0, y1=y - 4, x2=190.0, y2=y - 4, stroke=INK, stroke_width=1.5)
    _text(legend, 196, y, "95 % CI")
    _add(
        legend,
        "polygon",
        points=f"{_number(268)},{_number(y - 4)} {_number(274)},{_number(y - 10)} "
        f"{_number(280)},{_number(y - 4)} {_number(274)},{_number(y + 2)}",
        fill=INK,
    )
    _text(legend, 286, y, "pooled")
    return _document(root)
