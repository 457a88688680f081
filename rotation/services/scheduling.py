"""Single-session writes: the conflict check, scheduling, cancelling, restoring and schedule
warnings."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Expression, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from audit.changes import snapshot
from audit.services import audited, record_event
from config.queries import compiled_once
from partners.models import FacultyMember, MeetingRoom
from partners.selectors import room_warnings_for_sessions
from rotation.models import Program, SeminarSession, SessionFaculty, Topic, User
from rotation.selectors.conflicts import Conflict, find_conflicts
from rotation.selectors.schedule import (
    FacultyRow,
    Partnerships,
    faculty_rows,
    faculty_values,
    partnerships_of,
)
from rotation.services.programs import ensure_program_is_active
from rotation.services.queueing import queue_change_notice
from rotation.services.webhook_events import emit_session

FacultyRoles = Iterable[tuple[FacultyMember, str]]
# Another user saved an overlapping booking between our check and our write.
BOOKED_MEANWHILE = (
    "Someone else booked this room, cohort or faculty member at the same moment. "
    "Reload the schedule and try again."
)


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


def describe_days(first: date, last: date) -> str:
    """'2–4 Nov 2026', '30 Nov 2026 – 2 Dec 2026' or '15 Jun 2027'."""
    if first == last:
        return date_format(first, "j M Y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{date_format(last, 'j M Y')}"
    return f"{date_format(first, 'j M Y')} – {date_format(last, 'j M Y')}"


class OutsideProgram(ValidationError):
    """A session day outside the program's dates; `first` and `last` are the dates the program
    would need to span to hold it (what "extend the program" offers)."""

    def __init__(self, *, program: Program, days: list[date]):
        self.first = min(program.start_date, *days)
        self.last = max(program.end_date, *days)
        outside = sorted(day for day in days if not program.start_date <= day <= program.end_date)
        first, last = (date_format(day, "j M Y") for day in (outside[0], outside[-1]))
        when = (
            f"{first} is" if len(outside) == 1 else f"{len(outside)} dates ({first} to {last}) are"
        )
        super().__init__(
            f"{when} outside {program.name} "
            f"({describe_days(program.start_date, program.end_date)}). Choose a date within the "
            "program, or extend the program's dates."
        )


def check_session_dates(*, program: Program, starts_at: datetime, days: list[date]) -> None:
    """Refuse a session (or series, `days`) that starts in the past or falls outside the
    program's dates (OutsideProgram, which says how far the program would have to extend)."""
    if starts_at < timezone.now():
        start = timezone.localtime(starts_at)
        raise ValidationError(
            f"{date_format(start, 'D j M Y')}, {start:%H:%M} is in the past: sessions can only "
            "be scheduled from now on."
        )
    if any(not program.start_date <= day <= program.end_date for day in days):
        raise OutsideProgram(program=program, days=days)


def extend_program_dates(
    *, program: Program, first: date, last: date, actor: User | None = None
) -> Program:
    """Widen the program's dates to span first..last (never narrows them); audited."""
    ensure_program_is_active(program)
    before = [program.start_date.isoformat(), program.end_date.isoformat()]
    program.start_date, program.end_date = (
        min(program.start_date, first),
        max(program.end_date, last),
    )
    after = [program.start_date.isoformat(), program.end_date.isoformat()]
    if after != before:
        with transaction.atomic():
            program.save(update_fields=["start_date", "end_date"])
            record_event(
                actor=actor,
                action="program.dates_extended",
                target=program,
                program=program,
                changes={"dates": [before, after]},
            )
    return program


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
    actor: User | None = None,
) -> SeminarSession:
    """Create a draft session, or change an existing one, refusing any room, cohort or faculty
    conflict with a message that names the conflicting session."""
    ensure_program_is_active(program)
    faculty = list(faculty)
    stored = _audited_state(session) if session and session.pk else None
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

    changes = _describe_changes(session=session, starts_at=starts_at, ends_at=ends_at, room=room)
    session = session or SeminarSession(program=program)
    session.title = title
    session.description = description
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.room = room
    session.is_room_proposed = False
    session.topic = topic
    try:
        with audited(
            actor=actor,
            action="session.changed",
            created_action="session.scheduled",
            target=session,
            describe=_audited_state,
            before=stored,
            program=program,
        ):
            session.save()
            _replace_faculty(session=session, faculty=faculty)
            if session.published_at is not None:
                emit_session("session.changed", session)
                if changes:
                    _notify_change_on_commit(session=session, changes=changes)
    except IntegrityError as error:
        raise ValidationError(BOOKED_MEANWHILE) from error
    return session


AUDITED_SESSION_FIELDS = ("title", "description", "starts_at", "ends_at", "room", "topic")


def _audited_state(session: SeminarSession) -> dict:
    """What the audit trail compares before and after a save, faculty as "Name (role)"."""
    assignments = session.faculty_assignments.select_related("faculty_member")
    faculty = sorted(f"{a.faculty_member} ({a.role})" for a in assignments)
    return {**snapshot(session, AUDITED_SESSION_FIELDS), "faculty": faculty}


def _describe_changes(
    *,
    session: SeminarSession | None,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None,
) -> list[str]:
    """What learners and faculty need to hear about: a new time or a new room."""
    if session is None or session.pk is None:
        return []
    changes = []
    if (session.starts_at, session.ends_at) != (starts_at, ends_at):
        before = describe_time(session.starts_at, session.ends_at)
        changes.append(f"Time: {before} → {describe_time(starts_at, ends_at)}")
    if session.room_id != (room.pk if room else None):
        before = str(session.room) if session.room else "to be announced"
        changes.append(f"Room: {before} → {room if room else 'to be announced'}")
    return changes


def _notify_change_on_commit(*, session: SeminarSession, changes: list[str]) -> None:
    queue_change_notice(session_id=session.pk, summary="\n".join(changes))


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


def cancel_session(*, session: SeminarSession, actor: User | None = None) -> SeminarSession:
    """Cancel a session; if it had been published, its learners and faculty are told."""
    ensure_program_is_active(session.program)
    if session.is_cancelled:
        return session
    with transaction.atomic():
        status = session.status
        session.status = SeminarSession.Status.CANCELLED
        session.save(update_fields=["status", "updated_at"])
        sync_faculty_copies(session=session)
        record_event(
            actor=actor,
            action="session.cancelled",
            target=session,
            program=session.program,
            changes={"status": [status, session.status]},
        )
        if session.published_at is not None:
            emit_session("session.cancelled", session)
            _notify_change_on_commit(session=session, changes=["The session is cancelled."])
    return session


def restore_session(*, session: SeminarSession, actor: User | None = None) -> SeminarSession:
    """Undo a cancellation: the session is back as a draft, or published (and its learners and
    faculty told) if it had been published; refused if its slot has been taken meanwhile."""
    ensure_program_is_active(session.program)
    if not session.is_cancelled:
        return session
    check_conflicts(
        program=session.program,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room=session.room,
        faculty_members=[a.faculty_member for a in session.faculty_assignments.all()],
        exclude_pk=session.pk,
    )
    published = session.published_at is not None
    try:
        with transaction.atomic():
            session.status = (
                SeminarSession.Status.PUBLISHED if published else SeminarSession.Status.DRAFT
            )
            session.save(update_fields=["status", "updated_at"])
            sync_faculty_copies(session=session)
            record_event(
                actor=actor,
                action="session.restored",
                target=session,
                program=session.program,
                changes={"status": [SeminarSession.Status.CANCELLED, session.status]},
            )
            if published:
                emit_session("session.changed", session)
    except IntegrityError as error:
        raise ValidationError(BOOKED_MEANWHILE) from error
    if published:
        _notify_change_on_commit(
            session=session, changes=["The session is no longer cancelled: it takes place."]
        )
    return session


@dataclass(frozen=True)
class WarningSource:
    """Schedule-editor warnings of an app above rotation (teaching: faculty outside their stated
    availability). `columns()` gives the columns it reads beside each session's faculty (name ->
    expression on SessionFaculty); `warnings` takes sessions= and faculty= (`faculty_rows`) and
    returns messages by session id."""

    columns: Callable[[], dict[str, Expression]]
    warnings: Callable[..., dict[int, list[str]]]


# Apps above rotation add their warnings here when they start.
SCHEDULE_WARNING_SOURCES: list[WarningSource] = []


@cache
def _source_columns() -> dict[str, Expression]:
    """Every source's columns (first asked for once the apps started)."""
    columns = {}
    for source in SCHEDULE_WARNING_SOURCES:
        columns.update(source.columns())
    return columns


@compiled_once
def _faculty_with_source_columns(session_ids) -> QuerySet[SessionFaculty]:
    """The sessions' faculty with every source's columns."""
    return faculty_values(session_ids, **_source_columns())


def schedule_faculty(*, sessions: list[SeminarSession]) -> dict[int, list[FacultyRow]]:
    """The sessions' faculty by session id as `schedule_warnings` reads them, in one query (none
    without sessions): for a view that shows them too."""
    rows = _faculty_with_source_columns([session.pk for session in sessions])
    return faculty_rows(rows=rows, columns=list(_source_columns()))


def outside_availability_warnings(
    *, sessions: list[SeminarSession], faculty: dict[int, list[FacultyRow]]
) -> dict[int, list[str]]:
    """The registered warnings (faculty outside their availability), then rooms booked outside
    their hours or on blackout dates, by session id."""
    warnings = defaultdict(list)
    found = [
        source.warnings(sessions=sessions, faculty=faculty) for source in SCHEDULE_WARNING_SOURCES
    ]
    for by_session in [*found, room_warnings_for_sessions(sessions=sessions)]:
        for session_id, messages in by_session.items():
            warnings[session_id] += messages
    return dict(warnings)


def schedule_warnings(
    *,
    program: Program,
    sessions: list[SeminarSession],
    partnerships: Partnerships | None = None,
    faculty: dict[int, list[FacultyRow]] | None = None,
) -> dict[int, list[str]]:
    """Warnings per session id: a room too small for the enrollment, a room not at one of the
    program's partners, faculty who have not confirmed, faculty outside their availability.
    Expects sessions with room__site loaded; reads the rooms' blackouts, and the program's
    `partnerships_of` and the sessions' `schedule_faculty` unless the view passes them."""
    if partnerships is None:
        partnerships = partnerships_of(program=program)
    enrolled = partnerships.enrolled
    live = [session for session in sessions if not session.is_cancelled]
    if faculty is None:
        faculty = schedule_faculty(sessions=live)
    availability = outside_availability_warnings(sessions=live, faculty=faculty)
    warnings: dict[int, list[str]] = {}
    for session in live:
        found = []
        room = session.room
        if room is not None and room.capacity < enrolled:
            found.append(f"{room} seats {room.capacity}; {enrolled} learners are enrolled.")
        if room is not None and room.site.organization_id not in partnerships.roles:
            found.append(f"{room} is not at one of the program's partners.")
        if room is not None and session.is_room_proposed:
            found.append(f"{room} was carried over from last year: confirm it with the host.")
        for member in faculty.get(session.pk, []):
            if member.confirmation == SessionFaculty.Confirmation.PENDING:
                found.append(f"{member.full_name} has not confirmed yet.")
            elif member.confirmation == SessionFaculty.Confirmation.DECLINED:
                found.append(f"{member.full_name} declined.")
        found += availability.get(session.pk, [])
        if found:
            warnings[session.pk] = found
    return warnings
