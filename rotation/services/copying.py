"""Copying a program to next year: a preview (the plan, with its conflicts) and the copy, in one
transaction. Apps above rotation copy their own part (instruments, evaluation settings) through
PROGRAM_COPY_PARTS, registered when they start."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from audit.services import record_event
from partners.models import FacultyMember, MeetingRoom
from partners.selectors import room_booking_warnings
from rotation.models import Program, SeminarSession, SessionFaculty, Topic, User
from rotation.selectors.conflicts import find_conflicts
from rotation.services.programs import PROGRAM_FIELDS, save_program
from rotation.services.scheduling import BOOKED_MEANWHILE, describe_conflict


@dataclass(frozen=True)
class CopyPart:
    """What an app above rotation copies with a program. `describe(source=, weeks=)` returns
    lines for the preview; `copy(source=, target=, weeks=, actor=)` runs inside the copy's
    transaction (a ValidationError undoes the whole copy)."""

    describe: Callable[..., list[str]]
    copy: Callable[..., None]


PROGRAM_COPY_PARTS: list[CopyPart] = []
# Faculty no longer in the pool are not proposed again.
RETIRED_FACULTY = (
    FacultyMember.RecruitmentStatus.DECLINED,
    FacultyMember.RecruitmentStatus.INACTIVE,
)


@dataclass
class ProposedSession:
    """One session of the copy: its new time, and the room and faculty carried over as
    proposals. A proposal that collides with another booking is left out (`conflicts`)."""

    source: SeminarSession
    starts_at: datetime
    ends_at: datetime
    room: MeetingRoom | None
    faculty: list[tuple[FacultyMember, str]]
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    is_room_taken: bool = False
    taken_faculty: set[int] = field(default_factory=set)

    @property
    def kept_faculty(self) -> list[tuple[FacultyMember, str]]:
        return [
            (member, role) for member, role in self.faculty if member.pk not in self.taken_faculty
        ]


@dataclass
class CopyPlan:
    source: Program
    name: str
    academic_year: str
    weeks: int
    sessions: list[ProposedSession]
    parts: list[str]

    @property
    def start_date(self) -> date:
        return shift_day(self.source.start_date, self.weeks)

    @property
    def end_date(self) -> date:
        return shift_day(self.source.end_date, self.weeks)

    @property
    def conflict_count(self) -> int:
        return sum(len(session.conflicts) for session in self.sessions)

    @property
    def warning_count(self) -> int:
        return sum(len(session.warnings) for session in self.sessions)


def shift_day(day: date, weeks: int) -> date:
    return day + timedelta(weeks=weeks)


def shift_moment(moment: datetime, weeks: int) -> datetime:
    """The same weekday and local wall-clock time `weeks` later, whatever daylight saving time
    did in between."""
    local = timezone.localtime(moment)
    return timezone.make_aware(
        datetime.combine(shift_day(local.date(), weeks), local.time().replace(tzinfo=None))
    )


def weeks_to(*, program: Program, start_date: date) -> int:
    """Whole weeks that move the program's first day to the first same weekday on or after
    `start_date`: sessions keep their weekdays and times. It must start after the program ends."""
    if start_date <= program.end_date:
        raise ValidationError(
            f"The copy must start after {program.name} ends "
            f"({date_format(program.end_date, 'j M Y')})."
        )
    return -(-(start_date - program.start_date).days // 7)


def plan_program_copy(
    *, source: Program, name: str, academic_year: str, start_date: date
) -> CopyPlan:
    """The preview: every session moved by whole weeks with its room and faculty proposed, and
    what would collide (room double-booked, faculty teaching elsewhere: left out of the copy)
    or warn (room closed that day or outside its hours). Nothing is written."""
    weeks = weeks_to(program=source, start_date=start_date)
    sessions = (
        source.sessions.exclude(status=SeminarSession.Status.CANCELLED)
        .select_related("room__site", "topic")
        .prefetch_related("faculty_assignments__faculty_member")
        .order_by("starts_at")
    )
    proposed = []
    for session in sessions:
        faculty = [
            (assignment.faculty_member, assignment.role)
            for assignment in session.faculty_assignments.all()
            if assignment.confirmation != SessionFaculty.Confirmation.DECLINED
        ]
        proposal = ProposedSession(
            source=session,
            starts_at=shift_moment(session.starts_at, weeks),
            ends_at=shift_moment(session.ends_at, weeks),
            room=session.room,
            faculty=faculty,
        )
        _check_proposal(source=source, proposal=proposal)
        proposed.append(proposal)
    parts = [
        line for part in PROGRAM_COPY_PARTS for line in part.describe(source=source, weeks=weeks)
    ]
    return CopyPlan(
        source=source,
        name=name,
        academic_year=academic_year,
        weeks=weeks,
        sessions=proposed,
        parts=parts,
    )


def _check_proposal(*, source: Program, proposal: ProposedSession) -> None:
    conflicts = find_conflicts(
        program=source,
        starts_at=proposal.starts_at,
        ends_at=proposal.ends_at,
        room=proposal.room,
        faculty_members=[member for member, _role in proposal.faculty],
    )
    faculty_by_name = {str(member): member.pk for member, _role in proposal.faculty}
    for member, _role in proposal.faculty:
        if member.recruitment_status in RETIRED_FACULTY:
            proposal.taken_faculty.add(member.pk)
            proposal.conflicts.append(
                f"{member} is {member.get_recruitment_status_display().lower()} in the faculty "
                "pool, so is left out: ask someone else."
            )
    for conflict in conflicts:
        if conflict.kind == "program":  # the source itself, a year earlier: cannot overlap
            continue
        if conflict.kind == "room":
            proposal.is_room_taken = True
            left_out = f"{conflict.subject} is left out: choose another room."
        else:
            proposal.taken_faculty.add(faculty_by_name[conflict.subject])
            left_out = f"{conflict.subject} is left out: ask someone else."
        proposal.conflicts.append(f"{describe_conflict(conflict)} {left_out}")
    if proposal.room is not None and not proposal.is_room_taken:
        proposal.warnings += room_booking_warnings(
            room=proposal.room, starts_at=proposal.starts_at, ends_at=proposal.ends_at
        )


def copy_program(
    *,
    source: Program,
    name: str,
    academic_year: str,
    start_date: date,
    actor: User,
) -> Program:
    """Copy the program as a new draft: goals, partners, directors, topics, the session pattern
    (rooms and faculty as proposals to confirm, colliding ones left out) and what the apps above
    add (instruments, evaluation settings, follow-ups). All or nothing; audited."""
    try:
        with transaction.atomic():
            plan = plan_program_copy(
                source=source, name=name, academic_year=academic_year, start_date=start_date
            )
            fields = {name: getattr(source, name) for name in PROGRAM_FIELDS}
            fields.update(
                name=name,
                academic_year=academic_year,
                start_date=plan.start_date,
                end_date=plan.end_date,
            )
            target = save_program(
                program=None,
                fields=fields,
                partners=[(p.organization, p.role) for p in source.partnerships.all()],
                directors=list(source.directors.all()),
                saved_by=actor,
            )
            topics = _copy_topics(source=source, target=target)
            _copy_sessions(plan=plan, target=target, topics=topics)
            for part in PROGRAM_COPY_PARTS:
                part.copy(source=source, target=target, weeks=plan.weeks, actor=actor)
            record_event(
                actor=actor,
                action="program.copied",
                target=target,
                program=target,
                changes={
                    "copied from": [None, str(source)],
                    "sessions": [None, len(plan.sessions)],
                    "left out (conflicts)": [None, plan.conflict_count],
                },
            )
    except IntegrityError as error:
        raise ValidationError(BOOKED_MEANWHILE) from error
    return target


def _copy_topics(*, source: Program, target: Program) -> dict[int, Topic]:
    old = list(source.topics.all())
    new = Topic.objects.bulk_create(
        Topic(
            program=target,
            title=topic.title,
            description=topic.description,
            learning_objectives=topic.learning_objectives,
            proposed_by_id=topic.proposed_by_id,
            sbp_competencies=topic.sbp_competencies,
        )
        for topic in old
    )
    return {before.pk: after for before, after in zip(old, new, strict=True)}


def _copy_sessions(*, plan: CopyPlan, target: Program, topics: dict[int, Topic]) -> None:
    for proposal in plan.sessions:
        source = proposal.source
        room = None if proposal.is_room_taken else proposal.room
        session = SeminarSession.objects.create(
            program=target,
            topic=topics.get(source.topic_id),
            title=source.title,
            description=source.description,
            starts_at=proposal.starts_at,
            ends_at=proposal.ends_at,
            room=room,
            is_room_proposed=room is not None,
            status=SeminarSession.Status.DRAFT,
        )
        SessionFaculty.objects.bulk_create(
            SessionFaculty(
                session=session,
                faculty_member=member,
                role=role,
                confirmation=SessionFaculty.Confirmation.PENDING,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
            )
            for member, role in proposal.kept_faculty
        )
