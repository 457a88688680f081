"""Read PDFs back as text with poppler's pdftotext."""

import shutil
import subprocess

import pytest

from tests.markers import CI_STRICT


def pdf_text(pdf: bytes, *, layout: bool = True) -> str:
    """The PDF's text; `layout` keeps columns side by side (pdftotext -layout)."""
    if shutil.which("pdftotext") is None:
        if CI_STRICT:
            pytest.fail("CI_STRICT is set but pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    options = ["-layout"] if layout else []
    result = subprocess.run(  # noqa: S603 -- a fixed tool reading from standard input
        ["pdftotext", *options, "-", "-"],  # noqa: S607 -- found on PATH like any CLI
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_words(pdf: bytes, *, layout: bool = True) -> str:
    """The PDF's text with every run of whitespace made one space, for phrase assertions."""
    return " ".join(pdf_text(pdf, layout=layout).split())
