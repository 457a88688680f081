"""Who may direct, change and archive programs, and who attends them: rotation's permissions,
built from the role predicates in accounts.roles."""

import rules

from accounts.roles import is_learner, is_program_director, is_staff

rules.add_perm("rotation.direct_programs", is_program_director | is_staff)
rules.add_perm("rotation.view_program", is_program_director | is_staff)
rules.add_perm("rotation.change_program", is_program_director | is_staff)
rules.add_perm("rotation.attend_programs", is_learner)
rules.add_perm("rotation.add_program", is_program_director | is_staff)
rules.add_perm("rotation.copy_program", is_program_director | is_staff)
rules.add_perm("rotation.archive_program", is_program_director | is_staff)
rules.add_perm("rotation.unarchive_program", is_staff)
rules.add_perm("rotation.export_attendance", is_program_director | is_staff)


@rules.predicate
def is_liaison_of_a_partner(user, program) -> bool:
    """A liaison of one of the program's partner organizations."""
    if not user.is_authenticated or program is None:
        return False
    return program.partnerships.filter(organization__liaisons=user).exists()


# A partner's liaison invites colleagues of other local organizations into the faculty pool
# (refused with a message unless the program's directors allow it: rotation.services.pool).
rules.add_perm("rotation.invite_to_faculty_pool", is_liaison_of_a_partner | is_staff)
