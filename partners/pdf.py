"""The partners' PDFs: recognition letters and contribution reports."""

from partners.selectors import Contribution, TeachingRecord
from rotation.documents import render_pdf


def recognition_letter_pdf(*, record: TeachingRecord, signed_by: str) -> bytes:
    return render_pdf(
        template="partners/pdf/recognition_letter.html",
        context={"record": record, "signed_by": signed_by},
    )


def contribution_report_pdf(*, contribution: Contribution, period: str) -> bytes:
    return render_pdf(
        template="partners/pdf/contribution_report.html",
        context={"contribution": contribution, "period": period},
    )


def letter_filename(record: TeachingRecord) -> str:
    return f"recognition-{record.program.slug}-{record.faculty_member.pk}.pdf"
