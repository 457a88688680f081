"""A program's faculty pool opened to partners: a partner's liaison invites a colleague from
another local organization, when the program's directors allow it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import record_event
from partners.models import FacultyMember, Organization
from partners.services import invite_faculty, save_faculty_member
from rotation.models import PoolMember, Program
from rotation.services.programs import ensure_program_is_active


def invite_colleague(
    *,
    program: Program,
    organization: Organization,
    first_name: str,
    last_name: str,
    email: str,
    title: str = "",
    invited_by,
    base_url: str = "",
) -> PoolMember:
    """Put the colleague (a faculty member of `organization`, made if new) into the program's
    pool and email them the faculty invitation (unless they have an account already)."""
    ensure_program_is_active(program)
    if not program.liaisons_may_invite_faculty:
        raise ValidationError(
            f"The course directors of {program.name} have not opened its faculty pool to "
            "colleagues invited by partners. Ask them to allow it on the program's settings."
        )
    if organization.liaisons.filter(pk=invited_by.pk).exists():
        raise ValidationError(
            f"Colleagues of {organization.name} are added on its own faculty page; "
            "choose another local organization."
        )
    email = email.strip().lower()
    member = FacultyMember.objects.filter(email__iexact=email).first()
    if member is not None and member.organization_id != organization.pk:
        raise ValidationError(
            f"{email} is a faculty member of {member.organization.name}; choose that organization."
        )
    with transaction.atomic():
        if member is None:
            member = save_faculty_member(
                faculty_member=FacultyMember(
                    organization=organization,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    email=email,
                    title=title.strip(),
                ),
                expertise=[],
                actor=invited_by,
            )
        entry, created = PoolMember.objects.get_or_create(
            program=program, faculty_member=member, defaults={"invited_by": invited_by}
        )
        if not created and member.user_id is not None:
            raise ValidationError(f"{member.full_name} is in the faculty pool already.")
        record_event(
            actor=invited_by,
            action="program.faculty_invited",
            target=program,
            program=program,
            changes={"faculty pool": [None, f"{member.full_name} ({organization.name})"]},
        )
        if member.user_id is None:
            invite_faculty(faculty_member=member, invited_by=invited_by, base_url=base_url)
    return entry
