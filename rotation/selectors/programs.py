"""The director's program workspace: readiness, topics and competency coverage."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from rotation.competencies import SUB_THEMES, SbpCompetency
from rotation.models import (
    Enrollment,
    ExcusalLetter,
    Program,
    SeminarSession,
    SessionFaculty,
    Topic,
)


def program_by_slug(*, slug: str) -> Program:
    """The program with this slug; 404 if none. Views check permission on it next."""
    try:
        return Program.objects.get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


@dataclass(frozen=True)
class Readiness:
    partners: int
    hosts: int
    topics: int
    sessions: int
    published: int
    drafts: int
    with_room: int
    faculty_assigned: int
    faculty_confirmed: int
    sessions_without_faculty: int
    sessions_fully_confirmed: int
    learners: int
    letters_sent: int

    @property
    def is_ready_to_publish(self) -> bool:
        return (
            self.drafts > 0
            and self.sessions_without_faculty == 0
            and self.with_room == (self.sessions)
        )


def readiness_of(*, program: Program) -> Readiness:
    """Live counts for the program home's checklist, in a constant number of queries."""
    live = ~Q(status=SeminarSession.Status.CANCELLED)
    # distinct: the faculty join repeats a session once per faculty member.
    counts = program.sessions.aggregate(
        sessions=Count("pk", filter=live, distinct=True),
        published=Count("pk", filter=Q(status=SeminarSession.Status.PUBLISHED), distinct=True),
        drafts=Count("pk", filter=Q(status=SeminarSession.Status.DRAFT), distinct=True),
        with_room=Count("pk", filter=live & Q(room__isnull=False), distinct=True),
        without_faculty=Count(
            "pk", filter=live & Q(faculty_assignments__isnull=True), distinct=True
        ),
    )
    faculty = SessionFaculty.objects.filter(session__program=program, is_session_cancelled=False)
    faculty_counts = faculty.aggregate(
        assigned=Count("pk"), confirmed=Count("pk", filter=Q(confirmation="confirmed"))
    )
    per_session = faculty.values("session").annotate(
        total=Count("pk"), confirmed=Count("pk", filter=Q(confirmation="confirmed"))
    )
    fully_confirmed = sum(row["total"] == row["confirmed"] for row in per_session)
    partners = program.partnerships.aggregate(
        total=Count("pk"), hosts=Count("pk", filter=Q(role__in=["host", "host_content"]))
    )
    enrolled = program.enrollments.filter(status=Enrollment.Status.ENROLLED)
    return Readiness(
        partners=partners["total"],
        hosts=partners["hosts"],
        topics=program.topics.count(),
        sessions=counts["sessions"],
        published=counts["published"],
        drafts=counts["drafts"],
        with_room=counts["with_room"],
        faculty_assigned=faculty_counts["assigned"],
        faculty_confirmed=faculty_counts["confirmed"],
        sessions_without_faculty=counts["without_faculty"],
        sessions_fully_confirmed=fully_confirmed,
        learners=enrolled.count(),
        letters_sent=ExcusalLetter.objects.filter(
            enrollment__in=enrolled, status=ExcusalLetter.Status.SENT
        ).count(),
    )


def topics_for_program(*, program: Program) -> QuerySet[Topic]:
    live = ~Q(sessions__status=SeminarSession.Status.CANCELLED)
    return (
        program.topics.select_related("proposed_by")
        .annotate(session_count=Count("sessions", filter=live & Q(sessions__isnull=False)))
        .order_by("title")
    )


@dataclass(frozen=True)
class CoverageRow:
    value: str
    label: str
    sub_themes: tuple[str, ...]
    topics: list[str]
    sessions: int


def competency_coverage(
    *, program: Program, topics: list[Topic] | None = None
) -> list[CoverageRow]:
    """For each SBP sub-competency: the topics tagged with it, and how many scheduled
    (not cancelled) sessions teach those topics. Pass the program's topics_for_program list
    if it is already loaded."""
    if topics is None:
        topics = list(topics_for_program(program=program))
    rows = []
    for value, label in SbpCompetency.choices:
        tagged = [topic for topic in topics if value in (topic.sbp_competencies or [])]
        rows.append(
            CoverageRow(
                value=value,
                label=label,
                sub_themes=SUB_THEMES[value],
                topics=[topic.title for topic in tagged if topic.session_count],
                sessions=sum(topic.session_count for topic in tagged),
            )
        )
    return rows
