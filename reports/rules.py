"""Who may request and read reports: a program's directors and site staff; faculty their own
feedback; learners their own milestone evidence."""

import rules

from accounts.roles import is_faculty, is_learner, is_program_director, is_staff
from partners.rules import directs_program_with, manages_organization

rules.add_perm("reports.view_program_reports", is_program_director | is_staff)
rules.add_perm("reports.view_own_feedback", is_faculty)
rules.add_perm("reports.export_milestones", is_program_director | is_staff)
rules.add_perm("reports.view_own_evidence", is_learner)
# Benchmarking across years and programs: staff compare every program, a director their own.
rules.add_perm("reports.view_benchmarking", is_program_director | is_staff)

# Quarterly partnership reviews: read by whoever manages the partner, held and recorded by the
# directors of its programs and staff.
rules.add_perm("reports.view_reviews", manages_organization)
rules.add_perm("reports.change_reviews", directs_program_with | is_staff)
rules.add_perm("reports.enable_research_demographics", is_staff)
