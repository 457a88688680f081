"""Reads about the course: roles, access-checked lookups and schedule queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from rotation.models import Program, SeminarSession


@dataclass(frozen=True)
class Roles:
    """What one user is, derived from data; the navigation and the home page read this."""

    is_director: bool = False
    is_liaison: bool = False
    is_faculty: bool = False
    is_learner: bool = False
    is_staff: bool = False

    @property
    def is_anything(self) -> bool:
        return any(
            (self.is_director, self.is_liaison, self.is_faculty, self.is_learner, self.is_staff)
        )


def roles_of(*, user) -> Roles:
    if not user.is_authenticated:
        return Roles()
    return Roles(
        is_director=user.directed_programs.exists(),
        is_liaison=user.liaison_organizations.exists(),
        is_faculty=hasattr(user, "faculty_profile"),
        is_learner=hasattr(user, "learner_profile"),
        is_staff=user.is_staff,
    )


def programs_for_director(*, user) -> QuerySet[Program]:
    if user.is_staff:
        return Program.objects.all()
    return Program.objects.filter(directors=user)


def get_program_for_director(*, user, slug: str) -> Program:
    """The program with this slug if the user directs it (or is staff); 404 otherwise."""
    try:
        return programs_for_director(user=user).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


def sessions_for_learner(*, learner) -> QuerySet[SeminarSession]:
    """Published sessions of the programs the learner is enrolled in."""
    return (
        SeminarSession.objects.filter(
            program__enrollments__learner=learner,
            program__enrollments__status="enrolled",
            status=SeminarSession.Status.PUBLISHED,
        )
        .select_related("program", "room__site__organization", "topic")
        .order_by("starts_at")
    )


def sessions_for_faculty(*, faculty_member) -> QuerySet[SeminarSession]:
    """Published sessions the faculty member teaches and has not declined."""
    return (
        SeminarSession.objects.filter(
            faculty_assignments__faculty_member=faculty_member,
            status=SeminarSession.Status.PUBLISHED,
        )
        .exclude(faculty_assignments__confirmation="declined")
        .select_related("program", "room__site__organization", "topic")
        .order_by("starts_at")
    )


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
        clash |= Q(
            faculty_assignments__faculty_member__in=faculty_ids,
            faculty_assignments__is_session_cancelled=False,
        ) & ~Q(faculty_assignments__confirmation="declined")
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
