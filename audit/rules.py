"""Who reads the audit trail: site staff all of it, a program's directors their program's."""

import rules

from accounts.roles import is_program_director, is_staff

rules.add_perm("audit.view_all_events", is_staff)
rules.add_perm("audit.view_program_events", is_program_director | is_staff)
