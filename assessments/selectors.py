"""Reads about assessments: access-checked lookups, what a learner has due, completion and
results. Every list here runs a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Administration,
    Answer,
    CourseEvaluation,
    EvaluationSettings,
    FacultyRating,
    Instrument,
    Item,
    Response,
    SessionEvaluation,
)
from rotation.models import Enrollment, Learner, Program, SeminarSession
from rotation.selectors import programs_for_director

DEFAULT_SESSION_OPEN_DAYS = 7


def is_instrument_locked(*, instrument: Instrument) -> bool:
    """Items are locked once anyone has answered (even a draft) an administration of it."""
    return Response.objects.filter(administration__instrument=instrument).exists()


# --- Access-checked lookups ---------------------------------------------------------------------


def instruments_for_director(*, user) -> QuerySet[Instrument]:
    return Instrument.objects.filter(program__in=programs_for_director(user=user)).select_related(
        "program"
    )


def get_instrument_for_director(*, user, pk: int) -> Instrument:
    try:
        return instruments_for_director(user=user).get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404("No such instrument.") from None


def get_item_for_director(*, user, pk: int) -> Item:
    try:
        return Item.objects.select_related("instrument__program").get(
            pk=pk, instrument__in=instruments_for_director(user=user)
        )
    except Item.DoesNotExist:
        raise Http404("No such item.") from None


def get_administration_for_director(*, user, pk: int) -> Administration:
    try:
        return Administration.objects.select_related("instrument__program").get(
            pk=pk, instrument__program__in=programs_for_director(user=user)
        )
    except Administration.DoesNotExist:
        raise Http404("No such administration.") from None


def enrolled_programs(*, learner: Learner) -> QuerySet[Program]:
    return Program.objects.filter(
        enrollments__learner=learner, enrollments__status=Enrollment.Status.ENROLLED
    )


def get_administration_for_learner(*, learner: Learner, pk: int) -> Administration:
    """An administration of a program the learner is enrolled in; 404 otherwise."""
    try:
        return Administration.objects.select_related("instrument__program").get(
            pk=pk, instrument__program__in=enrolled_programs(learner=learner)
        )
    except Administration.DoesNotExist:
        raise Http404("No such assessment.") from None


def get_session_for_learner(*, learner: Learner, pk: int) -> SeminarSession:
    try:
        return (
            SeminarSession.objects.select_related("program")
            .prefetch_related("faculty_assignments__faculty_member")
            .get(
                pk=pk,
                status=SeminarSession.Status.PUBLISHED,
                program__in=enrolled_programs(learner=learner),
            )
        )
    except SeminarSession.DoesNotExist:
        raise Http404("No such session.") from None


def get_program_for_learner(*, learner: Learner, slug: str) -> Program:
    try:
        return enrolled_programs(learner=learner).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None


# --- Windows ------------------------------------------------------------------------------------


def session_open_days(*, program: Program) -> int:
    settings = EvaluationSettings.objects.filter(program=program).first()
    return settings.session_open_days if settings else DEFAULT_SESSION_OPEN_DAYS


def evaluation_window(*, session: SeminarSession) -> tuple[datetime, datetime]:
    days = session_open_days(program=session.program)
    return session.ends_at, session.ends_at + timedelta(days=days)


# --- What a learner has due ---------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    kind: str  # "pre", "post", "session", "course", "results"
    title: str
    url: str
    deadline: datetime | None
    status: str  # "Not started", "Draft saved", "Results available", "Open"


def due_for_learner(*, learner: Learner, now: datetime) -> list[DueItem]:
    """Open assessments not yet submitted, open evaluations not yet given, and results that
    have become available; soonest deadline first. Three queries whatever the numbers."""
    programs = list(
        enrolled_programs(learner=learner)
        .select_related("evaluation_settings")
        .annotate(
            has_course_evaluation=Exists(
                CourseEvaluation.objects.filter(learner=learner, program=OuterRef("pk"))
            )
        )
    )
    mine = Response.objects.filter(learner=learner, administration=OuterRef("pk"))
    administrations = (
        Administration.objects.filter(instrument__program__in=programs, opens_at__lte=now)
        .select_related("instrument")
        .annotate(my_status=Subquery(mine.values("status")[:1]))
    )
    # An archived program is read-only: its results stay, nothing is due any more.
    archived = {program.pk for program in programs if program.is_archived}
    active = [program for program in programs if not program.is_archived]
    due = []
    for administration in administrations:
        status = administration.my_status
        is_answerable = administration.instrument.program_id not in archived
        if is_answerable and administration.is_open(now) and status != Response.Status.SUBMITTED:
            due.append(
                DueItem(
                    kind=administration.kind,
                    title=f"{administration.get_kind_display()}: {administration.instrument.title}",
                    url=reverse("assessments:take", args=[administration.pk]),
                    deadline=administration.closes_at,
                    status="Draft saved" if status else "Not started",
                )
            )
        elif (
            administration.kind == Administration.Kind.POST
            and now >= administration.closes_at
            and status == Response.Status.SUBMITTED
        ):
            due.append(
                DueItem(
                    kind="results",
                    title=f"Your results: {administration.instrument.title}",
                    url=reverse("assessments:results", args=[administration.pk]),
                    deadline=None,
                    status="Results available",
                )
            )
    due.extend(_due_session_evaluations(learner=learner, programs=active, now=now))
    due.extend(_due_course_evaluations(learner=learner, programs=active, now=now))
    far = now + timedelta(days=3650)
    return sorted(due, key=lambda d: (d.deadline or far, d.title))


def _open_days(program: Program) -> int:
    try:
        return program.evaluation_settings.session_open_days
    except EvaluationSettings.DoesNotExist:
        return DEFAULT_SESSION_OPEN_DAYS


def _due_session_evaluations(*, learner, programs, now) -> list[DueItem]:
    if not programs:
        return []
    longest = max(_open_days(p) for p in programs)
    by_pk = {p.pk: p for p in programs}
    sessions = (
        SeminarSession.objects.filter(
            program__in=by_pk,
            status=SeminarSession.Status.PUBLISHED,
            ends_at__lte=now,
            ends_at__gt=now - timedelta(days=longest),
        )
        .exclude(evaluations__learner=learner)
        .order_by("ends_at")
    )
    due = []
    for session in sessions:
        closes = session.ends_at + timedelta(days=_open_days(by_pk[session.program_id]))
        if now < closes:
            due.append(
                DueItem(
                    kind="session",
                    title=f"Evaluate: {session.title}",
                    url=reverse("assessments:evaluate_session", args=[session.pk]),
                    deadline=closes,
                    status="Open",
                )
            )
    return due


def _due_course_evaluations(*, learner, programs, now) -> list[DueItem]:
    return [
        DueItem(
            kind="course",
            title=f"End-of-course evaluation: {program.name}",
            url=reverse("assessments:evaluate_course", args=[program.slug]),
            deadline=None,
            status="Open",
        )
        for program in programs
        if not program.has_course_evaluation and program.end_date < timezone.localdate(now)
    ]


# --- The form -----------------------------------------------------------------------------------


def form_items(*, administration: Administration) -> list[Item]:
    return list(administration.instrument.items.prefetch_related("choices"))


def draft_values(*, administration: Administration, learner: Learner) -> dict[str, str]:
    """Form field name → saved value, so that a reload (or another device) resumes the draft."""
    values = {}
    for answer in Answer.objects.filter(
        response__administration=administration, response__learner=learner
    ):
        prefix = "retro" if answer.is_retrospective else "item"
        if answer.choice_id:
            value = str(answer.choice_id)
        elif answer.value is not None:
            value = str(answer.value)
        else:
            value = answer.text
        values[f"{prefix}-{answer.item_id}"] = value
    return values


def response_of(*, administration: Administration, learner: Learner) -> Response | None:
    return Response.objects.filter(administration=administration, learner=learner).first()


# --- Completion (director) ----------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionRow:
    learner: Learner
    status: str  # "submitted", "draft", "not_started"
    updated_at: datetime | None


@dataclass
class Completion:
    rows: list[CompletionRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.rows)

    def rate(self, status: str) -> float:
        return round(100 * self.counts.get(status, 0) / self.total, 1) if self.total else 0.0

    @property
    def response_rate(self) -> float:
        return self.rate("submitted")


def completion(*, administration: Administration) -> Completion:
    """Every enrolled learner with where they stand: submitted, draft or not started."""
    program_id = administration.instrument.program_id
    learners = Learner.objects.filter(
        enrollments__program_id=program_id, enrollments__status=Enrollment.Status.ENROLLED
    ).order_by("last_name", "first_name", "pk")
    responses = {r.learner_id: r for r in Response.objects.filter(administration=administration)}
    rows, counts = [], defaultdict(int)
    for learner in learners:
        response = responses.get(learner.pk)
        status = response.status if response else "not_started"
        counts[status] += 1
        rows.append(CompletionRow(learner, status, response.updated_at if response else None))
    return Completion(rows=rows, counts=dict(counts))


def non_respondents(*, administration: Administration) -> QuerySet[Learner]:
    return Learner.objects.filter(
        enrollments__program_id=administration.instrument.program_id,
        enrollments__status=Enrollment.Status.ENROLLED,
    ).exclude(responses__administration=administration, responses__status="submitted")


# --- Results (resident, after the post closes) -------------------------------------------------


@dataclass
class TopicResult:
    topic: str
    pre_correct: int | None
    post_correct: int | None
    total: int


@dataclass
class ItemReview:
    item: Item
    correct_choice: str
    pre_choice: str
    post_choice: str
    post_is_correct: bool | None


@dataclass
class Results:
    pre: Response | None
    post: Response
    topics: list[TopicResult]
    attitudes: list[tuple[str, float | None, float | None]]
    review: list[ItemReview]


def _mean(values):
    return round(sum(values) / len(values), 2) if values else None


def results_for_learner(*, post: Administration, learner: Learner) -> Results | None:
    """The learner's own pre and post scores, per topic and subscale, with the explanations."""
    responses = {
        r.administration.kind: r
        for r in Response.objects.filter(
            administration__instrument=post.instrument, learner=learner, status="submitted"
        ).select_related("administration")
    }
    if Administration.Kind.POST not in responses:
        return None
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(
        response__in=responses.values(), is_retrospective=False
    ).select_related("choice", "response__administration"):
        answers[answer.response.administration.kind][answer.item_id] = answer
    items = list(
        post.instrument.items.prefetch_related(Prefetch("choices", to_attr="choice_list")).order_by(
            "position", "pk"
        )
    )
    topics, subscales, review = {}, defaultdict(lambda: ([], [])), []
    for item in items:
        pre_answer = answers["pre"].get(item.pk)
        post_answer = answers["post"].get(item.pk)
        if item.kind == Item.Kind.KNOWLEDGE:
            name = item.topic or "General"
            result = topics.setdefault(
                name,
                TopicResult(name, 0 if "pre" in responses else None, 0, 0),
            )
            result.total += 1
            if pre_answer and pre_answer.is_correct and result.pre_correct is not None:
                result.pre_correct += 1
            if post_answer and post_answer.is_correct:
                result.post_correct += 1
            review.append(
                ItemReview(
                    item=item,
                    correct_choice=next((c.text for c in item.choice_list if c.is_correct), ""),
                    pre_choice=pre_answer.choice.text if pre_answer and pre_answer.choice else "",
                    post_choice=post_answer.choice.text
                    if post_answer and post_answer.choice
                    else "",
                    post_is_correct=post_answer.is_correct if post_answer else None,
                )
            )
        elif item.kind == Item.Kind.ATTITUDE:
            name = item.subscale or "Attitudes"
            if pre_answer:
                subscales[name][0].append(pre_answer.score)
            if post_answer:
                subscales[name][1].append(post_answer.score)
    attitudes = [(name, _mean(pre), _mean(post_)) for name, (pre, post_) in subscales.items()]
    return Results(
        pre=responses.get("pre"),
        post=responses["post"],
        topics=list(topics.values()),
        attitudes=attitudes,
        review=review,
    )


def session_evaluation_of(*, session: SeminarSession, learner: Learner):
    return SessionEvaluation.objects.filter(session=session, learner=learner).first()


# --- Evaluations (director) ---------------------------------------------------------------------


@dataclass
class SessionSummary:
    session: SeminarSession
    count: int
    overall: float | None
    relevance: float | None
    changed_view: float | None
    comments: list[tuple[str, str]]  # (who, comment); who is "Anonymous" when so configured


def evaluation_settings_for(*, program: Program) -> EvaluationSettings:
    settings = EvaluationSettings.objects.filter(program=program).first()
    return settings or EvaluationSettings(program=program)


def session_evaluation_summaries(*, program: Program) -> list[SessionSummary]:
    """Per session: count, means and comments; names hidden if the program says so."""
    anonymous = evaluation_settings_for(program=program).is_anonymous_to_directors
    sessions = (
        SeminarSession.objects.filter(program=program)
        .exclude(status=SeminarSession.Status.CANCELLED)
        .annotate(
            evaluation_count=Count("evaluations"),
            mean_overall=Avg("evaluations__overall"),
            mean_relevance=Avg("evaluations__relevance"),
            mean_changed_view=Avg("evaluations__changed_view"),
        )
        .order_by("starts_at")
    )
    comments = defaultdict(list)
    for evaluation in (
        SessionEvaluation.objects.filter(session__program=program)
        .exclude(comment="")
        .select_related("learner")
        .order_by("submitted_at")
    ):
        who = "Anonymous" if anonymous else evaluation.learner.full_name
        comments[evaluation.session_id].append((who, evaluation.comment))

    def rounded(value):
        return round(value, 2) if value is not None else None

    return [
        SessionSummary(
            session=session,
            count=session.evaluation_count,
            overall=rounded(session.mean_overall),
            relevance=rounded(session.mean_relevance),
            changed_view=rounded(session.mean_changed_view),
            comments=comments.get(session.pk, []),
        )
        for session in sessions
    ]


def get_response_for_director(*, user, administration_pk: int, learner_pk: int) -> Response:
    """A learner's response in a program the user directs; 404 otherwise."""
    try:
        return Response.objects.select_related(
            "learner", "administration__instrument__program"
        ).get(
            administration_id=administration_pk,
            learner_id=learner_pk,
            administration__instrument__program__in=programs_for_director(user=user),
        )
    except Response.DoesNotExist:
        raise Http404("No such response.") from None


def answers_of(*, response: Response) -> list[Answer]:
    return list(
        response.answers.select_related("item", "choice").order_by(
            "item__position", "item_id", "is_retrospective"
        )
    )


# --- Faculty feedback (aggregated only) ---------------------------------------------------------

MIN_RESPONDENTS = 5


@dataclass
class FacultyFeedback:
    session: SeminarSession
    count: int
    overall: float | None  # None when fewer than MIN_RESPONDENTS answered
    effectiveness: float | None


def feedback_for_faculty(*, faculty_member) -> list[FacultyFeedback]:
    """Means over a faculty member's sessions; never individual answers, nothing under five."""
    sessions = (
        SeminarSession.objects.filter(
            faculty_assignments__faculty_member=faculty_member,
            status=SeminarSession.Status.PUBLISHED,
        )
        .exclude(faculty_assignments__confirmation="declined")
        .annotate(
            evaluation_count=Count("evaluations", distinct=True),
            mean_overall=Avg("evaluations__overall"),
        )
        .order_by("starts_at")
    )
    ratings = {
        row["evaluation__session"]: row["mean"]
        for row in FacultyRating.objects.filter(faculty_member=faculty_member)
        .values("evaluation__session")
        .annotate(mean=Avg("effectiveness"))
    }
    feedback = []
    for session in sessions:
        enough = session.evaluation_count >= MIN_RESPONDENTS
        rating = ratings.get(session.pk)
        feedback.append(
            FacultyFeedback(
                session=session,
                count=session.evaluation_count,
                overall=round(session.mean_overall, 2) if enough else None,
                effectiveness=round(rating, 2) if enough and rating is not None else None,
            )
        )
    return feedback


@dataclass
class CourseSummary:
    count: int
    overall: float | None
    most_valuable: list[str]
    least_valuable: list[str]
    topics_to_add: list[str]


def course_evaluation_summary(*, program: Program) -> CourseSummary:
    """The end-of-course evaluations: the mean rating and what learners wrote (never names)."""
    evaluations = list(
        CourseEvaluation.objects.filter(program=program)
        .order_by("submitted_at", "pk")
        .values_list("overall", "most_valuable", "least_valuable", "topics_to_add")
    )
    overall = [row[0] for row in evaluations]
    return CourseSummary(
        count=len(evaluations),
        overall=round(sum(overall) / len(overall), 2) if overall else None,
        most_valuable=[row[1] for row in evaluations if row[1]],
        least_valuable=[row[2] for row in evaluations if row[2]],
        topics_to_add=[row[3] for row in evaluations if row[3]],
    )


def administrations_for_readiness(*, program: Program) -> QuerySet[Administration]:
    """The program's administrations with their submitted-response counts, for the director's
    readiness checklist (one query)."""
    return (
        Administration.objects.filter(instrument__program=program)
        .select_related("instrument")
        .annotate(
            submitted=Count(
                "responses", filter=Q(responses__status=Response.Status.SUBMITTED), distinct=True
            )
        )
        .order_by("opens_at")
    )
