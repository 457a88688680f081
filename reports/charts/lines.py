"""Lines over time: the retention curve (pre → post → follow-ups)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reports.charts.svg import (
    GRID,
    INK,
    MUTED,
    _add,
    _document,
    _number,
    _percent,
    _svg,
    _text,
    _ticks,
)


def retention_curve(
    labels: Sequence[str],
    scores: Sequence[Sequence[float]],
    *,
    title: str = "Knowledge score over time",
    width: float = 560.0,
    height: float = 300.0,
    learners_up_to: int = 200,
) -> str:
    """Each learner's percent score at every time point (thin lines, while there are at most
    `learners_up_to`) and the mean (thick line, labelled), time points evenly spaced."""
    if len(labels) < 2:
        raise ValueError("a retention curve needs at least two time points")
    if any(len(row) != len(labels) for row in scores):
        raise ValueError("every learner needs a score at every time point")
    n = len(scores)
    means = [
        math.fsum(row[index] for row in scores) / n if n else 0.0 for index in range(len(labels))
    ]
    description = (
        f"Mean knowledge of the {n} learners who took every time point: "
        + ", ".join(f"{label} {_percent(mean)}" for label, mean in zip(labels, means, strict=True))
        + "."
        if n
        else "No learner took every time point."
    )
    root = _svg(width, height, title, description)
    left, right, top, bottom = 48.0, 40.0, 34.0, 40.0
    plot_height = height - top - bottom
    step = (width - left - right - 40) / (len(labels) - 1)
    xs = [left + 20 + step * index for index in range(len(labels))]

    def y_of(value: float) -> float:
        return top + plot_height * (100.0 - min(max(value, 0.0), 100.0)) / 100.0

    _text(root, width / 2, 18.0, title, text_anchor="middle", font_size=13, font_weight="bold")
    grid = _add(root, "g", class_="grid")
    for tick in _ticks(0.0, 100.0):
        y = y_of(tick)
        _add(grid, "line", x1=left, y1=y, x2=width - right, y2=y, stroke=GRID, stroke_width=0.5)
        _text(grid, left - 6, y + 4, _percent(tick), text_anchor="end", fill=MUTED)
    axis_bottom = top + plot_height
    for x, label in zip(xs, labels, strict=True):
        _add(root, "line", class_="axis", x1=x, y1=top, x2=x, y2=axis_bottom, stroke=GRID)
        _text(root, x, axis_bottom + 16, label, text_anchor="middle", font_weight="bold")
    _text(root, width / 2, height - 6, f"n = {n}", text_anchor="middle", class_="count")
    if n == 0:
        return _document(root)
    if n <= learners_up_to:
        opacity = max(0.12, min(0.6, 24 / n))
        learners = _add(root, "g", class_="learners", stroke=MUTED, stroke_opacity=opacity)
        for row in scores:
            points = " ".join(
                f"{_number(x)},{_number(y_of(v))}" for x, v in zip(xs, row, strict=True)
            )
            _add(learners, "polyline", class_="learner", points=points, fill="none")
    mean_points = " ".join(
        f"{_number(x)},{_number(y_of(v))}" for x, v in zip(xs, means, strict=True)
    )
    _add(
        root,
        "polyline",
        class_="mean",
        points=mean_points,
        fill="none",
        stroke=INK,
        stroke_width=3.5,
        stroke_linejoin="round",
    )
    marks = _add(root, "g", class_="mean-points", fill=INK)
    for x, mean in zip(xs, means, strict=True):
        _add(marks, "circle", cx=x, cy=y_of(mean), r=4.0)
        _text(marks, x + 6, y_of(mean) - 8, _percent(mean), font_weight="bold", class_="mean-label")
    return _document(root)
