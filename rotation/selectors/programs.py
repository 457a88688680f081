"""The director's program workspace: readiness, topics and competency coverage."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.roles import remember_directorship
from config.queries import columns_of, compiled_once
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

_PROGRAM = columns_of(Program)


@compiled_once
def _program_with_directorship(slug, user_id) -> QuerySet[Program]:
    """The program's columns, then whether the user directs it."""
    directors = Program.directors.through.objects.filter(program=OuterRef("pk"), user=user_id)
    return (
        Program.objects.filter(slug=slug)
        .annotate(directed_by_user=Exists(directors))
        .values_list(*_PROGRAM, "directed_by_user")
    )


def program_by_slug(*, slug: str, user=None) -> Program:
    """The program with this slug; 404 if none. Views check permission on it next: given the
    signed-in user, whether they direct it is read with it, for that check."""
    if user is None or user.pk is None:
        try:
            return Program.objects.get(slug=slug)
        except Program.DoesNotExist:
            raise Http404("No such program.") from None
    rows = _program_with_directorship(slug, user.pk)
    if not rows:
        raise Http404("No such program.")
    *columns, directs = rows[0]
    program = Program.from_db(Program.objects.db, _PROGRAM, columns)
    program.directed_by_user = directs
    remember_directorship(user, program, directs)
    return program


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
    seminar_dates: list[date]  # the days of live sessions, for the logistics sheets

    @property
    def is_ready_to_publish(self) -> bool:
        return (
            self.drafts > 0
            and self.sessions_without_faculty == 0
            and self.with_room == (self.sessions)
        )


def readiness_of(*, program: Program, partnerships: list[ProgramPartner]) -> Readiness:
    """Live counts for the program home's checklist and its seminar days, in three queries
    whatever the size: the program's sessions and their faculty are counted here, the rest in
    one row of subqueries. `partnerships`: the program's, as the page lists them."""
    sessions = list(program.sessions.order_by().values_list("pk", "status", "room_id", "starts_at"))
    # Each assignment's session, confirmation and whether that session is cancelled.
    assignments = list(
        SessionFaculty.objects.filter(session__program=program)
        .order_by()
        .values_list("session_id", "confirmation", "is_session_cancelled")
    )
    live = [
        (pk, room, starts_at)
        for pk, status, room, starts_at in sessions
        if status != SeminarSession.Status.CANCELLED
    ]
    with_faculty = {session for session, _, _ in assignments}
    assigned, confirmed = Counter(), Counter()
    for session, confirmation, is_session_cancelled in assignments:
        if not is_session_cancelled:
            assigned[session] += 1
            confirmed[session] += confirmation == SessionFaculty.Confirmation.CONFIRMED
    of_program = {"program": OuterRef("pk")}
    enrolled = {"enrollment__program": OuterRef("pk"), "enrollment__status": "enrolled"}
    # Prefixed: the plain names are the program's related managers.
    subqueries = {
        "n_topics": Topic.objects.filter(**of_program),
        "n_learners": Enrollment.objects.filter(**of_program, status=Enrollment.Status.ENROLLED),
        "n_letters_sent": ExcusalLetter.objects.filter(
            **enrolled, status=ExcusalLetter.Status.SENT
        ),
    }
    counts = (
        Program.objects.filter(pk=program.pk)
        .annotate(
            **{name: RowCount(rows.order_by().values("pk")) for name, rows in subqueries.items()}
        )
        .values(*subqueries)
        .get()
    )
    return Readiness(
        partners=len(partnerships),
        hosts=sum(partnership.is_host for partnership in partnerships),
        topics=counts["n_topics"],
        sessions=len(live),
        published=sum(status == SeminarSession.Status.PUBLISHED for _, status, _, _ in sessions),
        drafts=sum(status == SeminarSession.Status.DRAFT for _, status, _, _ in sessions),
        with_room=sum(room is not None for _, room, _ in live),
        faculty_assigned=sum(assigned.values()),
        faculty_confirmed=sum(confirmed.values()),
        sessions_without_faculty=sum(pk not in with_faculty for pk, _, _ in live),
        sessions_fully_confirmed=sum(assigned[pk] == confirmed[pk] for pk in assigned),
        learners=counts["n_learners"],
        letters_sent=counts["n_letters_sent"],
        seminar_dates=sorted({timezone.localdate(starts_at) for _, _, starts_at in live}),
    )


class RowCount(Subquery):
    """The number of rows of a queryset (correlated through OuterRef or not), as a scalar
    subquery."""

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
