"""Templates have no inline script, style or event handler, which the Content-Security-Policy
would block. Every template is scanned, the PDF ones included: the print pages (schedule,
logistics) are the same templates shown in a browser, and every document links the print
stylesheet rather than carrying a <style> (rotation.documents reads it from the static files)."""

import re
from pathlib import Path

import pytest

from reports.charts.items import item_facility_plot
from reports.charts.likert import likert_diverging_bars
from reports.charts.slopes import paired_slope_plot

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)
BLOCKED = {
    "inline <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "inline <script> (no src)": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "hx-on attribute (needs eval)": re.compile(r"\shx-on[:\-]", re.IGNORECASE),
    "js: value for htmx (needs eval)": re.compile(r"""=\s*['"]\s*js:""", re.IGNORECASE),
}


def inline_code(text: str) -> list[str]:
    """What the CSP would block in a template's text, one description per finding."""
    text = COMMENTS.sub("", text)
    return [
        f"line {text.count(chr(10), 0, match.start()) + 1}: {what}: {match.group(0).strip()}"
        for what, pattern in BLOCKED.items()
        for match in pattern.finditer(text)
    ]


def templates() -> list[str]:
    return sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))


def test_the_scan_covers_the_pdf_templates():
    assert {"print_base.html", "reports/course_evaluation_print.html"} <= set(templates())


@pytest.mark.parametrize("name", templates())
def test_template_has_no_inline_script_style_or_handler(name):
    assert inline_code((TEMPLATES / name).read_text()) == []


@pytest.mark.parametrize(
    ("snippet", "finding"),
    [
        ("<style>p{}</style>", "line 1: inline <style> element: <style"),
        ("<script>alert(1)</script>", "line 1: inline <script> (no src): <script>"),
        ('<div\n style="width: 5%">', "line 2: style attribute: style="),
        ('<select onchange="go()">', "line 1: event handler attribute: onchange="),
        ('<a href="javascript:history.back()">', "line 1: javascript: URL: javascript:"),
        ('<b hx-on:click="x()">', "line 1: hx-on attribute (needs eval): hx-on:"),
        ("<b hx-vals='js:{a: 1}'>", "line 1: js: value for htmx (needs eval): ='js:"),
    ],
)
def test_the_scan_finds_each_kind_of_inline_code(snippet, finding):
    assert inline_code(snippet) == [finding]


def test_the_scan_allows_external_scripts_data_attributes_and_comments():
    text = (
        '<script src="/static/app.js" defer></script><p data-style="x" hx-vals=\'{"a": 1}\'>'
        "{# <style> is fine in a comment #}</p>"
    )

    assert inline_code(text) == []


def test_charts_shown_on_web_pages_use_presentation_attributes_not_style():
    charts = [
        paired_slope_plot([40.0, 50.0, 75.0], [70.0, 45.0, 90.0]),
        likert_diverging_bars([("I understand prior authorization", [2, 4, 4, 6, 4])]),
        item_facility_plot([("Prior authorization", 0.25, 0.75)]),
    ]

    assert [inline_code(svg) for svg in charts] == [[], [], []]
    assert all('fill="' in svg for svg in charts)
