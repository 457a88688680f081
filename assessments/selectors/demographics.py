"""Reads of the optional demographic questions and answers."""

from assessments.models import DEMOGRAPHIC_FIELDS, DemographicAnswers, EvaluationSettings
from assessments.selectors.due import LearnerProgram
from rotation.models import Learner, Program


def demographic_fields_of(*, program: Program) -> list[str]:
    """The fields the program asks, in DEMOGRAPHIC_FIELDS order; [] when it asks none."""
    settings = EvaluationSettings.objects.filter(program=program).first()
    asked = set(settings.demographic_fields) if settings else set()
    return [name for name in DEMOGRAPHIC_FIELDS if name in asked]


def demographic_answers_of(*, learner: Learner, program: Program) -> DemographicAnswers | None:
    return DemographicAnswers.objects.filter(learner=learner, program=program).first()


def programs_asking_learner(*, programs: list[LearnerProgram]) -> list[Program]:
    """Those of the learner's enrolled programs (learner_programs) that ask demographic
    questions the learner has not answered, in their order; an archived program asks nothing."""
    return [
        p.program
        for p in programs
        if p.demographic_fields and not p.has_demographic_answers and not p.program.is_archived
    ]
