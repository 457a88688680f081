"""Optional demographic answers: a learner gives or changes them (never required), and site
staff let a program's research export include them (audited)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import DEMOGRAPHIC_FIELDS, DemographicAnswers, EvaluationSettings
from assessments.selectors.demographics import demographic_fields_of
from audit.services import record_event
from rotation.models import Enrollment, Learner, Program, User
from rotation.services.programs import ensure_program_is_active


def save_demographic_answers(
    *, learner: Learner, program: Program, answers: dict[str, str], now: datetime
) -> DemographicAnswers:
    """Store the learner's answers to the questions the program asks; a question left empty
    stays unanswered. Refused for a program that asks none, or a learner not enrolled in it."""
    ensure_program_is_active(program)
    asked = demographic_fields_of(program=program)
    if not asked:
        raise ValidationError(f"{program.name} does not ask demographic questions.")
    if not Enrollment.objects.filter(
        program=program, learner=learner, status=Enrollment.Status.ENROLLED
    ).exists():
        raise ValidationError(f"You are not enrolled in {program.name}.")
    for name in asked:
        value = answers.get(name, "")
        if value and value not in dict(DEMOGRAPHIC_FIELDS[name][1]):
            raise ValidationError(f"“{value}” is not one of the answers to {name}.")
    with transaction.atomic():
        record, _ = DemographicAnswers.objects.select_for_update().get_or_create(
            learner=learner, program=program, defaults={"updated_at": now}
        )
        for name in asked:
            setattr(record, name, answers.get(name, ""))
        record.updated_at = now
        record.save()
    return record


def set_research_demographics(
    *, program: Program, enabled: bool, actor: User, now: datetime
) -> EvaluationSettings:
    """Site staff only: include (or stop including) the demographic answers in the program's
    de-identified research export. Audited with who, when and which program."""
    if not actor.is_staff:
        raise ValidationError("Only site staff can include demographics in a research export.")
    with transaction.atomic():
        settings, _ = EvaluationSettings.objects.select_for_update().get_or_create(program=program)
        before = settings.research_demographics_at is not None
        if before == enabled:
            return settings
        settings.research_demographics_at = now if enabled else None
        settings.research_demographics_by = actor if enabled else None
        settings.save(update_fields=["research_demographics_at", "research_demographics_by"])
        record_event(
            actor=actor,
            action="demographics.research_export",
            target=settings,
            program=program,
            changes={"demographics in the research export": [before, enabled]},
        )
    return settings
