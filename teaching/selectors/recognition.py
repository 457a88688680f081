"""Reads for recognition: what a faculty member taught, and who taught in a program."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from partners.models import FacultyMember
from rotation.models import Program, ProgramPartner, SeminarSession
from rotation.selectors.access import programs_for_director
from rotation.selectors.partners import learners_enrolled, taught_assignments, taught_hours
from teaching.models import VolunteerOffer


@dataclass(frozen=True)
class TeachingRecord:
    faculty_member: FacultyMember
    program: Program
    sessions: list[SeminarSession]
    hours: float
    learners_reached: int


def teaching_record(*, faculty_member: FacultyMember, program: Program) -> TeachingRecord:
    """What the recognition letter states: sessions taught, hours and learners reached (the
    learners enrolled in the program)."""
    assignments = list(
        taught_assignments(faculty_member=faculty_member, session__program=program).order_by(
            "session__starts_at"
        )
    )
    return TeachingRecord(
        faculty_member=faculty_member,
        program=program,
        sessions=[a.session for a in assignments],
        hours=taught_hours(assignments),
        learners_reached=learners_enrolled([program.pk]) if assignments else 0,
    )


def programs_taught_by(*, faculty_member: FacultyMember) -> QuerySet[Program]:
    ids = taught_assignments(faculty_member=faculty_member).values("session__program")
    return Program.objects.filter(pk__in=ids).order_by("start_date")


def faculty_who_taught(*, program: Program) -> QuerySet[FacultyMember]:
    ids = taught_assignments(session__program=program).values("faculty_member")
    return (
        FacultyMember.objects.filter(pk__in=ids)
        .select_related("organization")
        .order_by("last_name", "first_name")
    )


def programs_with_partners_for_director(*, user) -> QuerySet[Program]:
    """The director's programs with their partners and the number of offers awaiting them."""
    waiting = Q(volunteer_offers__status=VolunteerOffer.Status.OFFERED)
    return (
        programs_for_director(user=user)
        .annotate(waiting_offers=Count("volunteer_offers", filter=waiting))
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=ProgramPartner.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            )
        )
    )
