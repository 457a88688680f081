"""The timeline editor's writes: move or resize a session, or schedule a topic on a free slot,
through schedule_session (conflict checks, database constraints, audit, change notices); a dry
run of either shows its refusals and warnings before anything is saved."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partners.models import MeetingRoom
from rotation.models import Program, SeminarSession, Topic, User
from rotation.selectors.schedule import get_session_for_program
from rotation.services.programs import ensure_program_is_active
from rotation.services.scheduling import (
    check_session_dates,
    schedule_session,
    schedule_warnings,
)


def _check_slot(*, program: Program, starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError("A session must end after it starts.")
    if timezone.localdate(starts_at) != timezone.localdate(ends_at):
        raise ValidationError("A session must end on the day it starts.")
    check_session_dates(program=program, starts_at=starts_at, days=[timezone.localdate(starts_at)])


def move_session(
    *,
    session: SeminarSession,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None,
    actor: User | None = None,
) -> SeminarSession:
    """Give a session a new time, end or room, keeping its title, topic and faculty; refused
    for a cancelled or past session, a slot in the past or outside the program, or a conflict."""
    program = session.program
    ensure_program_is_active(program)
    if session.is_cancelled:
        raise ValidationError("A cancelled session cannot be moved: restore it first.")
    if session.starts_at < timezone.now():
        raise ValidationError(f"“{session.title}” has already started: it cannot be moved.")
    _check_slot(program=program, starts_at=starts_at, ends_at=ends_at)
    return schedule_session(
        program=program,
        session=session,
        title=session.title,
        description=session.description,
        topic=session.topic,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        faculty=[(a.faculty_member, a.role) for a in session.faculty_assignments.all()],
        actor=actor,
    )


def schedule_topic(
    *,
    program: Program,
    topic: Topic,
    starts_at: datetime,
    ends_at: datetime,
    room: MeetingRoom | None,
    actor: User | None = None,
) -> SeminarSession:
    """A draft session for a topic dropped on the timeline, titled after it."""
    ensure_program_is_active(program)
    _check_slot(program=program, starts_at=starts_at, ends_at=ends_at)
    return schedule_session(
        program=program,
        title=topic.title,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        actor=actor,
    )


@dataclass
class Preview:
    """What saving a proposal would do: `refusals` (nothing would be saved) or `warnings`."""

    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_possible(self) -> bool:
        return not self.refusals


class _RolledBack(Exception):
    def __init__(self, warnings: list[str]):
        self.warnings = warnings


def preview_write(*, program: Program, write: Callable[[], SeminarSession]) -> Preview:
    """Run `write` (move_session or schedule_topic) in a transaction that is always rolled
    back, so its refusals come from the very checks and constraints of a real save, and its
    warnings from schedule_warnings on the result."""
    try:
        with transaction.atomic():
            session = write()
            saved = get_session_for_program(program=program, pk=session.pk)
            found = schedule_warnings(program=program, sessions=[saved]).get(session.pk, [])
            raise _RolledBack(found)
    except _RolledBack as dry_run:
        return Preview(warnings=dry_run.warnings)
    except ValidationError as refusal:
        return Preview(refusals=refusal.messages)
