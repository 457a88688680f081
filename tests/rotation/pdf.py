"""Read PDFs back as text with poppler's pdftotext."""

import shutil
import subprocess

import pytest

from tests.markers import CI_STRICT


def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        if CI_STRICT:
            pytest.fail("CI_STRICT is set but pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 -- found on PATH like any CLI
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()
