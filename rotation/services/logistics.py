"""Sending a seminar day's logistics sheet to the host partners' AV contacts."""

from datetime import date

from django.db import transaction

from rotation.models import Program
from rotation.services.programs import ensure_program_is_active
from rotation.services.queueing import queue_logistics_sheet


def send_logistics_sheet(*, program: Program, day: date) -> None:
    """Queue the day's logistics sheet (a PDF) to the AV contacts of the partners hosting its
    sessions; sent once the transaction commits."""
    ensure_program_is_active(program)
    with transaction.atomic():
        queue_logistics_sheet(program_id=program.pk, day=day.isoformat())
