"""Who may request and read reports: a program's directors and site staff."""

import rules

from accounts.roles import is_faculty, is_program_director, is_staff

rules.add_perm("reports.view_program_reports", is_program_director | is_staff)
rules.add_perm("reports.view_own_feedback", is_faculty)
# Benchmarking across years and programs: staff compare every program, a director their own.
rules.add_perm("reports.view_benchmarking", is_program_director | is_staff)
