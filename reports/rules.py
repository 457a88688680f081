"""Who may request and read reports: a program's directors and site staff."""

import rules

from accounts.roles import is_faculty, is_program_director, is_staff
from partners.rules import directs_program_with, manages_organization

rules.add_perm("reports.view_program_reports", is_program_director | is_staff)
rules.add_perm("reports.view_own_feedback", is_faculty)

# Quarterly partnership reviews: read by whoever manages the partner, held and recorded by the
# directors of its programs and staff.
rules.add_perm("reports.view_reviews", manages_organization)
rules.add_perm("reports.change_reviews", directs_program_with | is_staff)
