"""Render a program's course evaluation synchronously: the same PDF the workers render."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.services import build_course_evaluation_pdf
from rotation.models import Program


class Command(BaseCommand):
    help = "Render the course evaluation PDF of one program."

    def add_arguments(self, parser):
        parser.add_argument("program_slug")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")

    def handle(self, *args, program_slug, output, **options):
        program = Program.objects.filter(slug=program_slug).first()
        if program is None:
            raise CommandError(f"No program with the slug {program_slug!r}.")
        pdf = build_course_evaluation_pdf(program=program)
        Path(output).write_bytes(pdf)
        self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes).")
