"""The comparison group: residents who do not take the program but take its pre and post."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import ComparisonMember
from audit.services import record_event
from rotation.models import Enrollment, Program, User
from rotation.services.programs import ensure_program_is_active
from rotation.services.roster import LEARNER_FIELDS, learner_with_account


def add_comparison_learners(
    *, program: Program, rows: list[dict], now: datetime, actor: User | None = None
) -> int:
    """Add every validated roster row (as `rotation.importing.parse_roster` cleans them) to
    the program's comparison group, all or none; returns how many were new. A resident enrolled
    in the program cannot be their own comparison."""
    ensure_program_is_active(program)
    emails = {row["email"].strip().lower() for row in rows}
    enrolled = sorted(
        Enrollment.objects.filter(program=program, learner__email__in=emails).values_list(
            "learner__email", flat=True
        )
    )
    if enrolled:
        raise ValidationError(
            f"Enrolled in {program.name}, so not a comparison: {', '.join(enrolled)}."
        )
    added = 0
    with transaction.atomic():
        for row in rows:
            learner, _, _ = learner_with_account(
                email=row["email"], **{name: row[name] for name in LEARNER_FIELDS if name in row}
            )
            member, created = ComparisonMember.objects.get_or_create(
                program=program, learner=learner, defaults={"added_at": now}
            )
            if created:
                record_event(actor=actor, action="comparison.added", target=member, program=program)
                added += 1
    return added
