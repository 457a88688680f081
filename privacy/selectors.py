"""Everything stored about one learner, as plain data for their "My data" download. A fixed
number of queries (11) whatever the size of the record."""

from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Answer,
    CourseEvaluation,
    FacultyRating,
    Notification,
    Response,
    SessionEvaluation,
)
from privacy.models import DeletionRequest
from rotation.models import Attendance, Learner
from rotation.selectors import sessions_for_learner


def _when(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _answer(answer: Answer) -> dict:
    item = answer.item
    if item.kind == item.Kind.KNOWLEDGE:
        given = answer.choice.text if answer.choice else None
    elif item.kind == item.Kind.ATTITUDE:
        given = item.labels[answer.value - 1] if answer.value else None
    else:
        given = answer.text
    return {
        "item": item.text,
        "kind": item.kind,
        "is_retrospective": answer.is_retrospective,
        "answer": given,
        "value": answer.value,
        "is_correct": answer.is_correct,
        "answered_at": _when(answer.answered_at),
    }


def _profile(learner: Learner) -> dict:
    user = learner.user
    return {
        "first_name": learner.first_name,
        "last_name": learner.last_name,
        "email": learner.email,
        "external_id": learner.external_id,
        "residency_program": learner.residency_program,
        "pgy_level": learner.pgy_level,
        "program_director_name": learner.program_director_name,
        "program_director_email": learner.program_director_email,
        "created_at": _when(learner.created_at),
        "account": None
        if user is None
        else {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
    }


def _calendar_feed(learner: Learner) -> dict | None:
    feed = getattr(learner.user, "calendar_feed", None) if learner.user else None
    if feed is None:
        return None
    path = reverse("rotation:calendar_feed", args=[feed.token])
    return {"url": settings.SITE_URL.rstrip("/") + path, "created_at": _when(feed.created_at)}


def learner_record(*, learner_id: int) -> dict:
    """The learner's whole record: profile, enrollments, schedule, attendance, excusal letters,
    assessment responses (each item's text, their answer, correctness), the evaluations they
    gave (their own, even where directors see them anonymously), calendar feed, notifications."""
    learner = Learner.objects.select_related("user__calendar_feed").get(pk=learner_id)
    enrollments = list(
        learner.enrollments.select_related("program", "excusal_letter").order_by(
            "program__start_date", "program__name"
        )
    )
    attendance = Attendance.objects.filter(learner=learner).select_related("session__program")
    answers = Answer.objects.select_related("item", "choice").order_by(
        "item__position", "item_id", "is_retrospective"
    )
    responses = (
        Response.objects.filter(learner=learner)
        .select_related("administration__instrument__program")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("administration__opens_at", "pk")
    )
    ratings = FacultyRating.objects.select_related("faculty_member").order_by("pk")
    session_evaluations = (
        SessionEvaluation.objects.filter(learner=learner)
        .select_related("session__program")
        .prefetch_related(Prefetch("faculty_ratings", queryset=ratings))
        .order_by("session__starts_at")
    )
    course_evaluations = CourseEvaluation.objects.filter(learner=learner).select_related("program")
    notifications = (
        Notification.objects.filter(learner=learner)
        .select_related("administration__instrument")
        .order_by("sent_at", "pk")
    )
    deletion_requests = DeletionRequest.objects.filter(learner=learner).order_by("requested_at")
    return {
        "exported_at": _when(timezone.now()),
        "profile": _profile(learner),
        "enrollments": [
            {
                "program": e.program.name,
                "academic_year": e.program.academic_year,
                "status": e.status,
                "enrolled_at": _when(e.enrolled_at),
            }
            for e in enrollments
        ],
        "schedule": [
            {
                "program": s.program.name,
                "title": s.title,
                "topic": s.topic.title if s.topic else None,
                "starts_at": _when(s.starts_at),
                "ends_at": _when(s.ends_at),
                "room": str(s.room) if s.room else None,
                "address": s.room.site.address if s.room else None,
            }
            for s in sessions_for_learner(learner=learner)
        ],
        "attendance": [
            {
                "program": a.session.program.name,
                "session": a.session.title,
                "starts_at": _when(a.session.starts_at),
                "status": a.status,
            }
            for a in attendance.order_by("session__starts_at")
        ],
        "excusal_letters": [
            {
                "program": e.program.name,
                "status": e.excusal_letter.status,
                "sent_at": _when(e.excusal_letter.sent_at),
                "sent_to": e.excusal_letter.sent_to,
            }
            for e in enrollments
            if hasattr(e, "excusal_letter")
        ],
        "assessment_responses": [
            {
                "program": r.administration.instrument.program.name,
                "instrument": r.administration.instrument.title,
                "administration": r.administration.kind,
                "status": r.status,
                "submitted_at": _when(r.submitted_at),
                "knowledge_correct": r.knowledge_correct,
                "knowledge_total": r.knowledge_total,
                "answers": [_answer(answer) for answer in r.answers.all()],
            }
            for r in responses
        ],
        "session_evaluations": [
            {
                "program": e.session.program.name,
                "session": e.session.title,
                "overall": e.overall,
                "relevance": e.relevance,
                "changed_view": e.changed_view,
                "comment": e.comment,
                "faculty_ratings": [
                    {"faculty_member": r.faculty_member.full_name, "effectiveness": r.effectiveness}
                    for r in e.faculty_ratings.all()
                ],
                "submitted_at": _when(e.submitted_at),
            }
            for e in session_evaluations
        ],
        "course_evaluations": [
            {
                "program": e.program.name,
                "overall": e.overall,
                "most_valuable": e.most_valuable,
                "least_valuable": e.least_valuable,
                "topics_to_add": e.topics_to_add,
                "submitted_at": _when(e.submitted_at),
            }
            for e in course_evaluations.order_by("submitted_at")
        ],
        "calendar_feed": _calendar_feed(learner),
        "notifications": [
            {
                "assessment": n.administration.instrument.title,
                "administration": n.administration.kind,
                "kind": n.key,
                "sent_at": _when(n.sent_at),
            }
            for n in notifications
        ],
        "deletion_requests": [
            {"requested_at": _when(d.requested_at), "completed_at": _when(d.completed_at)}
            for d in deletion_requests
        ],
    }


def open_deletion_requests():
    return DeletionRequest.objects.filter(completed_at__isnull=True).select_related("learner")


def open_deletion_request_for(*, learner: Learner) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(learner=learner, completed_at__isnull=True).first()
