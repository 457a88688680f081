"""Teaching's PDF: the recognition letter."""

from rotation.documents import render_pdf
from teaching.selectors.recognition import TeachingRecord


def recognition_letter_pdf(*, record: TeachingRecord, signed_by: str) -> bytes:
    return render_pdf(
        template="teaching/pdf/recognition_letter.html",
        context={"record": record, "signed_by": signed_by},
    )


def letter_filename(record: TeachingRecord) -> str:
    return f"recognition-{record.program.slug}-{record.faculty_member.pk}.pdf"
