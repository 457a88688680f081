"""Charts for the course evaluation, as SVG strings built by hand (no Matplotlib).

Pure functions: numbers in, a standalone `<svg>` document out, the same for the PDF
(WeasyPrint) and the web page. Standard fonts only. Legible in greyscale: what colour tells is
also told by line style, hatching, position or a printed label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.etree import ElementTree as ET

__all__ = [
    "AGREEMENT_LEVELS",
    "item_facility_plot",
    "likert_diverging_bars",
    "paired_slope_plot",
    "retention_curve",
]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK = "#1a1a1a"
GRID = "#d0d0d0"
MUTED = "#595959"
TEXT_WIDTH = 6.5  # generous average advance of a character at 11 px, for layout
STATEMENT_CHARACTERS = 34  # per line of a Likert statement in the default 200 px column

AGREEMENT_LEVELS = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


def _number(value: float) -> str:
    """Coordinates with at most two decimals and no "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _svg(width: float, height: float, title: str, description: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "width": _number(width),
            "height": _number(height),
            "viewBox": f"0 0 {_number(width)} {_number(height)}",
            "role": "img",
            "font-family": FONT,
            "font-size": "11",
        },
    )
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "desc").text = description
    return root


def _add(
    parent: ET.Element, tag: str, /, text: str | None = None, **attributes: object
) -> ET.Element:
    element = ET.SubElement(
        parent,
        tag,
        {
            name.rstrip("_").replace("_", "-"): _number(value)
            if isinstance(value, float)
            else str(value)
            for name, value in attributes.items()
        },
    )
    if text is not None:
        element.text = text
    return element


def _text(parent: ET.Element, x: float, y: float, text: str, **attributes: object) -> ET.Element:
    return _add(parent, "text", text, x=float(x), y=float(y), **{"fill": INK, **attributes})


def _document(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


def _percent(value: float) -> str:
    return f"{round(value):d} %"


# ---------------------------------------------------------------------------------------------
# Paired pre/post slope plot
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Retention curve: pre → post → follow-ups
# ---------------------------------------------------------------------------------------------


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


def _ticks(minimum: float, maximum: float) -> list[float]:
    step = (maximum - minimum) / 4
    return [minimum + step * index for index in range(5)]


# ---------------------------------------------------------------------------------------------
# Diverging stacked bars for Likert items
# ---------------------------------------------------------------------------------------------

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


def _truncate(text: str, width: int) -> str:
    """The text if it fits in `width` characters, else cut at a space and ended with "…"."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _wrap(text: str, width: int) -> list[str]:
    """Up to two lines of at most `width` characters, breaking at spaces; "…" if cut."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < 2:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words or any(len(line) > width for line in lines):
        last = lines[-1] if not words else f"{lines[-1]} {' '.join(words)}"
        lines[-1] = last[: width - 1].rstrip() + "…"
        lines = [line if len(line) <= width else line[: width - 1] + "…" for line in lines]
    return lines or [""]


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


# ---------------------------------------------------------------------------------------------
# Item facility before and after
# ---------------------------------------------------------------------------------------------


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
