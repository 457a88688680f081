"""Attendance writes: one learner at a time or the whole session present."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from rotation.models import Attendance, Enrollment, Learner, SeminarSession, User
from rotation.services.programs import ensure_program_is_active


def record_attendance(
    *, session: SeminarSession, learner: Learner, status: str, recorded_by: User
) -> Attendance:
    ensure_program_is_active(session.program)
    if status not in Attendance.Status.values:
        raise ValidationError(f"Unknown attendance status {status!r}.")
    if not session.program.enrollments.filter(
        learner=learner, status=Enrollment.Status.ENROLLED
    ).exists():
        raise ValidationError(f"{learner} is not enrolled in {session.program}.")
    with transaction.atomic():
        before = (
            Attendance.objects.filter(session=session, learner=learner)
            .values_list("status", flat=True)
            .first()
        )
        attendance, _ = Attendance.objects.update_or_create(
            session=session,
            learner=learner,
            defaults={"status": status, "recorded_by": recorded_by},
        )
        if before != status:
            record_event(
                actor=recorded_by,
                action="attendance.marked",
                target=attendance,
                program=session.program,
                changes={"status": [before, status]},
            )
    return attendance


def mark_all_present(*, session: SeminarSession, recorded_by: User) -> int:
    """Everyone enrolled is present (a later tap can still mark someone absent)."""
    ensure_program_is_active(session.program)
    learner_ids = list(
        session.program.enrollments.filter(status=Enrollment.Status.ENROLLED).values_list(
            "learner_id", flat=True
        )
    )
    with transaction.atomic():
        before = dict(session.attendance.values_list("learner_id", "status"))
        session.attendance.filter(learner_id__in=learner_ids).update(
            status=Attendance.Status.PRESENT, recorded_by=recorded_by, recorded_at=timezone.now()
        )
        recorded = set(session.attendance.values_list("learner_id", flat=True))
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                learner_id=learner_id,
                status=Attendance.Status.PRESENT,
                recorded_by=recorded_by,
            )
            for learner_id in learner_ids
            if learner_id not in recorded
        )
        changed = Learner.objects.filter(pk__in=learner_ids).exclude(
            pk__in=[pk for pk, status in before.items() if status == Attendance.Status.PRESENT]
        )
        changes = {
            f"{learner} ({learner.email})": [before.get(learner.pk), Attendance.Status.PRESENT]
            for learner in changed.order_by("last_name", "first_name", "pk")
        }
        if changes:
            record_event(
                actor=recorded_by,
                action="attendance.all_present",
                target=session,
                program=session.program,
                changes=changes,
            )
    return len(learner_ids)
