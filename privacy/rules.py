"""Who may see or erase a learner's record: the learner their own, site staff anyone's."""

import rules

from accounts.roles import is_learner, is_staff

rules.add_perm("privacy.export_own_data", is_learner)
rules.add_perm("privacy.manage_learner_data", is_staff)
