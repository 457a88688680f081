"""Roles and access-checked lookups: who may see which program and session."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import directs_any_program, liaises_any_organization
from partners.models import FacultyMember
from rotation.models import Program, SeminarSession, SessionFaculty


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
        is_director=directs_any_program(user),
        is_liaison=liaises_any_organization(user),
        is_faculty=hasattr(user, "faculty_profile"),
        is_learner=hasattr(user, "learner_profile"),
        is_staff=user.is_staff,
    )


def programs_for_director(*, user, among: QuerySet[Program] | None = None) -> QuerySet[Program]:
    """The programs the user directs (all of them for staff), narrowed from `among`: a query
    the caller set up (all programs by default)."""
    programs = Program.objects.all() if among is None else among
    return programs if user.is_staff else programs.filter(directors=user)


def get_program_for_director(*, user, slug: str) -> Program:
    """The program with this slug if the user directs it (or is staff); 404 otherwise."""
    try:
        return programs_for_director(user=user).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


@dataclass(frozen=True)
class FacultyCard:
    """A session's faculty member as its learners meet them (rotation/_faculty_to_meet.html):
    plain values, not models."""

    member_pk: int
    full_name: str
    has_photo: bool
    role_note: str  # the role beside the name, lower case; "" for the lead
    title: str
    organization_name: str
    bio: str
    career_path: str


# What a faculty card shows, read from SessionFaculty (from a session: each prefixed with
# "faculty_assignments__"), and the order learners meet the faculty in: leads first, by name.
FACULTY_CARD_COLUMNS = (
    "confirmation",
    "faculty_member_id",
    "faculty_member__first_name",
    "faculty_member__last_name",
    "faculty_member__photo",
    "role",
    "faculty_member__title",
    "faculty_member__organization__name",
    "faculty_member__bio",
    "faculty_member__career_path",
)
FACULTY_CARD_ORDER = ("role", "faculty_member__last_name", "faculty_member__first_name")
ROLE_LABELS = dict(SessionFaculty.Role.choices)


def faculty_card(row) -> FacultyCard | None:
    """The card of a row of FACULTY_CARD_COLUMNS; None for a member who declined (learners do
    not meet them) and for none (a session without faculty, read from the session)."""
    confirmation, pk, first, last, photo, role, title, organization, bio, path = row
    if pk is None or confirmation == SessionFaculty.Confirmation.DECLINED:
        return None
    return FacultyCard(
        member_pk=pk,
        full_name=FacultyMember.name_of(first, last),
        has_photo=bool(photo),
        role_note="" if role == SessionFaculty.Role.LEAD else ROLE_LABELS.get(role, role).lower(),
        title=title,
        organization_name=organization,
        bio=bio,
        career_path=path,
    )


def faculty_to_meet(*, session: SeminarSession) -> list[FacultyCard]:
    """One session's faculty as its learners meet them (faculty_card): 1 query of plain rows."""
    rows = (
        SessionFaculty.objects.filter(session=session)
        .exclude(confirmation=SessionFaculty.Confirmation.DECLINED)
        .order_by(*FACULTY_CARD_ORDER)
        .values_list(*FACULTY_CARD_COLUMNS)
    )
    return [faculty_card(row) for row in rows]


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


def teaching_assignments(*, faculty_members) -> QuerySet[SessionFaculty]:
    """The faculty members' assignments that they have not declined. Used as a subquery, so
    that a co-faculty member's declining does not hide the session."""
    return SessionFaculty.objects.filter(faculty_member__in=faculty_members).exclude(
        confirmation=SessionFaculty.Confirmation.DECLINED
    )
