"""The partners' PDF: the contribution report."""

from partners.selectors import Contribution
from rotation.documents import render_pdf


def contribution_report_pdf(*, contribution: Contribution, period: str) -> bytes:
    return render_pdf(
        template="partners/pdf/contribution_report.html",
        context={"contribution": contribution, "period": period},
    )
