"""Item facility before and after, as dumbbells."""

from __future__ import annotations

from collections.abc import Sequence

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
    _ticks,
    _truncate,
)


def item_facility_plot(
    items: Sequence[tuple[str, float | None, float | None]],
    *,
    title: str = "Items answered right, before and after",
    width: float = 640.0,
    label_width: float = 200.0,
    row_height: float = 22.0,
) -> str:
    """A dumbbell per item: its facility (proportion right, 0–1) on the pre-test as an open
    circle, on the post-test as a filled one, joined by a line; `None` is left out and the row
    says "not shown" (e.g. a cell of fewer than five learners)."""
    for label, *values in items:
        if any(value is not None and not 0 <= value <= 1 for value in values):
            raise ValueError(f"{label!r}: facility is a proportion between 0 and 1")
    top, axis_height, legend_height = 34.0, 22.0, 24.0
    height = top + row_height * len(items) + axis_height + legend_height
    root = _svg(
        width,
        height,
        title,
        f"Share of learners answering each of {len(items)} items right: open circles before, "
        "filled circles after.",
    )
    scale_left, scale_right = label_width + 12, width - 24

    def x_of(value: float) -> float:
        return scale_left + (scale_right - scale_left) * value

    _text(root, width / 2, 18.0, title, text_anchor="middle", font_size=13, font_weight="bold")
    axis_y = top + row_height * len(items)
    grid = _add(root, "g", class_="grid")
    for tick in _ticks(0.0, 1.0):
        x = x_of(tick)
        _add(grid, "line", x1=x, y1=top, x2=x, y2=axis_y, stroke=GRID, stroke_width=0.5)
        _text(grid, x, axis_y + 14, _percent(tick * 100), text_anchor="middle", fill=MUTED)
    for row, (label, before, after) in enumerate(items):
        middle = top + row * row_height + row_height / 2
        group = _add(root, "g", class_="item")
        shown = _truncate(label, STATEMENT_CHARACTERS)
        text = _text(group, label_width, middle + 4, shown, text_anchor="end", class_="statement")
        if shown != label:
            _add(text, "title", label)
        if before is None and after is None:
            _text(group, scale_left + 4, middle + 4, "not shown", fill=MUTED)
            continue
        if before is not None and after is not None:
            _add(
                group,
                "line",
                class_="change",
                x1=x_of(before),
                y1=middle,
                x2=x_of(after),
                y2=middle,
                stroke=MUTED,
                stroke_width=2,
            )
        if before is not None:
            _add(
                group,
                "circle",
                class_="pre",
                cx=x_of(before),
                cy=middle,
                r=4.5,
                fill="#ffffff",
                stroke=INK,
                stroke_width=1.5,
            )
        if after is not None:
            _add(group, "circle", class_="post", cx=x_of(after), cy=middle, r=4.5, fill=INK)
    legend = _add(root, "g", class_="legend")
    y = height - 10
    _add(legend, "circle", cx=16.0, cy=y - 4, r=4.5, fill="#ffffff", stroke=INK, stroke_width=1.5)
    _text(legend, 26, y, "pre-test")
    _add(legend, "circle", cx=106.0, cy=y - 4, r=4.5, fill=INK)
    _text(legend, 116, y, "post-test")
    return _document(root)
