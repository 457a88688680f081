"""What a scheduling conflict is: overlapping sessions by room, cohort or faculty."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from rotation.models import Program, SeminarSession
from rotation.selectors.access import teaching_assignments


def overlapping_sessions(
    *, starts_at: datetime, ends_at: datetime, exclude_pk: int | None = None
) -> QuerySet[SeminarSession]:
    """Sessions that are not cancelled and overlap [starts_at, ends_at)."""
    return (
        SeminarSession.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .exclude(pk=exclude_pk)
        .select_related("program", "room")
    )


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room", "program" or "faculty"
    session: SeminarSession
    subject: str  # the room, program or faculty member that is taken


def find_conflicts(
    *,
    program: Program,
    starts_at: datetime,
    ends_at: datetime,
    room=None,
    faculty_members=(),
    exclude_pk: int | None = None,
) -> list[Conflict]:
    """Every hard conflict a session at this time would have: room, cohort, faculty."""
    faculty_ids = [member.pk for member in faculty_members]
    clash = Q(program=program)
    if room is not None:
        clash |= Q(room=room)
    if faculty_ids:
        clash |= Q(pk__in=teaching_assignments(faculty_members=faculty_ids).values("session_id"))
    candidates = (
        overlapping_sessions(starts_at=starts_at, ends_at=ends_at, exclude_pk=exclude_pk)
        .filter(clash)
        .prefetch_related("faculty_assignments__faculty_member")
        .distinct()
    )
    conflicts = []
    for session in candidates:
        if room is not None and session.room_id == room.pk:
            conflicts.append(Conflict("room", session, str(room)))
        if session.program_id == program.pk:
            conflicts.append(Conflict("program", session, str(program)))
        for assignment in session.faculty_assignments.all():
            if (
                assignment.faculty_member_id in faculty_ids
                and assignment.confirmation != "declined"
            ):
                conflicts.append(Conflict("faculty", session, str(assignment.faculty_member)))
    return conflicts
