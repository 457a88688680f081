"""Writes about the course. Every change to a session's time, room or faculty goes through
`schedule_session`, which checks conflicts first and names them; PostgreSQL's exclusion
constraints catch what two simultaneous saves could slip past the check."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import FacultyMember, MeetingRoom
from rotation.models import Program, SeminarSession, SessionFaculty, Topic
from rotation.selectors import Conflict, find_conflicts

FacultyRoles = Iterable[tuple[FacultyMember, str]]


def describe_time(starts_at: datetime, ends_at: datetime) -> str:
    """'Tue 3 Mar 2026, 09:00–10:30' in the installation's time zone."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return f"{date_format(start, 'D j M Y')}, {start:%H:%M}–{end:%H:%M}"


def describe_conflict(conflict: Conflict) -> str:
    when = describe_time(conflict.session.starts_at, conflict.session.ends_at)
    taken = {
        "room": f"{conflict.subject} is already booked",
        "program": "The program already has a session",
        "faculty": f"{conflict.subject} already teaches",
    }[conflict.kind]
    return f"{taken} at that time: “{conflict.session.title}” ({when})."


def check_conflicts(
    *,
    program: Program,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None,
    faculty_members: Iterable[FacultyMember] = (),
    exclude_pk: int | None = None,
) -> None:
    """Raise a ValidationError naming every session this time slot would collide with."""
    if ends_at <= starts_at:
        raise ValidationError("A session must end after it starts.")
    conflicts = find_conflicts(
        program=program,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        faculty_members=faculty_members,
        exclude_pk=exclude_pk,
    )
    if conflicts:
        raise ValidationError([describe_conflict(conflict) for conflict in conflicts])


def schedule_session(
    *,
    program: Program,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None = None,
    topic: Topic | None = None,
    faculty: FacultyRoles = (),
    description: str = "",
    session: SeminarSession | None = None,
) -> SeminarSession:
    """Create a draft session, or change an existing one, refusing any room, cohort or faculty
    conflict with a message that names the conflicting session."""
    faculty = list(faculty)
    if topic is not None and topic.program_id != program.pk:
        raise ValidationError("The topic belongs to another program.")
    check_conflicts(
        program=program,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        faculty_members=[member for member, _role in faculty],
        exclude_pk=session.pk if session else None,
    )

    session = session or SeminarSession(program=program)
    session.title = title
    session.description = description
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.room = room
    session.topic = topic
    try:
        with transaction.atomic():
            session.save()
            _replace_faculty(session=session, faculty=faculty)
    except IntegrityError as error:
        # Another user saved an overlapping booking between our check and our write.
        raise ValidationError(
            "Someone else booked this room, cohort or faculty member at the same moment. "
            "Reload the schedule and try again."
        ) from error
    return session


def _replace_faculty(*, session: SeminarSession, faculty: list[tuple[FacultyMember, str]]) -> None:
    wanted = {member.pk: role for member, role in faculty}
    session.faculty_assignments.exclude(faculty_member__in=wanted).delete()
    existing = {a.faculty_member_id: a for a in session.faculty_assignments.all()}
    for member_pk, role in wanted.items():
        assignment = existing.get(member_pk) or SessionFaculty(
            session=session, faculty_member_id=member_pk
        )
        assignment.role = role
        assignment.starts_at = session.starts_at
        assignment.ends_at = session.ends_at
        assignment.is_session_cancelled = session.is_cancelled
        assignment.save()


def sync_faculty_copies(*, session: SeminarSession) -> None:
    """Copy the session's time and cancellation onto its faculty rows (see SessionFaculty)."""
    session.faculty_assignments.update(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        is_session_cancelled=session.is_cancelled,
    )


def cancel_session(*, session: SeminarSession) -> SeminarSession:
    with transaction.atomic():
        session.status = SeminarSession.Status.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        sync_faculty_copies(session=session)
    return session
