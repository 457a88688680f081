"""Who may teach, volunteer, review volunteers and share session materials. Views and templates
check these named permissions; the access-checked lookups in teaching/selectors/ agree."""

import rules

from accounts.roles import (
    is_enrolled_learner,
    is_faculty,
    is_program_director,
    is_session_director,
    is_session_faculty,
    is_staff,
)

rules.add_perm("teaching.teach", is_faculty)
rules.add_perm("teaching.volunteer", is_faculty)
rules.add_perm("teaching.review_volunteers", is_program_director | is_staff)
rules.add_perm("teaching.upload_material", is_session_faculty | is_session_director | is_staff)
rules.add_perm(
    "teaching.view_material",
    is_session_faculty | is_session_director | is_enrolled_learner | is_staff,
)
