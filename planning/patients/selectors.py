"""Reads about patient and family partners: who they are on a program, what they co-teach, their
orientation and honoraria, the signed feedback links and the feedback aggregated for learners
and directors (nothing shown below MIN_ANSWERS answers)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404

from config.queries import built_once
from planning.models import (
    CoTeaching,
    Honorarium,
    OrientationCompletion,
    OrientationItem,
    PatientFeedback,
    TeamMember,
)
from rotation.models import Program, SeminarSession

FEEDBACK_SALT = "planning.patient-feedback"
# Aggregated patient-partner feedback is shown (to learners and directors) from this many answers.
MIN_ANSWERS = 5
# The rated items in the order the form asks them, with the wording learners read.
FEEDBACK_ITEMS = [
    (name, PatientFeedback._meta.get_field(name).verbose_name) for name in PatientFeedback.ITEMS
]
DEFAULT_ORIENTATION = [
    "Confidentiality: what stays in the room",
    "What to expect in a session",
    "Meeting the learners",
    "Safe space and stopping rules: you may pause or stop at any time",
    "Who to call before, during and after a session",
    "Honorarium and travel: how and when you are paid",
]
Role = TeamMember.Role


def patient_partners_of(*, program: Program) -> QuerySet[TeamMember]:
    """The program's patient and family partners with their profile, how many sessions they
    co-teach and how many orientation items they completed: one query."""
    return (
        program.planning_team.filter(role=Role.PATIENT_PARTNER)
        .select_related("user", "patient_profile")
        .annotate(
            session_count=Count("co_teaching", distinct=True),
            orientation_done=Count("orientation_completions", distinct=True),
        )
        .order_by("name", "pk")
    )


def honoraria_totals(*, program: Program) -> dict[int, Decimal]:
    """What each patient partner of the program was paid in all, by member id: one query."""
    rows = (
        Honorarium.objects.filter(member__program=program)
        .values("member_id")
        .annotate(total=Sum("amount"))
    )
    return {row["member_id"]: row["total"] for row in rows}


def get_patient_partner(*, program: Program, pk: int) -> TeamMember:
    """A patient or family partner of this program (the program was access-checked)."""
    member = (
        program.planning_team.filter(pk=pk, role=Role.PATIENT_PARTNER)
        .select_related("user", "organization", "patient_profile")
        .first()
    )
    if member is None:
        raise Http404("No such patient or family partner.")
    return member


def profile_of(*, member: TeamMember):
    """The member's profile, or None before anyone has written it."""
    try:
        return member.patient_profile
    except TeamMember.patient_profile.RelatedObjectDoesNotExist:
        return None


def co_teaching_of(*, member: TeamMember) -> list[CoTeaching]:
    """The sessions the partner co-teaches, soonest first, with whether they gave feedback."""
    return list(
        member.co_teaching.select_related("session__room__site__organization", "feedback").order_by(
            "session__starts_at", "pk"
        )
    )


def sessions_for_co_teaching(*, program: Program) -> QuerySet[SeminarSession]:
    """The sessions a director may assign a patient partner to: not cancelled."""
    return program.sessions.exclude(status=SeminarSession.Status.CANCELLED).order_by("starts_at")


def co_teachers_in_order() -> QuerySet[CoTeaching]:
    """Sessions' patient partners as the pages list them: by name, with the member."""
    return CoTeaching.objects.select_related("member").order_by("member__name", "pk")


def co_teachers_by_session(*, sessions, plain: bool = False) -> dict[int, list[CoTeaching]]:
    """Each session's patient partners, by session id, in one query (none for no sessions);
    with the members' organizations and profiles, which the cards show, unless `plain` (the
    one-line form, which names the member only)."""
    ids = [session.pk for session in sessions]
    by_session = defaultdict(list)
    if ids:
        assignments = co_teachers_in_order().filter(session_id__in=ids)
        if not plain:
            assignments = assignments.select_related(
                "member__organization", "member__patient_profile"
            )
        for assignment in assignments:
            by_session[assignment.session_id].append(assignment)
    return dict(by_session)


def orientation_items(*, program: Program) -> list[OrientationItem]:
    return list(program.orientation_items.annotate(completion_count=Count("completions")))


@dataclass(frozen=True)
class OrientationStep:
    item: OrientationItem
    completion: OrientationCompletion | None


def orientation_of(*, member: TeamMember) -> list[OrientationStep]:
    """The program's checklist with the member's completion of each item: 2 queries."""
    done = {
        completion.item_id: completion
        for completion in member.orientation_completions.select_related("recorded_by")
    }
    return [
        OrientationStep(item=item, completion=done.get(item.pk))
        for item in member.program.orientation_items.all()
    ]


def honoraria_of(*, member: TeamMember) -> list[Honorarium]:
    return list(member.honoraria.select_related("recorded_by"))


# --- The signed feedback link -------------------------------------------------------------------


def feedback_token(*, co_teaching: CoTeaching) -> str:
    return signing.dumps(co_teaching.pk, salt=FEEDBACK_SALT)


def feedback_days() -> timedelta:
    return timedelta(days=settings.PLANNING_PATIENT_FEEDBACK_DAYS)


def feedback_closes_at(*, session: SeminarSession) -> datetime:
    return session.ends_at + feedback_days()


@dataclass(frozen=True)
class FeedbackLink:
    """What a feedback link opens: `state` is "open", "not_yet" (the session has not ended),
    "closed" (feedback closed or the program archived), "expired" or "bad" (tampered, or its
    assignment is gone or its session cancelled)."""

    state: str
    co_teaching: CoTeaching | None = None
    answer: PatientFeedback | None = None


def feedback_link(*, token: str, now: datetime) -> FeedbackLink:
    try:
        pk = signing.loads(token, salt=FEEDBACK_SALT, max_age=feedback_days() * 2)
    except signing.SignatureExpired:
        return FeedbackLink("expired")
    except signing.BadSignature:
        return FeedbackLink("bad")
    co_teaching = (
        CoTeaching.objects.filter(pk=pk)
        .select_related("member", "session__program", "session__room__site__organization")
        .first()
    )
    if co_teaching is None or co_teaching.session.status == SeminarSession.Status.CANCELLED:
        return FeedbackLink("bad")
    answer = PatientFeedback.objects.filter(co_teaching=co_teaching).first()
    session = co_teaching.session
    if session.program.is_archived or now >= feedback_closes_at(session=session):
        return FeedbackLink("closed", co_teaching, answer)
    if now < session.ends_at:
        return FeedbackLink("not_yet", co_teaching, answer)
    return FeedbackLink("open", co_teaching, answer)


def co_teaching_due_feedback_request(*, now: datetime) -> QuerySet[CoTeaching]:
    """Assignments whose session has ended, whose feedback is still open and whose partner has
    not been asked yet."""
    return CoTeaching.objects.filter(
        feedback_requested_at=None,
        session__status=SeminarSession.Status.PUBLISHED,
        session__ends_at__lte=now,
        session__ends_at__gt=now - feedback_days(),
        session__program__archived_at=None,
    ).order_by("pk")


# --- Aggregated feedback ------------------------------------------------------------------------


@dataclass
class ItemSummary:
    label: str
    mean: float | None  # None when fewer than MIN_ANSWERS partners rated it
    rated: int


@dataclass
class FeedbackSummary:
    """Patient partners' feedback on a program's learners: the figures and comments only from
    MIN_ANSWERS answers; `needed` says how many more answers that takes."""

    program: Program
    count: int
    items: list[ItemSummary] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def is_shown(self) -> bool:
        return self.count >= MIN_ANSWERS

    @property
    def needed(self) -> int:
        return max(MIN_ANSWERS - self.count, 0)

    @property
    def minimum(self) -> int:
        return MIN_ANSWERS


def feedback_summaries(*, programs) -> list[FeedbackSummary]:
    """One summary per program, in the order given: one query whatever the number of answers."""
    programs = list(programs)
    by_program = defaultdict(list)
    if programs:
        rows = (
            PatientFeedback.objects.filter(
                co_teaching__session__program__in=programs,
                co_teaching__session__status=SeminarSession.Status.PUBLISHED,
            )
            .order_by("submitted_at", "pk")
            .values("co_teaching__session__program_id", "comment", *PatientFeedback.ITEMS)
        )
        for row in rows:
            by_program[row["co_teaching__session__program_id"]].append(row)
    return [_summary(program, by_program[program.pk]) for program in programs]


@dataclass(frozen=True)
class CoTeachersAndFeedback:
    """A learner's sessions' patient partners (as co_teachers_by_session gives them) and the
    feedback summaries of their programs (as feedback_summaries gives them)."""

    by_session: dict[int, list[CoTeaching]]
    feedback: list[FeedbackSummary]


# What co_teachers_and_feedback reads of each assignment's feedback (at most one).
_FEEDBACK_COLUMNS = ("pk", "submitted_at", "comment", *PatientFeedback.ITEMS)


@built_once
def _co_teachers_with_feedback() -> QuerySet[CoTeaching]:
    """Assignments with what the cards show of them (co_teachers_by_session's, and only that)
    and their feedback's columns, narrowed to the page's sessions on each request."""
    return (
        co_teachers_in_order()
        .select_related("member__organization", "member__patient_profile")
        .only(
            "session_id",
            "contribution",
            "member__name",
            "member__organization__name",
            "member__patient_profile__organization_name",
        )
        .annotate(**{f"feedback_{name}": F(f"feedback__{name}") for name in _FEEDBACK_COLUMNS})
    )


def co_teachers_and_feedback(*, sessions, programs) -> CoTeachersAndFeedback:
    """For My rotation: the patient partners of these sessions (read already: all the published
    sessions of these programs, each with its `program_id`) and what they answered, so each
    program's feedback summary too: 1 query for both (none for no sessions)."""
    program_of = {session.pk: session.program_id for session in sessions}
    by_session = defaultdict(list)
    answers = defaultdict(list)
    if program_of:
        for assignment in _co_teachers_with_feedback().filter(session_id__in=program_of):
            by_session[assignment.session_id].append(assignment)
            if assignment.feedback_pk is not None:
                answers[program_of[assignment.session_id]].append(
                    {name: getattr(assignment, f"feedback_{name}") for name in _FEEDBACK_COLUMNS}
                )
    return CoTeachersAndFeedback(
        by_session=dict(by_session),
        feedback=[
            _summary(program, sorted(answers[program.pk], key=_in_order_submitted))
            for program in programs
        ],
    )


def _in_order_submitted(answer: dict):
    return answer["submitted_at"], answer["pk"]


def _summary(program: Program, rows: list[dict]) -> FeedbackSummary:
    summary = FeedbackSummary(program=program, count=len(rows))
    if not summary.is_shown:
        return summary
    for name, label in FEEDBACK_ITEMS:
        ratings = [row[name] for row in rows if row[name] is not None]
        enough = len(ratings) >= MIN_ANSWERS
        summary.items.append(
            ItemSummary(
                label=label,
                mean=round(sum(ratings) / len(ratings), 1) if enough else None,
                rated=len(ratings),
            )
        )
    summary.comments = [row["comment"] for row in rows if row["comment"].strip()]
    return summary
