"""Program writes: the archive guard, programs and their topics."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from partners.models import Organization
from rotation.competencies import SbpCompetency
from rotation.models import Program, ProgramPartner, Topic, User


class ProgramArchived(ValidationError):
    """A write to an archived program; views show its message instead of an error page."""

    def __init__(self, program: Program):
        super().__init__(
            f"{program.name} is archived: it can be read but no longer changed. "
            "Site staff can unarchive it."
        )
        self.program = program


def ensure_program_is_active(program: Program) -> None:
    """The one guard every write service of a program calls first."""
    if program.is_archived:
        raise ProgramArchived(program)


def archive_program(*, program: Program) -> Program:
    """Make the program read-only; it stays visible to its directors, learners and reports."""
    if not program.is_archived:
        program.archived_at = timezone.now()
        program.save(update_fields=["archived_at"])
    return program


def unarchive_program(*, program: Program) -> Program:
    program.archived_at = None
    program.save(update_fields=["archived_at"])
    return program


def unique_program_slug(*, name: str, academic_year: str) -> str:
    base = slugify(f"{name} {academic_year}")[:70] or "program"
    slug, number = base, 2
    while Program.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


PROGRAM_FIELDS = (
    "name",
    "academic_year",
    "format",
    "start_date",
    "end_date",
    "description",
    "goals",
    "is_schedule_public",
    "liaisons_may_invite_faculty",
)


def save_program(
    *,
    program: Program | None,
    fields: dict,
    partners: Iterable[tuple[Organization, str]],
    directors: Iterable[User],
    saved_by: User,
) -> Program:
    """Create or change a program with its partners (and their role) and its directors.
    Whoever creates a program directs it; a director cannot remove the last director."""
    if program is not None:
        ensure_program_is_active(program)
    partners, directors = list(partners), list(directors)
    if fields["end_date"] < fields["start_date"]:
        raise ValidationError("The program must end on or after its first day.")
    organizations = [organization.pk for organization, _role in partners]
    if len(organizations) != len(set(organizations)):
        raise ValidationError("Each partner organization can be listed only once.")
    with transaction.atomic():
        if program is None:
            program = Program(
                slug=unique_program_slug(name=fields["name"], academic_year=fields["academic_year"])
            )
            directors = [saved_by, *directors]
        for name in PROGRAM_FIELDS:
            setattr(program, name, fields[name])
        program.save()
        if not directors:
            raise ValidationError("A program needs at least one course director.")
        program.directors.set({user.pk for user in directors})
        program.partnerships.exclude(organization__in=organizations).delete()
        existing = {p.organization_id: p for p in program.partnerships.all()}
        for organization, role in partners:
            partnership = existing.get(organization.pk) or ProgramPartner(
                program=program, organization=organization
            )
            if partnership.role != role:
                partnership.role = role
                partnership.save()
    return program


def save_topic(
    *,
    program: Program,
    title: str,
    description: str = "",
    learning_objectives: str = "",
    proposed_by: Organization | None = None,
    sbp_competencies: Iterable[str] = (),
    topic: Topic | None = None,
) -> Topic:
    ensure_program_is_active(program)
    duplicate = Topic.objects.filter(program=program, title__iexact=title.strip())
    if topic is not None:
        duplicate = duplicate.exclude(pk=topic.pk)
    if duplicate.exists():
        raise ValidationError(f"The program already has a topic called “{title.strip()}”.")
    unknown = set(sbp_competencies) - set(SbpCompetency.values)
    if unknown:
        raise ValidationError(
            f"Unknown SBP sub-competency {', '.join(sorted(unknown))}: use "
            f"{', '.join(SbpCompetency.values)}."
        )
    topic = topic or Topic(program=program)
    topic.title = title.strip()
    topic.description = description
    topic.learning_objectives = learning_objectives
    topic.proposed_by = proposed_by
    topic.sbp_competencies = sorted(set(sbp_competencies))
    topic.save()
    return topic
