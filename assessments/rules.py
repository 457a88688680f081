"""Who may do what with assessments. Object access is checked again by the selectors'
access-checked lookups (get_*_for_director / get_*_for_learner), which 404 on another's data."""

import rules

from accounts.roles import is_learner, is_program_director, is_staff

rules.add_perm("assessments.take", is_learner)
rules.add_perm("assessments.manage", is_program_director | is_staff)
