"""PDFs rendered from HTML templates with WeasyPrint (imported lazily: it is slow to import).

The templates link the print stylesheet from the static files, as a browser page does; the
renderer reads it from disk and fetches nothing else but `data:` URIs (no network, no files
outside the static ones), and a stylesheet it cannot find stops the rendering."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

# The documents' relative URLs ("/static/css/print.css") resolve against this made-up origin.
BASE_URL = "https://documents.invalid/"


class MissingResource(RuntimeError):
    """A document links a file that is not among the static files."""


@dataclass(frozen=True)
class Attachment:
    """A file carried inside the PDF, e.g. every comment when the report prints only some."""

    name: str
    text: str
    description: str | None = None


def static_file(url: str) -> Path:
    """The file behind a static URL of a document, found as `{% static %}` named it."""
    prefix = urljoin(BASE_URL, settings.STATIC_URL)
    if not url.startswith(prefix):
        raise ValueError(f"A document may only load static files, not {url}")
    name = urlsplit(url).path.removeprefix(urlsplit(prefix).path)
    found = finders.find(name)
    if found:
        return Path(found)
    collected = Path(staticfiles_storage.path(name))  # a hashed name after collectstatic
    if collected.is_file():
        return collected
    raise FileNotFoundError(f"No static file {name}")


def html_to_pdf(html: str, *, attachments: tuple[Attachment, ...] = ()) -> bytes:
    import weasyprint  # slow to import: only where a PDF is made

    class StaticFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            file = static_file(url)
            content_type = "text/css" if file.suffix == ".css" else "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                url, body=file.read_bytes(), headers={"Content-Type": content_type}
            )

    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticFetcher(fail_on_errors=True)
    )
    files = [
        weasyprint.Attachment(string=item.text, name=item.name, description=item.description)
        for item in attachments
    ]
    try:
        return document.write_pdf(attachments=files)
    except weasyprint.urls.FatalURLFetchingError as error:
        # A BaseException in WeasyPrint, which would slip past the handlers that mark a report
        # run as failed: a missing stylesheet is an ordinary error here.
        raise MissingResource(str(error)) from error


def render_pdf(*, template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def excusal_letter_pdf(*, context: dict) -> bytes:
    return render_pdf(template="rotation/pdf/excusal_letter.html", context=context)


def sign_in_sheet_pdf(*, context: dict) -> bytes:
    return render_pdf(template="rotation/pdf/sign_in_sheet.html", context=context)


def schedule_pdf(*, context: dict) -> bytes:
    return render_pdf(template="rotation/pdf/schedule.html", context=context)
