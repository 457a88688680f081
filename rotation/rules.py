"""Roles, derived from data: who directs, liaises, teaches or learns. Views and templates check
these named predicates through permissions; nothing else decides who may do what."""

import rules


@rules.predicate
def is_program_director(user, program=None) -> bool:
    """Directs this program, or (without a program) directs any program."""
    if not user.is_authenticated:
        return False
    if program is None:
        return user.directed_programs.exists()
    return program.directors.filter(pk=user.pk).exists()


@rules.predicate
def is_partner_liaison(user, organization=None) -> bool:
    """Liaison of this organization, or (without one) of any organization."""
    if not user.is_authenticated:
        return False
    if organization is None:
        return user.liaison_organizations.exists()
    return organization.liaisons.filter(pk=user.pk).exists()


@rules.predicate
def is_faculty(user) -> bool:
    return user.is_authenticated and hasattr(user, "faculty_profile")


@rules.predicate
def is_learner(user) -> bool:
    return user.is_authenticated and hasattr(user, "learner_profile")


is_staff = rules.is_staff

rules.add_perm("rotation.direct_programs", is_program_director | is_staff)
rules.add_perm("rotation.view_program", is_program_director | is_staff)
rules.add_perm("rotation.change_program", is_program_director | is_staff)
rules.add_perm("rotation.attend_programs", is_learner)
rules.add_perm("partners.liaise", is_partner_liaison | is_staff)
rules.add_perm("partners.change_organization", is_partner_liaison | is_staff)
rules.add_perm("partners.teach", is_faculty)
rules.add_perm("rotation.add_program", is_program_director | is_staff)
rules.add_perm("rotation.archive_program", is_program_director | is_staff)
rules.add_perm("rotation.unarchive_program", is_staff)
