"""Learner writes: enrollment, roster import and withdrawal."""

from dataclasses import dataclass

from django.db import transaction

from audit.services import record_event
from rotation.models import Enrollment, Learner, Program, User
from rotation.services.programs import ensure_program_is_active
from rotation.services.queueing import queue_invitation

LEARNER_FIELDS = (
    "first_name",
    "last_name",
    "residency_program",
    "pgy_level",
    "program_director_name",
    "program_director_email",
)


def enroll_learner(
    *, program: Program, email: str, base_url: str, actor: User | None = None, **fields
) -> tuple[bool, bool]:
    """Enroll a learner by email, creating their learner record and account (with an emailed
    invitation to set a password) if they are new. Idempotent: enrolling again changes nothing.
    Returns (learner_created, enrollment_created)."""
    ensure_program_is_active(program)
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    learner = Learner.objects.filter(email__iexact=email).first()
    learner_created = learner is None
    if learner is None:
        learner = Learner(email=email, **{name: fields[name] for name in LEARNER_FIELDS})
        learner.full_clean()
        learner.save()
    if learner.user_id is None:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, first_name=learner.first_name, last_name=learner.last_name
            )  # no password: the invitation lets them choose one
            EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
            queue_invitation(user_id=user.pk, program_id=program.pk, base_url=base_url)
        learner.user = user
        learner.save(update_fields=["user"])
    with transaction.atomic():
        enrollment, enrollment_created = Enrollment.objects.get_or_create(
            program=program, learner=learner
        )
        if enrollment_created:
            record_event(
                actor=actor,
                action="enrollment.enrolled",
                target=enrollment,
                program=program,
                changes={"status": [None, enrollment.status]},
            )
        elif enrollment.status != Enrollment.Status.ENROLLED:
            reenroll_learner(enrollment=enrollment, actor=actor)
            enrollment_created = True
    return learner_created, enrollment_created


@dataclass(frozen=True)
class ImportOutcome:
    learners_created: int
    enrollments_created: int
    unchanged: int


def import_roster(
    *, program: Program, rows: list[dict], base_url: str, actor: User | None = None
) -> ImportOutcome:
    """Enroll every validated roster row in one transaction: all rows or none."""
    ensure_program_is_active(program)
    learners_created = enrollments_created = 0
    with transaction.atomic():
        for data in rows:
            fields = {name: data[name] for name in LEARNER_FIELDS}
            new_learner, new_enrollment = enroll_learner(
                program=program, email=data["email"], base_url=base_url, actor=actor, **fields
            )
            learners_created += new_learner
            enrollments_created += new_enrollment
    return ImportOutcome(
        learners_created=learners_created,
        enrollments_created=enrollments_created,
        unchanged=len(rows) - enrollments_created,
    )


def _change_status(*, enrollment: Enrollment, status: str, action: str, actor: User | None) -> None:
    ensure_program_is_active(enrollment.program)
    with transaction.atomic():
        before = enrollment.status
        enrollment.status = status
        enrollment.save(update_fields=["status"])
        record_event(
            actor=actor,
            action=action,
            target=enrollment,
            program=enrollment.program,
            changes={"status": [before, enrollment.status]},
        )


def withdraw_learner(*, enrollment: Enrollment, actor: User | None = None) -> None:
    """Take a learner off the roster; their record and attendance stay (re-enrolling undoes)."""
    _change_status(
        enrollment=enrollment,
        status=Enrollment.Status.WITHDRAWN,
        action="enrollment.withdrawn",
        actor=actor,
    )


def reenroll_learner(*, enrollment: Enrollment, actor: User | None = None) -> None:
    """Put a withdrawn learner back on the roster (the undo of withdraw_learner)."""
    _change_status(
        enrollment=enrollment,
        status=Enrollment.Status.ENROLLED,
        action="enrollment.enrolled",
        actor=actor,
    )
