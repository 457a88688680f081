"""Read PDFs back with poppler: their text (pdftotext), pages (pdfinfo) and page layout."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from xml.etree import ElementTree

import pytest

from tests.markers import CI_STRICT


def pdf_text(pdf: bytes, *, layout: bool = True, raw: bool = False) -> str:
    """The PDF's text; `layout` keeps columns side by side (pdftotext -layout), `raw` gives it
    in the order it was printed, a column's text before the next column's (pdftotext -raw)."""
    if shutil.which("pdftotext") is None:
        if CI_STRICT:
            pytest.fail("CI_STRICT is set but pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    options = ["-raw"] if raw else ["-layout"] if layout else []
    result = subprocess.run(  # noqa: S603 -- a fixed tool reading from standard input
        ["pdftotext", *options, "-", "-"],  # noqa: S607 -- found on PATH like any CLI
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_words(pdf: bytes, *, layout: bool = True, raw: bool = False) -> str:
    """The PDF's text with every run of whitespace made one space, for phrase assertions."""
    return " ".join(pdf_text(pdf, layout=layout, raw=raw).split())


# The page box of static/css/print.css: the running header sits in the top margin, "Page n of N"
# in the bottom one; everything between is the body.
TOP_MARGIN, BOTTOM_MARGIN = 0.85 * 72, 0.75 * 72
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Page:
    number: int
    header: str  # the words in the top margin
    footer: str  # the words in the bottom margin
    fill: float  # share of the body's height that its text spans, top line to bottom line


def _poppler(tool: str, *options: str, pdf: bytes) -> str:
    if shutil.which(tool) is None:
        if CI_STRICT:
            pytest.fail(f"CI_STRICT is set but {tool} (poppler-utils) is missing")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:  # pdfinfo reads no standard input
        file.write(pdf)
        file.flush()
        result = subprocess.run(  # noqa: S603 -- a fixed tool reading our own file
            [tool, *options, file.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode()


def page_count(pdf: bytes) -> int:
    """The number of pages, as pdfinfo reads it."""
    return int(re.search(r"^Pages:\s+(\d+)$", _poppler("pdfinfo", pdf=pdf), re.MULTILINE)[1])


def pdf_pages(pdf: bytes) -> list[Page]:
    """Each page's header, footer and how much of the body its text fills (pdftotext's word
    boxes; the charts' labels are text too)."""
    layout = _poppler("pdftotext", "-bbox", pdf=pdf)
    tree = ElementTree.fromstring(layout)  # noqa: S314 -- poppler's output for our own PDF
    pages = []
    for number, page in enumerate(tree.iter(f"{XHTML}page"), start=1):
        height = float(page.get("height"))
        header, footer, body = [], [], []
        for word in page.iter(f"{XHTML}word"):
            top, bottom = float(word.get("yMin")), float(word.get("yMax"))
            if bottom <= TOP_MARGIN:
                header.append(word.text)
            elif top >= height - BOTTOM_MARGIN:
                footer.append(word.text)
            else:
                body.append((top, bottom))
        span = max(b for _, b in body) - min(t for t, _ in body) if body else 0.0
        pages.append(
            Page(
                number=number,
                header=" ".join(header),
                footer=" ".join(footer),
                fill=round(span / (height - TOP_MARGIN - BOTTOM_MARGIN), 2),
            )
        )
    return pages


def pdf_attachments(pdf: bytes) -> dict[str, str]:
    """The text files embedded in the PDF, by name (pdfdetach)."""
    listing = _poppler("pdfdetach", "-list", pdf=pdf)
    names = re.findall(r"^\d+: (.+)$", listing, re.MULTILINE)
    files = {}
    for number, name in enumerate(names, start=1):
        with tempfile.TemporaryDirectory() as folder:
            target = f"{folder}/{number}"
            _poppler("pdfdetach", "-save", str(number), "-o", target, pdf=pdf)
            with open(target, encoding="utf-8") as file:
                files[name] = file.read()
    return files
