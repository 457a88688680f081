"""PDFs rendered from HTML templates with WeasyPrint (imported lazily: it is slow to import)."""

from django.template.loader import render_to_string


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # slow to import: only where a PDF is made

    return HTML(string=html).write_pdf()


def render_pdf(*, template: str, context: dict) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def excusal_letter_pdf(*, context: dict) -> bytes:
    return render_pdf(template="rotation/pdf/excusal_letter.html", context=context)


def sign_in_sheet_pdf(*, context: dict) -> bytes:
    return render_pdf(template="rotation/pdf/sign_in_sheet.html", context=context)


def schedule_pdf(*, context: dict) -> bytes:
    return render_pdf(template="rotation/pdf/schedule.html", context=context)
