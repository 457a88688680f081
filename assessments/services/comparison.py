"""The comparison group: residents who do not take the program but take its pre and post."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import ComparisonLink, ComparisonMember
from assessments.services.queueing import queue_comparison_link
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


# --- Sign-up links sent to residency programs ---------------------------------------------------

LINK_DAYS = (1, 90)  # how long a link may be valid


def send_comparison_link(
    *,
    program: Program,
    residency_program: str,
    program_director_name: str,
    program_director_email: str,
    days: int,
    now: datetime,
    actor: User | None = None,
) -> ComparisonLink:
    """Make a sign-up link for one residency program, valid `days`, and email it to its program
    director (through the outbox, once the link is saved); audited."""
    ensure_program_is_active(program)
    if not LINK_DAYS[0] <= days <= LINK_DAYS[1]:
        raise ValidationError(
            f"A link is valid for {LINK_DAYS[0]} to {LINK_DAYS[1]} days, not {days}."
        )
    with transaction.atomic():
        link = ComparisonLink.objects.create(
            program=program,
            residency_program=residency_program.strip(),
            program_director_name=program_director_name.strip(),
            program_director_email=program_director_email.strip().lower(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        record_event(
            actor=actor,
            action="comparison.link_sent",
            target=link,
            program=program,
            changes={"sent to": [None, link.program_director_email], "days": [None, days]},
        )
        queue_comparison_link(link_id=link.pk)
    return link


def join_comparison_group(*, link: ComparisonLink, fields: dict, now: datetime) -> bool:
    """A resident signs up through a link: they join the program's comparison group (a learner
    and an account without a password, if new) with the link's residency program and director.
    Returns whether they were added; signing up again, or being enrolled in the program, adds
    nothing (the page says the same either way, so it tells nobody who is on file)."""
    ensure_program_is_active(link.program)
    if link.expires_at <= now:
        raise ValidationError("This sign-up link has expired.")
    email = fields["email"].strip().lower()
    with transaction.atomic():
        # One sign-up at a time per link: a double click finds the first one's row.
        ComparisonLink.objects.select_for_update().get(pk=link.pk)
        if Enrollment.objects.filter(program=link.program, learner__email__iexact=email).exists():
            return False
        learner, _, _ = learner_with_account(
            email=email,
            kind="resident",
            first_name=fields["first_name"].strip(),
            last_name=fields["last_name"].strip(),
            pgy_level=fields["pgy_level"],
            residency_program=link.residency_program,
            program_director_name=link.program_director_name,
            program_director_email=link.program_director_email,
        )
        member, created = ComparisonMember.objects.get_or_create(
            program=link.program, learner=learner, defaults={"added_at": now, "link": link}
        )
        if created:
            record_event(
                actor=None, action="comparison.joined", target=member, program=link.program
            )
    return created
