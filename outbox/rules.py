"""Who may see the background jobs: site staff."""

import rules

from accounts.roles import is_staff

rules.add_perm("outbox.view_status", is_staff)
