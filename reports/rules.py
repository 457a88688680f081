"""Who may request and read reports: a program's directors and site staff."""

import rules

from accounts.roles import is_faculty, is_program_director, is_staff

rules.add_perm("reports.view_program_reports", is_program_director | is_staff)
rules.add_perm("reports.view_own_feedback", is_faculty)
rules.add_perm("reports.enable_research_demographics", is_staff)
