"""Queueing excusal letters."""

from django.db import transaction

from rotation.models import Enrollment, ExcusalLetter, Program
from rotation.services.programs import ensure_program_is_active
from rotation.services.queueing import queue_letter


def queue_excusal_letters(*, program: Program, resend: bool = False) -> int:
    """Queue the excusal letter of every enrolled learner that has not gone out (or, with
    resend, of every one). Sending twice does not email twice unless asked to re-send."""
    ensure_program_is_active(program)
    enrollments = program.enrollments.filter(status=Enrollment.Status.ENROLLED)
    with transaction.atomic():
        ExcusalLetter.objects.bulk_create(
            [ExcusalLetter(enrollment=e) for e in enrollments.filter(excusal_letter__isnull=True)]
        )
        letters = ExcusalLetter.objects.filter(enrollment__in=enrollments)
        if not resend:
            letters = letters.exclude(status__in=[ExcusalLetter.Status.SENT])
        letter_ids = list(letters.values_list("pk", flat=True))
        ExcusalLetter.objects.filter(pk__in=letter_ids).update(
            status=ExcusalLetter.Status.QUEUED, failure_reason=""
        )
        for letter_id in letter_ids:
            queue_letter(letter_id=letter_id)
    return len(letter_ids)


def queue_excusal_letter(*, letter: ExcusalLetter) -> None:
    """Re-send one letter (a failed one, or on the director's request)."""
    ensure_program_is_active(letter.enrollment.program)
    letter.status = ExcusalLetter.Status.QUEUED
    letter.failure_reason = ""
    letter.save(update_fields=["status", "failure_reason", "updated_at"])
    queue_letter(letter_id=letter.pk)
