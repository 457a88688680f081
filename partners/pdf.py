"""PDF rendering with WeasyPrint, imported lazily: it is slow to import and only these need it."""

from django.template.loader import render_to_string

from partners.selectors import Contribution, TeachingRecord


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # lazy: WeasyPrint is slow to import

    html = render_to_string(template_name, context)
    return HTML(string=html).write_pdf()


def recognition_letter_pdf(*, record: TeachingRecord, signed_by: str) -> bytes:
    return render_pdf(
        "partners/pdf/recognition_letter.html", {"record": record, "signed_by": signed_by}
    )


def contribution_report_pdf(*, contribution: Contribution, period: str) -> bytes:
    return render_pdf(
        "partners/pdf/contribution_report.html",
        {"contribution": contribution, "period": period},
    )


def letter_filename(record: TeachingRecord) -> str:
    return f"recognition-{record.program.slug}-{record.faculty_member.pk}.pdf"
