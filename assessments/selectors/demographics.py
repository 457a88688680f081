"""Reads of the optional demographic questions and answers."""

from django.db.models import QuerySet

from assessments.models import DEMOGRAPHIC_FIELDS, DemographicAnswers, EvaluationSettings
from rotation.models import Enrollment, Learner, Program


def demographic_fields_of(*, program: Program) -> list[str]:
    """The fields the program asks, in DEMOGRAPHIC_FIELDS order; [] when it asks none."""
    settings = EvaluationSettings.objects.filter(program=program).first()
    asked = set(settings.demographic_fields) if settings else set()
    return [name for name in DEMOGRAPHIC_FIELDS if name in asked]


def demographic_answers_of(*, learner: Learner, program: Program) -> DemographicAnswers | None:
    return DemographicAnswers.objects.filter(learner=learner, program=program).first()


def programs_asking_learner(*, learner: Learner) -> QuerySet[Program]:
    """The learner's enrolled programs that ask demographic questions they have not answered:
    one query."""
    return (
        Program.objects.filter(
            enrollments__learner=learner,
            enrollments__status=Enrollment.Status.ENROLLED,
            archived_at__isnull=True,
            evaluation_settings__isnull=False,
        )
        .exclude(evaluation_settings__demographic_fields=[])
        .exclude(demographic_answers__learner=learner)
        .order_by("-start_date")
    )
