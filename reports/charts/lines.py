"""Lines over time: the retention curve (pre → post → follow-ups) and trend lines across
academic years."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reports.charts.svg import (
    GRID,
    INK,
    MUTED,
    _add,
    _document,
    _nice_step,
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


# ColorBrewer Dark2, each series also with its own dash pattern and marker: legible in grey.
_SERIES_STYLES = (
    ("#1b9e77", "", "circle"),
    ("#d95f02", "6 3", "square"),
    ("#7570b3", "2 3", "diamond"),
    ("#e7298a", "8 3 2 3", "circle"),
)


def trend_lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str = "Mean knowledge gain by academic year",
    unit: str = "points",
    width: float = 560.0,
    height: float = 280.0,
) -> str:
    """One line per series across `labels` (e.g. academic years), each value marked and
    printed; None leaves a gap (a suppressed cell). The axis spans the values and 0."""
    if not labels:
        raise ValueError("a trend needs at least one label")
    if any(len(values) != len(labels) for _, values in series):
        raise ValueError("every series needs a value (or None) for every label")
    present = [v for _, values in series for v in values if v is not None]
    low, high = min([0.0, *present]), max([0.0, *present])
    if high == low:
        high = low + 10
    step = _nice_step((high - low) * 1.1)  # a tenth more: room for the printed values
    low = math.floor(low / step) * step
    high = math.ceil((high + (high - low) * 0.1) / step) * step
    ticks = [low + step * index for index in range(round((high - low) / step) + 1)]
    description = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{label} {'not shown' if value is None else _number(round(value, 1))}"
            for label, value in zip(labels, values, strict=True)
        )
        for name, values in series
    )
    root = _svg(width, height, title, f"{description} ({unit}).")
    left, right, top, bottom = 56.0, 24.0, 34.0, 58.0
    plot_height = height - top - bottom
    step = (width - left - right - 40) / max(len(labels) - 1, 1)
    xs = [left + 20 + step * index for index in range(len(labels))]
    if len(labels) == 1:
        xs = [(left + width - right) / 2]

    def y_of(value: float) -> float:
        return top + plot_height * (high - value) / (high - low)

    _text(root, width / 2, 18.0, title, text_anchor="middle", font_size=13, font_weight="bold")
    grid = _add(root, "g", class_="grid")
    for tick in ticks:
        y = y_of(tick)
        _add(grid, "line", x1=left, y1=y, x2=width - right, y2=y, stroke=GRID, stroke_width=0.5)
        _text(grid, left - 6, y + 4, _number(round(tick, 6)), text_anchor="end", fill=MUTED)
    _text(root, 8.0, top - 8, unit, fill=MUTED)
    _add(root, "line", class_="zero", x1=left, y1=y_of(0), x2=width - right, y2=y_of(0), stroke=INK)
    axis_bottom = top + plot_height
    for x, label in zip(xs, labels, strict=True):
        _text(root, x, axis_bottom + 16, label, text_anchor="middle", font_size=10)
    for index, (name, values) in enumerate(series):
        colour, dashes, marker = _SERIES_STYLES[index % len(_SERIES_STYLES)]
        group = _add(root, "g", class_="series", stroke=colour, fill=colour)
        run: list[str] = []
        runs = []
        for x, value in zip(xs, values, strict=True):
            if value is None:
                runs.append(run)
                run = []
            else:
                run.append(f"{_number(x)},{_number(y_of(value))}")
        runs.append(run)
        style = {"stroke_dasharray": dashes} if dashes else {}
        for points in runs:
            if len(points) > 1:
                _add(
                    group,
                    "polyline",
                    class_="line",
                    points=" ".join(points),
                    fill="none",
                    stroke_width=2.5,
                    **style,
                )
        for x, value in zip(xs, values, strict=True):
            if value is None:
                continue
            _marker(group, marker, x, y_of(value))
            _text(group, x + 6, y_of(value) - 6, f"{value:+.1f}", stroke="none", fill=INK)
        legend_x = 12.0 + index * 170
        legend_y = height - 10
        item = _add(root, "g", class_="legend", stroke=colour, fill=colour)
        _add(item, "line", x1=legend_x, y1=legend_y - 4, x2=legend_x + 26, y2=legend_y - 4,
             stroke_width=2.5, **style)  # fmt: skip
        _marker(item, marker, legend_x + 13, legend_y - 4)
        _text(item, legend_x + 32, legend_y, name, stroke="none", fill=INK)
    return _document(root)


def _marker(parent, shape: str, x: float, y: float) -> None:
    if shape == "square":
        _add(parent, "rect", x=x - 4.0, y=y - 4.0, width=8.0, height=8.0)
    elif shape == "diamond":
        points = f"{_number(x - 5)},{_number(y)} {_number(x)},{_number(y - 5)} "
        points += f"{_number(x + 5)},{_number(y)} {_number(x)},{_number(y + 5)}"
        _add(parent, "polygon", points=points)
    else:
        _add(parent, "circle", cx=x, cy=y, r=4.0)
