"""Evaluation summaries for directors and aggregated feedback for faculty."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count
from django.http import Http404

from assessments.models import (
    Answer,
    CourseEvaluation,
    EvaluationSettings,
    FacultyRating,
    Response,
    SessionEvaluation,
)
from rotation.models import Program, SeminarSession
from rotation.selectors.access import programs_for_director


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
