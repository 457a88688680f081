"""Who may manage a partner, its sites, rooms and faculty. Views and templates check these named
permissions; the access-checked lookups in partners/selectors.py agree with them."""

import rules

from accounts.roles import is_partner_liaison, is_program_director, is_staff, is_taught_by


@rules.predicate
def manages_organization(user, organization) -> bool:
    """A liaison of the organization, a director of a program it partners in, whoever added it
    to the directory, or staff."""
    if not user.is_authenticated or organization is None:
        return False
    if user.is_staff or organization.created_by_id == user.pk:
        return True
    if organization.liaisons.filter(pk=user.pk).exists():
        return True
    return organization.partnerships.filter(program__directors=user).exists()


@rules.predicate
def directs_program_with(user, organization) -> bool:
    """A director of a program the organization partners in (agreements are theirs to write)."""
    if not user.is_authenticated or organization is None:
        return False
    return organization.partnerships.filter(program__directors=user).exists()


@rules.predicate
def is_the_faculty_member(user, faculty_member) -> bool:
    return (
        user.is_authenticated and faculty_member is not None and faculty_member.user_id == user.pk
    )


@rules.predicate
def manages_faculty_member(user, faculty_member) -> bool:
    return faculty_member is not None and manages_organization(user, faculty_member.organization)


# Role gates: who may open the partner pages at all (objects are then looked up with access).
rules.add_perm("partners.liaise", is_partner_liaison | is_staff)
rules.add_perm("partners.change_organization", is_partner_liaison | is_staff)
rules.add_perm("partners.manage_partners", is_partner_liaison | is_program_director | is_staff)
rules.add_perm("partners.manage_organization", manages_organization)
rules.add_perm("partners.change_faculty_member", manages_faculty_member | is_the_faculty_member)
rules.add_perm(
    "partners.view_faculty_photo", manages_faculty_member | is_the_faculty_member | is_taught_by
)
# The directory: staff and course directors add organizations and invite their liaisons.
rules.add_perm("partners.add_organization", is_program_director | is_staff)

# Agreements: the organization's managers read them (the signed document too); its programs'
# directors and staff write and renew them. Contacts are kept by all who manage it.
rules.add_perm("partners.view_agreements", manages_organization)
rules.add_perm("partners.change_agreements", directs_program_with | is_staff)
rules.add_perm("partners.agreement_overview", is_program_director | is_staff)
