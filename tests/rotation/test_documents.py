"""The PDF renderer reads the print stylesheet from the static files and fetches nothing else."""

import pytest

from rotation import documents
from tests.pdf import pdf_words


def test_a_document_links_its_stylesheet_from_the_static_files():
    assert documents.static_file("https://documents.invalid/static/css/print.css").name == (
        "print.css"
    )


@pytest.mark.parametrize(
    "url",
    ["https://example.org/static/evil.css", "file:///etc/passwd", "https://documents.invalid/x"],
)
def test_a_document_may_load_nothing_but_static_files(url):
    with pytest.raises(ValueError, match="A document may only load static files"):
        documents.static_file(url)


def test_a_missing_stylesheet_stops_the_rendering():
    html = '<link rel="stylesheet" href="/static/css/none.css"><p>Hello</p>'

    with pytest.raises(documents.MissingResource, match=r"static/css/none\.css"):
        documents.html_to_pdf(html)


def test_a_pdf_carries_its_attachments():
    pdf = documents.html_to_pdf(
        "<p>See the file.</p>", attachments=(documents.Attachment("notes.txt", "Every note\n"),)
    )

    assert pdf_words(pdf) == "See the file."
