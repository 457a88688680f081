"""What every chart shares: the SVG document, its elements, fonts, colours, ticks and text
fitting.

The package draws the reports' charts as SVG strings built by hand (no Matplotlib), one kind of
chart a module. Pure functions: numbers in, a standalone `<svg>` document out, the same for the
PDF (WeasyPrint) and the web page. Standard fonts only. Legible in greyscale: what colour tells
is also told by line style, hatching, position or a printed label.
"""

from __future__ import annotations

import math
from xml.etree import ElementTree as ET

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


INK = "#1a1a1a"


GRID = "#d0d0d0"


MUTED = "#595959"


TEXT_WIDTH = 6.5  # generous average advance of a character at 11 px, for layout


STATEMENT_CHARACTERS = 34  # per line of a Likert statement in the default 200 px column


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


def _nice_step(span: float) -> float:
    """A 1, 2 or 5 × 10^k step giving about five ticks over `span` (> 0)."""
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= raw)


def _ticks(minimum: float, maximum: float) -> list[float]:
    step = (maximum - minimum) / 4
    return [minimum + step * index for index in range(5)]


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
