"""Who may manage a partner, its faculty, volunteers and materials. Views and templates check
these named permissions; the access-checked lookups in partners/selectors.py agree with them."""

import rules

from rotation.rules import is_faculty, is_partner_liaison, is_program_director, is_staff


@rules.predicate
def manages_organization(user, organization) -> bool:
    """A liaison of the organization, a director of a program it partners in, or staff."""
    if not user.is_authenticated or organization is None:
        return False
    if user.is_staff or organization.liaisons.filter(pk=user.pk).exists():
        return True
    return organization.partnerships.filter(program__directors=user).exists()


@rules.predicate
def is_the_faculty_member(user, faculty_member) -> bool:
    return (
        user.is_authenticated and faculty_member is not None and faculty_member.user_id == user.pk
    )


@rules.predicate
def manages_faculty_member(user, faculty_member) -> bool:
    return faculty_member is not None and manages_organization(user, faculty_member.organization)


@rules.predicate
def directs_session_program(user, session) -> bool:
    return session is not None and is_program_director(user, session.program)


@rules.predicate
def teaches_session(user, session) -> bool:
    """Linked to a faculty member on the session who has not declined it."""
    if not user.is_authenticated or session is None or not hasattr(user, "faculty_profile"):
        return False
    return (
        session.faculty_assignments.filter(faculty_member__user=user)
        .exclude(confirmation="declined")
        .exists()
    )


@rules.predicate
def attends_session(user, session) -> bool:
    """An enrolled learner of the session's program, once the session is published."""
    if not user.is_authenticated or session is None or not hasattr(user, "learner_profile"):
        return False
    return (
        session.status == "published"
        and session.program.enrollments.filter(learner__user=user, status="enrolled").exists()
    )


# Role gates: who may open the partner pages at all (objects are then looked up with access).
rules.add_perm("partners.manage_partners", is_partner_liaison | is_program_director | is_staff)
rules.add_perm("partners.manage_organization", manages_organization)
rules.add_perm("partners.change_faculty_member", manages_faculty_member | is_the_faculty_member)
rules.add_perm("partners.view_faculty_photo", manages_faculty_member | is_the_faculty_member)
rules.add_perm("partners.volunteer", is_faculty)
rules.add_perm("partners.review_volunteers", is_program_director | is_staff)
rules.add_perm("partners.upload_material", teaches_session | directs_session_program | is_staff)
rules.add_perm(
    "partners.view_material",
    teaches_session | directs_session_program | attends_session | is_staff,
)
