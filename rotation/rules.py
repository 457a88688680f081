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
