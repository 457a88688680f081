"""Paired pre/post slope plot: one line per matched learner and the mean."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reports.charts.svg import (
    GRID,
    INK,
    MUTED,
    TEXT_WIDTH,
    _add,
    _document,
    _number,
    _svg,
    _text,
    _ticks,
)


def paired_slope_plot(
    pre: Sequence[float],
    post: Sequence[float],
    *,
    title: str = "Knowledge score before and after",
    minimum: float = 0.0,
    maximum: float = 100.0,
    width: float = 420.0,
    height: float = 320.0,
    points_up_to: int = 200,
) -> str:
    """One line per matched learner from the pre score to the post score, and the mean.

    Rises are solid, falls dashed, no change dotted; the mean is a thick black line labelled at
    both ends. Dots mark each score while there are at most `points_up_to` learners (beyond
    that they only clutter the page and slow the PDF). Scores are percentages by default.
    """
    if len(pre) != len(post):
        raise ValueError(f"pre and post must pair up: {len(pre)} pre scores, {len(post)} post")
    if maximum <= minimum:
        raise ValueError("maximum must be above minimum")
    n = len(pre)
    changes = [
        "rose" if b > a else "fell" if b < a else "same" for a, b in zip(pre, post, strict=True)
    ]
    description = (
        f"Paired scores of {n} learners, pre on the left and post on the right: "
        f"{changes.count('rose')} rose, {changes.count('fell')} fell, "
        f"{changes.count('same')} unchanged."
        if n
        else "No matched learners."
    )
    root = _svg(width, height, title, description)
    left, right, top, bottom = 48.0, 16.0, 34.0, 62.0
    plot_height = height - top - bottom
    # Room for the mean labels outside the two axes.
    pre_x, post_x = left + 88, width - right - 88
    middle = (pre_x + post_x) / 2
    is_percent = (minimum, maximum) == (0.0, 100.0)

    def label(value: float) -> str:
        return f"{value:.0f} %" if is_percent else _number(value)

    def y_of(value: float) -> float:
        clamped = min(max(value, minimum), maximum)
        return top + plot_height * (maximum - clamped) / (maximum - minimum)

    _text(root, middle, 18.0, title, text_anchor="middle", font_size=13, font_weight="bold")
    grid = _add(root, "g", class_="grid")
    for tick in _ticks(minimum, maximum):
        y = y_of(tick)
        _add(grid, "line", x1=left, y1=y, x2=width - right, y2=y, stroke=GRID, stroke_width=0.5)
        _text(grid, left - 6, y + 4, label(tick), text_anchor="end", fill=MUTED)
    axis_bottom = top + plot_height
    for x, name in ((pre_x, "Pre"), (post_x, "Post")):
        _add(root, "line", class_="axis", x1=x, y1=top, x2=x, y2=axis_bottom, stroke=INK)
        _text(root, x, axis_bottom + 16, name, text_anchor="middle", font_weight="bold")
    _text(root, middle, axis_bottom + 16, f"n = {n}", text_anchor="middle", class_="count")
    if n == 0:
        _text(root, middle, top + plot_height / 2, "No matched learners", text_anchor="middle")
        return _document(root)

    opacity = max(0.12, min(0.7, 24 / n))
    learners = _add(root, "g", class_="learners", stroke=MUTED, stroke_opacity=opacity)
    for before, after, change in zip(pre, post, changes, strict=True):
        _add(
            learners,
            "line",
            class_=f"learner {change}",
            x1=pre_x,
            y1=y_of(before),
            x2=post_x,
            y2=y_of(after),
            **_CHANGE_STYLES[change],
        )
    if n <= points_up_to:
        points = _add(root, "g", class_="points", fill=INK)
        for before, after in zip(pre, post, strict=True):
            _add(points, "circle", cx=pre_x, cy=y_of(before), r=2.5)
            _add(points, "circle", cx=post_x, cy=y_of(after), r=2.5)
    pre_mean, post_mean = math.fsum(pre) / n, math.fsum(post) / n
    _add(
        root,
        "line",
        class_="mean",
        x1=pre_x,
        y1=y_of(pre_mean),
        x2=post_x,
        y2=y_of(post_mean),
        stroke=INK,
        stroke_width=3.5,
        stroke_linecap="round",
    )
    _text(
        root,
        pre_x - 8,
        y_of(pre_mean) + 4,
        f"mean {label(pre_mean)}",
        text_anchor="end",
        font_weight="bold",
        class_="mean-label",
    )
    _text(
        root,
        post_x + 8,
        y_of(post_mean) + 4,
        f"mean {label(post_mean)}",
        font_weight="bold",
        class_="mean-label",
    )

    legend = _add(root, "g", class_="legend")
    entries = [
        (change, f"{_CHANGE_NAMES[change]} ({changes.count(change)})")
        for change in ("rose", "fell", "same")
    ]
    entries.append(("mean", "mean"))
    x, y = 10.0, height - 14
    for change, text in entries:
        style = {"stroke_width": 3.5} if change == "mean" else _CHANGE_STYLES[change]
        _add(legend, "line", x1=x, y1=y - 4, x2=x + 22, y2=y - 4, stroke=INK, **style)
        _text(legend, x + 28, y, text)
        x += 28 + TEXT_WIDTH * len(text) + 18
    return _document(root)


_CHANGE_STYLES: dict[str, dict[str, object]] = {
    "rose": {},
    "fell": {"stroke_dasharray": "4 3"},
    "same": {"stroke_dasharray": "1 2"},
}


_CHANGE_NAMES = {"rose": "rose", "fell": "fell", "same": "unchanged"}
