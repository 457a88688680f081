"""The director's program workspace: readiness, topics and competency coverage."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from rotation.competencies import SUB_THEMES, SbpCompetency
from rotation.models import (
    Enrollment,
    ExcusalLetter,
    Program,
    ProgramPartner,
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
    """Live counts for the program home's checklist, in two queries whatever the size."""
    # One row per session: its faculty, and how many of them have confirmed.
    per_session = list(
        SessionFaculty.objects.filter(session__program=program, is_session_cancelled=False)
        .values("session")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=Q(confirmation="confirmed")))
        .values_list("total", "confirmed")
    )
    of_program = {"program": OuterRef("pk")}
    sessions = SeminarSession.objects.filter(**of_program)
    live = sessions.exclude(status=SeminarSession.Status.CANCELLED)
    partners = ProgramPartner.objects.filter(**of_program)
    # Prefixed: the plain names are the program's related managers.
    subqueries = {
        "n_sessions": live,
        "n_published": sessions.filter(status=SeminarSession.Status.PUBLISHED),
        "n_drafts": sessions.filter(status=SeminarSession.Status.DRAFT),
        "n_with_room": live.filter(room__isnull=False),
        "n_without_faculty": live.filter(faculty_assignments__isnull=True),
        "n_partners": partners,
        "n_hosts": partners.filter(role__in=["host", "host_content"]),
        "n_topics": Topic.objects.filter(**of_program),
        "n_learners": Enrollment.objects.filter(**of_program, status=Enrollment.Status.ENROLLED),
        "n_letters_sent": ExcusalLetter.objects.filter(
            enrollment__program=OuterRef("pk"),
            enrollment__status=Enrollment.Status.ENROLLED,
            status=ExcusalLetter.Status.SENT,
        ),
    }
    counts = (
        Program.objects.filter(pk=program.pk)
        .annotate(
            **{name: _Count(rows.order_by().values("pk")) for name, rows in subqueries.items()}
        )
        .values(*subqueries)
        .get()
    )
    return Readiness(
        partners=counts["n_partners"],
        hosts=counts["n_hosts"],
        topics=counts["n_topics"],
        sessions=counts["n_sessions"],
        published=counts["n_published"],
        drafts=counts["n_drafts"],
        with_room=counts["n_with_room"],
        faculty_assigned=sum(total for total, _ in per_session),
        faculty_confirmed=sum(confirmed for _, confirmed in per_session),
        sessions_without_faculty=counts["n_without_faculty"],
        sessions_fully_confirmed=sum(total == confirmed for total, confirmed in per_session),
        learners=counts["n_learners"],
        letters_sent=counts["n_letters_sent"],
    )


class _Count(Subquery):
    """The number of rows of a queryset correlated through OuterRef, as a scalar subquery."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


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
