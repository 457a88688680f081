"""Session and course evaluation writes."""

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import (
    DEMOGRAPHIC_FIELDS,
    CourseEvaluation,
    EvaluationSettings,
    FacultyRating,
    SessionEvaluation,
)
from assessments.selectors.due import evaluation_window
from assessments.services.responses import WindowClosed
from audit.services import audited
from config.input import parse_whole_number, validate_storable
from rotation.models import Learner, Program, SeminarSession, User
from rotation.services.programs import ensure_program_is_active


def _rating(value, label: str) -> int:
    number = parse_whole_number(str(value)) if value is not None else None
    if number is None or not 1 <= number <= 5:
        raise ValidationError(f"Rate “{label}” from 1 to 5.")
    return number


def evaluate_session(
    *,
    session: SeminarSession,
    learner: Learner,
    overall,
    relevance,
    changed_view,
    faculty_ratings: Mapping[int, object],
    comment: str = "",
    now: datetime,
) -> tuple[SessionEvaluation, bool]:
    """Store one learner's evaluation of a session once; (evaluation, created)."""
    ensure_program_is_active(session.program)
    opens, closes = evaluation_window(session=session)
    if now < opens:
        raise WindowClosed("You can evaluate this session once it has ended.")
    if now >= closes:
        raise WindowClosed(
            f"Evaluations of this session closed on {timezone.localtime(closes):%-d %B %Y}."
        )
    scores = {
        "overall": _rating(overall, "overall quality"),
        "relevance": _rating(relevance, "relevance to your practice"),
        "changed_view": _rating(changed_view, "changed your view"),
    }
    faculty = {
        a.faculty_member_id: a.faculty_member
        for a in session.faculty_assignments.exclude(confirmation="declined").select_related(
            "faculty_member"
        )
    }
    if set(faculty_ratings) - set(faculty):
        raise ValidationError("That faculty member did not teach this session.")
    ratings = {pk: _rating(faculty_ratings.get(pk), str(member)) for pk, member in faculty.items()}
    validate_storable(comment)
    existing = SessionEvaluation.objects.filter(session=session, learner=learner).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            evaluation = SessionEvaluation.objects.create(
                session=session,
                learner=learner,
                comment=comment.strip()[:5000],
                submitted_at=now,
                **scores,
            )
            FacultyRating.objects.bulk_create(
                FacultyRating(evaluation=evaluation, faculty_member_id=pk, effectiveness=score)
                for pk, score in ratings.items()
            )
    except IntegrityError:
        return SessionEvaluation.objects.get(session=session, learner=learner), False
    return evaluation, True


def evaluate_course(
    *,
    program: Program,
    learner: Learner,
    overall,
    most_valuable: str = "",
    least_valuable: str = "",
    topics_to_add: str = "",
    now: datetime,
) -> tuple[CourseEvaluation, bool]:
    ensure_program_is_active(program)
    last_end = (
        SeminarSession.objects.filter(program=program)
        .exclude(status="cancelled")
        .aggregate(last=Max("ends_at"))["last"]
    )
    if last_end is None or now < last_end:
        raise WindowClosed("The end-of-course evaluation opens after the last session.")
    overall = _rating(overall, "overall rating")
    for text in (most_valuable, least_valuable, topics_to_add):
        validate_storable(text)
    try:
        with transaction.atomic():
            evaluation, created = CourseEvaluation.objects.get_or_create(
                program=program,
                learner=learner,
                defaults={
                    "overall": overall,
                    "most_valuable": most_valuable.strip()[:5000],
                    "least_valuable": least_valuable.strip()[:5000],
                    "topics_to_add": topics_to_add.strip()[:5000],
                    "submitted_at": now,
                },
            )
    except IntegrityError:
        return CourseEvaluation.objects.get(program=program, learner=learner), False
    return evaluation, created


AUDITED_SETTINGS_FIELDS = ("session_open_days", "is_anonymous_to_directors", "demographic_fields")


def save_evaluation_settings(
    *,
    program: Program,
    session_open_days: int,
    is_anonymous_to_directors: bool,
    demographic_fields: list[str] | None = None,
    actor: User | None = None,
) -> EvaluationSettings:
    """Create or change a program's evaluation settings (demographic_fields None: unchanged);
    an archived program refuses."""
    ensure_program_is_active(program)
    with transaction.atomic():
        settings = EvaluationSettings.objects.select_for_update().filter(program=program).first()
        settings = settings or EvaluationSettings(program=program)
        with audited(
            actor=actor,
            action="evaluation_settings.changed",
            target=settings,
            fields=AUDITED_SETTINGS_FIELDS,
            program=program,
        ):
            settings.session_open_days = session_open_days
            settings.is_anonymous_to_directors = is_anonymous_to_directors
            if demographic_fields is not None:
                unknown = set(demographic_fields) - set(DEMOGRAPHIC_FIELDS)
                if unknown:
                    raise ValidationError(f"Unknown demographic fields: {sorted(unknown)}.")
                settings.demographic_fields = [
                    f for f in DEMOGRAPHIC_FIELDS if f in demographic_fields
                ]
            settings.save()
    return settings
