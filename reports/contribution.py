"""What a partner contributed to the programs it takes part in: its faculty's confirmed
teaching, the sessions and room-days it hosted, the learners reached and the pages printed."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from partners.models import FacultyMember, MeetingRoom, Organization
from rotation.models import Program, SeminarSession
from rotation.selectors.partners import learners_enrolled, taught_assignments, taught_hours


@dataclass(frozen=True)
class FacultyContribution:
    faculty_member: FacultyMember
    sessions: int
    hours: float


@dataclass(frozen=True)
class Contribution:
    organization: Organization
    programs: list[Program]
    faculty: list[FacultyContribution]
    teaching_hours: float
    sessions_taught: int
    rooms: list[MeetingRoom]
    room_days: int
    sessions_hosted: int
    learners_reached: int
    printed_pages: int


def partner_contribution(*, organization: Organization, programs) -> Contribution:
    """What a partner gave to these programs: its faculty's confirmed teaching, its rooms, the
    learners enrolled in the programs it contributed to, and the pages it printed."""
    programs = list(programs)
    program_ids = [program.pk for program in programs]
    assignments = list(
        taught_assignments(
            faculty_member__organization=organization, session__program__in=program_ids
        )
    )
    by_member = defaultdict(list)
    for assignment in assignments:
        by_member[assignment.faculty_member].append(assignment)
    faculty = sorted(
        (
            FacultyContribution(member, len(rows), taught_hours(rows))
            for member, rows in by_member.items()
        ),
        key=lambda row: (row.faculty_member.last_name, row.faculty_member.first_name),
    )
    hosted = list(
        SeminarSession.objects.filter(
            program__in=program_ids,
            status=SeminarSession.Status.PUBLISHED,
            room__site__organization=organization,
        ).select_related("room__site")
    )
    rooms = sorted({session.room for session in hosted}, key=str)
    room_days = {(s.room_id, timezone.localtime(s.starts_at).date()) for s in hosted}
    contributed_to = {a.session.program_id for a in assignments} | {s.program_id for s in hosted}
    pages = organization.printing_records.filter(program__in=program_ids).aggregate(
        total=Sum("pages")
    )["total"]
    return Contribution(
        organization=organization,
        programs=programs,
        faculty=faculty,
        teaching_hours=taught_hours(assignments),
        sessions_taught=len({a.session_id for a in assignments}),
        rooms=rooms,
        room_days=len(room_days),
        sessions_hosted=len(hosted),
        learners_reached=learners_enrolled(contributed_to),
        printed_pages=pages or 0,
    )
