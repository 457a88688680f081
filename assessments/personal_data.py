"""What assessments keep about a learner, for privacy's "My data" export: their responses with
every answer, the evaluations they gave, the notices they were sent and the comparison groups
they are in, and their optional demographic answers. Deleting an account erases the
demographic answers only: the rest stays under the learner's code so course statistics hold."""

from django.db.models import Prefetch

from assessments.models import (
    DEMOGRAPHIC_FIELDS,
    Answer,
    ComparisonMember,
    CourseEvaluation,
    DemographicAnswers,
    FacultyRating,
    Notification,
    Response,
    SessionEvaluation,
)
from rotation.models import Learner
from rotation.personal_data import when


def export(*, learner: Learner) -> dict:
    """Eight queries whatever the number of responses and evaluations."""
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
    memberships = (
        ComparisonMember.objects.filter(learner=learner)
        .select_related("program", "link")
        .order_by("added_at", "pk")
    )
    demographics = DemographicAnswers.objects.filter(learner=learner).select_related("program")
    return {
        "demographics": [
            {
                "program": d.program.name,
                **{name: _label(name, getattr(d, name)) for name in DEMOGRAPHIC_FIELDS},
                "updated_at": when(d.updated_at),
            }
            for d in demographics.order_by("updated_at", "pk")
        ],
        "comparison_groups": [
            {
                "program": m.program.name,
                "academic_year": m.program.academic_year,
                "added_at": when(m.added_at),
                "joined_through": (
                    f"a sign-up link sent to {m.link.residency_program}"
                    if m.link
                    else "added by a course director"
                ),
            }
            for m in memberships
        ],
        "assessment_responses": [
            {
                "program": r.administration.instrument.program.name,
                "instrument": r.administration.instrument.title,
                "administration": r.administration.kind,
                "status": r.status,
                "submitted_at": when(r.submitted_at),
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
                "submitted_at": when(e.submitted_at),
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
                "submitted_at": when(e.submitted_at),
            }
            for e in course_evaluations.order_by("submitted_at")
        ],
        "notifications": [
            {
                "assessment": n.administration.instrument.title,
                "administration": n.administration.kind,
                "kind": n.key,
                "sent_at": when(n.sent_at),
            }
            for n in notifications
        ],
    }


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
        "answered_at": when(answer.answered_at),
    }


def _label(field: str, value: str) -> str | None:
    return dict(DEMOGRAPHIC_FIELDS[field][1]).get(value) if value else None


def erase(*, learner: Learner, code: str, email: str) -> None:
    """Demographic answers go with the account: unlike answers to assessments, nothing needs
    them to keep statistics whole."""
    DemographicAnswers.objects.filter(learner=learner).delete()
