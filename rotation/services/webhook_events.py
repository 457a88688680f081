"""What rotation tells webhook endpoints: sessions published, changed or cancelled, and
enrollments changed. Called inside the transaction of the change; the payload is built only
when some endpoint receives the event."""

from rotation.models import Enrollment, Program, SeminarSession
from webhooks.services import emit, emit_each


def emit_session(event: str, session: SeminarSession) -> None:
    emit(event, lambda: session_data(session))


def emit_sessions(event: str, sessions: list[SeminarSession]) -> None:
    emit_each(event, (lambda session=session: session_data(session) for session in sessions))


def session_data(session: SeminarSession) -> dict:
    room = session.room
    assignments = session.faculty_assignments.select_related("faculty_member__organization")
    return {
        "program": session.program.slug,
        "session": {
            "id": session.pk,
            "title": session.title,
            "topic": session.topic.title if session.topic_id else None,
            "status": session.status,
            "starts_at": session.starts_at.isoformat(),
            "ends_at": session.ends_at.isoformat(),
            "room": None
            if room is None
            else {
                "id": room.pk,
                "name": room.name,
                "site": room.site.name,
                "organization": room.site.organization.name,
            },
            "faculty": [
                {
                    "name": str(assignment.faculty_member),
                    "email": assignment.faculty_member.email,
                    "organization": assignment.faculty_member.organization.name,
                    "role": assignment.role,
                }
                for assignment in assignments
            ],
        },
    }


def emit_enrollments(
    *, program: Program, enrollments: list[Enrollment], status: str, previous: str | None
) -> None:
    """One event for a change of many (a roster import): the program and each learner's new
    `status`; `previous` is the status they had (None: newly enrolled)."""
    if enrollments:
        emit("enrollment.changed", lambda: enrollment_data(program, enrollments, status, previous))


def enrollment_data(
    program: Program, enrollments: list[Enrollment], status: str, previous: str | None
) -> dict:
    return {
        "program": program.slug,
        "academic_year": program.academic_year,
        "changes": [
            {
                "learner": {
                    "email": enrollment.learner.email,
                    "external_id": enrollment.learner.external_id or None,
                    "first_name": enrollment.learner.first_name,
                    "last_name": enrollment.learner.last_name,
                    "kind": enrollment.learner.kind,
                },
                "status": status,
                "previous_status": previous,
            }
            for enrollment in enrollments
        ],
    }
