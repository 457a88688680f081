"""Every kind of PDF the app makes, rendered for the demo as its users download them and read
back with pdfinfo and pdftotext: every page has the document's running header and "Page n of
N", and no page of a document is nearly empty."""

import io
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from partners.models import FacultyMember, Organization
from reports.milestones import evidence_for
from reports.models import ReportRun
from reports.services import (
    build_benchmarking_pdf,
    build_course_evaluation_pdf,
    build_faculty_feedback_pdf,
    build_partner_value_pdf,
)
from rotation.models import Enrollment, Program
from tests.pdf import page_count, pdf_pages

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A page whose text spans less than this share of the space between header and footer.
NEARLY_EMPTY = 0.2

# Each kind: its template and the words its running header starts with.
KINDS = {
    "schedule": ("rotation/pdf/schedule.html", "Schedule · Distributed Mini-Rotation"),
    "logistics": ("rotation/pdf/logistics.html", "Logistics · Distributed Mini-Rotation"),
    "sign-in sheet": ("rotation/pdf/sign_in_sheet.html", "Sign-in sheet · How health plans"),
    "excusal letter": ("rotation/pdf/excusal_letter.html", "Excusal request · "),
    "partner value report": (
        "reports/pdf/partner_value.html",
        "Partner value · Keystone Health Plan",
    ),
    "recognition letter": (
        "teaching/pdf/recognition_letter.html",
        "Teaching recognition · Fiona Faculty",
    ),
    "faculty feedback": ("reports/faculty_feedback_print.html", "Teaching feedback · Fiona"),
    "course evaluation": (
        "reports/course_evaluation_print.html",
        "Course evaluation · Concentrated Mini-Rotation",
    ),
    "milestone evidence": (
        "reports/pdf/milestone_evidence.html",
        "Milestone evidence · Riley Resident · Concentrated",
    ),
    "certificate": ("reports/pdf/certificate.html", "Certificate of completion · "),
    "benchmarking": ("reports/pdf/benchmarking.html", "Benchmarking · 2025-2026 to 2026-2027"),
}


def download(email: str, path: str) -> bytes:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    response = client.get(path)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf"), path
    return response.content


@pytest.fixture
def demo_pdfs(demo_settings) -> dict[str, bytes]:
    """The demo with 60 residents, so that the rosters run over a page; the day fixed, so that
    the same sessions are over."""
    with time_machine.travel("2026-11-25 15:00Z", tick=False):
        call_command("seed_demo", "--learners", "60", stdout=io.StringIO())
        distributed = Program.objects.get(format="distributed", archived_at=None)
        concentrated = Program.objects.get(format="concentrated", archived_at=None)
        first = distributed.sessions.order_by("starts_at").first()
        day = timezone.localdate(first.starts_at)
        enrollment = Enrollment.objects.filter(program=distributed).order_by("pk").first()
        keystone = Organization.objects.get(liaisons__email="liaison@demo.test")
        fiona = FacultyMember.objects.get(email="faculty@demo.test")
        programs, director = f"/programs/{distributed.slug}", "director@demo.test"
        riley = Enrollment.objects.get(program=concentrated, learner__email="resident@demo.test")
        completed = next(
            row.enrollment
            for row in evidence_for(
                enrollments=list(
                    Enrollment.objects.filter(program=concentrated, learner__user__isnull=False)
                    .select_related("learner", "program")
                    .order_by("pk")
                )
            )
            if row.is_completed
        )
        sessions = f"{programs}/sessions"
        return {
            "schedule": download(director, f"{programs}/schedule/print/?format=pdf"),
            "logistics": download(director, f"{programs}/logistics/{day:%Y-%m-%d}/?format=pdf"),
            "sign-in sheet": download(director, f"{sessions}/{first.pk}/sign-in-sheet.pdf"),
            "excusal letter": download(director, f"{programs}/letters/{enrollment.pk}/preview.pdf"),
            "partner value report": build_partner_value_pdf(
                run=ReportRun(
                    kind=ReportRun.Kind.PARTNER_VALUE,
                    organization=keystone,
                    academic_year=concentrated.academic_year,
                )
            ),
            "recognition letter": download(
                "faculty@demo.test", f"/teaching/letters/{concentrated.slug}.pdf"
            ),
            "faculty feedback": build_faculty_feedback_pdf(faculty_member=fiona),
            "course evaluation": build_course_evaluation_pdf(program=concentrated),
            "milestone evidence": download(
                "resident@demo.test", f"/my-rotation/evidence/{riley.pk}.pdf"
            ),
            "certificate": download(
                completed.learner.email, f"/my-rotation/certificate/{completed.pk}.pdf"
            ),
            "benchmarking": build_benchmarking_pdf(
                user=get_user_model().objects.get(email=director)
            ),
        }


def test_every_printed_template_is_a_kind_checked_here():
    printed = {
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if '{% extends "print_base.html" %}' in path.read_text()
    }

    assert printed == {template for template, _ in KINDS.values()}


def test_every_page_of_every_pdf_has_its_header_and_number_and_none_is_nearly_empty(demo_pdfs):
    problems, counts = {}, {}
    for kind, pdf in demo_pdfs.items():
        header = KINDS[kind][1]
        counts[kind] = total = page_count(pdf)
        pages = pdf_pages(pdf)
        assert len(pages) == total
        for page in pages:
            if header not in page.header:
                problems[kind, page.number] = f"header {page.header!r}"
            elif page.footer != f"Page {page.number} of {total}":
                problems[kind, page.number] = f"footer {page.footer!r}"
            elif total > 1 and page.fill < NEARLY_EMPTY:
                problems[kind, page.number] = f"nearly empty: text spans {page.fill:.0%}"

    assert problems == {}
    assert counts == {
        "schedule": 1,
        "logistics": 2,
        "sign-in sheet": 2,
        "excusal letter": 1,
        "partner value report": 6,
        "recognition letter": 1,
        "faculty feedback": 1,
        "course evaluation": 18,  # the demo's comments now all differ: 6 pages of them
        "milestone evidence": 1,
        "certificate": 1,
        "benchmarking": 4,
    }
